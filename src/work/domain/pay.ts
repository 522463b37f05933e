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

/**
 * The agreement a contract that names none follows: the one whose table took effect first
 * (the cooperative's own CCNL, recorded before any other); ties go by name.
 */
export function defaultAgreement(tables: readonly PayTable[]): string | undefined {
  let first: PayTable | undefined;
  for (const t of tables)
    if (
      !first ||
      t.effectiveFrom < first.effectiveFrom ||
      (t.effectiveFrom === first.effectiveFrom && t.agreement < first.agreement)
    )
      first = t;
  return first?.agreement;
}

/**
 * The table of an agreement in force on a date: that agreement's latest whose effective date
 * is not after it (W2). A second agreement's table never replaces the first's for contracts
 * under the first. Without an agreement, the {@link defaultAgreement}'s.
 */
export function payTableOn(tables: readonly PayTable[], date: string, agreement?: string): PayTable | undefined {
  const of = agreement ?? defaultAgreement(tables);
  let found: PayTable | undefined;
  for (const table of tables)
    if (table.agreement === of && table.effectiveFrom <= date && (!found || table.effectiveFrom >= found.effectiveFrom))
      found = table;
  return found;
}

/** W2 on a date: a subordinate contract in force whose pay is below its level's minimum in its agreement's table. */
export interface BelowMinimum {
  contractId: string;
  agreement: string;
  tableEffectiveFrom: string;
  level: string;
  weeklyHours: number;
  grossMonthlyPayCents: number;
  minimumCents: number;
}

export function belowMinimumOn(contract: ContractHistory, tables: readonly PayTable[], date: string): BelowMinimum | null {
  if (!inForceOn(contract, date)) return null;
  const terms = termsOn(contract, date);
  if (terms.form !== 'subordinate' || terms.level === null) return null;
  const table = payTableOn(tables, date, terms.agreement);
  if (!table) return null;
  const minimum = minimumPayCents(table, terms.level, terms.weeklyHours);
  if (minimum === undefined || terms.grossMonthlyPayCents >= minimum) return null;
  return {
    contractId: contract.contractId,
    agreement: table.agreement,
    tableEffectiveFrom: table.effectiveFrom,
    level: terms.level,
    weeklyHours: terms.weeklyHours,
    grossMonthlyPayCents: terms.grossMonthlyPayCents,
    minimumCents: minimum,
  };
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
