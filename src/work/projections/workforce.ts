import { inForceOn, termsOn } from '../domain/pay.js';
import { ContractForm } from '../domain/work-events.js';
import type { ContractDoc } from './contracts.projection.js';

interface Tally {
  contracts: number;
  weeklyHours: number;
}
const tally = (): Tally => ({ contracts: 0, weeklyHours: 0 });
const add = (t: Tally, hours: number) => {
  t.contracts += 1;
  t.weeklyHours = Math.round((t.weeklyHours + hours) * 100) / 100;
};

/**
 * The workforce on a date, for the social report (DM 4 luglio 2019 § 6.4): the contracts in
 * force by form (L. 142/2001 art. 1 c. 3), by CCNL level, and by whether the worker is a
 * member, each with its contracts and weekly hours.
 */
export function workforceOn(contracts: ContractDoc[], asOf: string) {
  const inForce = contracts.filter((c) => inForceOn(c, asOf));
  const total = tally();
  const members = tally();
  const nonMembers = tally();
  const byForm = Object.fromEntries(ContractForm.options.map((f) => [f, tally()])) as Record<ContractForm, Tally>;
  const byLevel: Record<string, Tally> = {};
  for (const contract of inForce) {
    const terms = termsOn(contract, asOf);
    add(total, terms.weeklyHours);
    add(contract.worker.kind === 'member' ? members : nonMembers, terms.weeklyHours);
    add(byForm[terms.form], terms.weeklyHours);
    add((byLevel[terms.level ?? 'none'] ??= tally()), terms.weeklyHours);
  }
  const levels = Object.keys(byLevel).sort();
  return {
    asOf,
    contracts: total.contracts,
    weeklyHours: total.weeklyHours,
    members,
    nonMembers,
    byForm,
    byLevel: Object.fromEntries(levels.map((l) => [l, byLevel[l]!])),
  };
}
