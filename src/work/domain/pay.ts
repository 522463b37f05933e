import type { ContractChanges, ContractTerms } from './work-events.js';

/** A pay table as recorded: minimums per level for full-time work, from a date. */
export interface PayTable {
  agreement: string;
  effectiveFrom: string;
  fullTimeWeeklyHours: number;
  minimumMonthlyPayCents: Record<string, number>;
}

/** A contract as its events tell it: the signed terms, every amendment from its date, the end. */
export interface ContractHistory {
  contractId: string;
  terms: ContractTerms;
  amendments: Array<{ effectiveFrom: string; changes: ContractChanges }>;
  endedOn: string | null;
}

/** The amendments with one more, in order of effect (those of one date in the order recorded). */
export function withAmendment(
  amendments: ContractHistory['amendments'],
  amendment: ContractHistory['amendments'][number],
): ContractHistory['amendments'] {
  const index = amendments.findIndex((a) => a.effectiveFrom > amendment.effectiveFrom);
  return index < 0 ? [...amendments, amendment] : [...amendments.slice(0, index), amendment, ...amendments.slice(index)];
}

/** The full-time hours assumed when no pay table is in force (the CCNL for social cooperatives: 38). */
export const DEFAULT_FULL_TIME_WEEKLY_HOURS = 38;

/** The terms in force on a date: the signed ones with every amendment effective by then, in order. */
export function termsOn(contract: ContractHistory, date: string): ContractTerms {
  let terms = contract.terms;
  for (const amendment of contract.amendments) if (amendment.effectiveFrom <= date) terms = { ...terms, ...amendment.changes };
  return terms;
}

/** Whether the contract is in force on a date: started, not past its term, not ended before. */
export function inForceOn(contract: ContractHistory, date: string): boolean {
  const terms = termsOn(contract, date);
  return (
    terms.startsOn <= date &&
    (terms.endsOn === null || terms.endsOn >= date) &&
    (contract.endedOn === null || contract.endedOn >= date)
  );
}

/**
 * The contract's last day as recorded: its end, else its term as last amended (null while
 * open-ended). An approximation only where an amendment moved the term back and forth.
 */
export function lastDayOf(contract: ContractHistory): string | null {
  const term = contract.amendments.reduce<string | null>(
    (endsOn, a) => (a.changes.endsOn !== undefined ? a.changes.endsOn : endsOn),
    contract.terms.endsOn,
  );
  if (contract.endedOn === null) return term;
  return term === null || contract.endedOn < term ? contract.endedOn : term;
}

/** The table in force on a date: the latest whose effective date is not after it. */
export function payTableOn(tables: readonly PayTable[], date: string): PayTable | undefined {
  let found: PayTable | undefined;
  for (const table of tables)
    if (table.effectiveFrom <= date && (!found || table.effectiveFrom >= found.effectiveFrom)) found = table;
  return found;
}

/** W2: the collective agreement's minimum for a level, proportional to the weekly hours; rounded up to the cent. */
export function minimumPayCents(table: PayTable, level: string, weeklyHours: number): number | undefined {
  const fullTime = table.minimumMonthlyPayCents[level];
  if (fullTime === undefined) return undefined;
  return Math.ceil((fullTime * Math.min(weeklyHours, table.fullTimeWeeklyHours)) / table.fullTimeWeeklyHours);
}

/**
 * W3 (D.Lgs. 112/2017 art. 13 c. 1): gross annual pay of the employees, compared on a
 * full-time-equivalent basis so that part-time work is not read as low pay.
 */
export function fullTimeEquivalentAnnualCents(terms: ContractTerms, fullTimeWeeklyHours: number): number {
  return Math.round((terms.grossMonthlyPayCents * 12 * fullTimeWeeklyHours) / terms.weeklyHours);
}

export const MAX_PAY_RATIO = 8;

export interface PayRatio {
  date: string;
  employees: number;
  highest: { contractId: string; annualCents: number } | null;
  lowest: { contractId: string; annualCents: number } | null;
  /** Highest over lowest, or null with fewer than one employee. */
  ratio: number | null;
}

/** W3 on one date, over the subordinate contracts in force then. */
export function payRatioOn(contracts: Iterable<ContractHistory>, tables: readonly PayTable[], date: string): PayRatio {
  const fullTime = payTableOn(tables, date)?.fullTimeWeeklyHours ?? DEFAULT_FULL_TIME_WEEKLY_HOURS;
  let highest: PayRatio['highest'] = null;
  let lowest: PayRatio['lowest'] = null;
  let employees = 0;
  for (const contract of contracts) {
    if (!inForceOn(contract, date)) continue;
    const terms = termsOn(contract, date);
    if (terms.form !== 'subordinate') continue;
    employees++;
    const annualCents = fullTimeEquivalentAnnualCents(terms, fullTime);
    if (!highest || annualCents > highest.annualCents) highest = { contractId: contract.contractId, annualCents };
    if (!lowest || annualCents < lowest.annualCents) lowest = { contractId: contract.contractId, annualCents };
  }
  const ratio = highest && lowest ? Math.round((highest.annualCents / lowest.annualCents) * 100) / 100 : null;
  return { date, employees, highest, lowest, ratio };
}
