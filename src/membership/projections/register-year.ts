import type { MemberCategory } from '../domain/membership-events.js';
import type { MemberDoc } from './member-register.projection.js';
import { registerLine, type RegisterLine } from './register-queries.js';

type ExitCause = NonNullable<RegisterLine['exit']>['cause'];
const CATEGORIES: MemberCategory[] = ['worker', 'volunteer', 'user', 'financing', 'legal_person', 'special'];
const CAUSES: ExitCause[] = ['withdrawal', 'exclusion', 'death'];

/** The register on a date: members by category and by section, and the capital they have paid up. */
function registerOn(members: MemberDoc[], date: string) {
  const lines = members.map((m) => registerLine(m, date)).filter((l): l is RegisterLine => l !== null && l.exit === null);
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<MemberCategory, number>;
  const bySection = { ordinary: 0, volunteers: 0 };
  let paidUpCapitalCents = 0;
  for (const line of lines) {
    byCategory[line.category] += 1;
    bySection[line.section] += 1;
    paidUpCapitalCents += line.shares.paidCents - line.shares.refundedCents;
  }
  return { date, total: lines.length, byCategory, bySection, paidUpCapitalCents };
}

/**
 * The year in the register, for the social report and the directors' report (c.c. art. 2528
 * c. 5): members by category and section at the year's start and end, the exits of the year
 * with their causes (withdrawal, exclusion, death: c.c. art. 2532–2534), the capital paid up
 * by the members at the year's end and the shares refunded in the year (c.c. art. 2535).
 */
export function registerYear(members: MemberDoc[], year: number) {
  const inYear = (date: string | null) => date !== null && date.startsWith(`${year}-`);
  const exits = members
    .filter((m) => inYear(m.endedOn))
    .map((m) => ({
      memberId: m._id,
      memberNumber: m.memberNumber,
      category: m.category,
      endedOn: m.endedOn!,
      cause: m.endCause!,
    }))
    .sort((a, b) => a.endedOn.localeCompare(b.endedOn) || a.memberNumber - b.memberNumber);
  const exitsByCause = Object.fromEntries(CAUSES.map((c) => [c, exits.filter((e) => e.cause === c).length])) as Record<
    ExitCause,
    number
  >;
  const refunds = members.flatMap((m) =>
    m.shareMovements
      .filter((s) => s.kind === 'refunded' && inYear(s.date))
      .map((s) => ({ memberId: m._id, memberNumber: m.memberNumber, date: s.date, amountCents: s.amountCents })),
  );
  return {
    year,
    legalBasis: 'c.c. art. 2528 c. 5',
    start: registerOn(members, `${year - 1}-12-31`),
    end: registerOn(members, `${year}-12-31`),
    exits,
    exitsByCause,
    refunds: {
      count: refunds.length,
      amountCents: refunds.reduce((n, r) => n + r.amountCents, 0),
      lines: refunds.sort((a, b) => a.date.localeCompare(b.date)),
    },
  };
}
