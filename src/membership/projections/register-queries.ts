import { addDays, addYears, daysBetween } from '../../platform/dates.js';
import type { MemberCategory } from '../domain/membership-events.js';
import { sectionOf } from '../domain/membership-events.js';
import type { ApplicationDoc, CompositionChangeDoc, MemberDoc } from './member-register.projection.js';

/** One line of the register (libro soci) as of a date, without personal data (added by the caller). */
export interface RegisterLine {
  memberNumber: number;
  memberId: string;
  applicationId: string;
  category: MemberCategory;
  section: 'ordinary' | 'volunteers';
  admittedOn: string;
  boardResolutionId: string;
  shares: { count: number; subscribedCents: number; paidCents: number; refundedCents: number };
  exit: { date: string; cause: 'withdrawal' | 'exclusion' | 'death' } | null;
}

/**
 * The register as of `asOf` from the members' validity intervals: everyone admitted by
 * then, in the category they had then, with the shares moved by then and their exit if it
 * came by then. Without `asOf`, the register as it stands.
 */
export function registerLine(member: MemberDoc, asOf?: string): RegisterLine | null {
  if (asOf !== undefined && member.admittedOn > asOf) return null;
  const category = asOf === undefined ? member.category : categoryOn(member, asOf);
  const movements = asOf === undefined ? member.shareMovements : member.shareMovements.filter((m) => m.date <= asOf);
  const shares = { count: 0, subscribedCents: 0, paidCents: 0, refundedCents: 0 };
  for (const movement of movements) {
    if (movement.kind === 'subscribed') {
      shares.count += movement.count;
      shares.subscribedCents += movement.amountCents;
    } else if (movement.kind === 'paid') shares.paidCents += movement.amountCents;
    else shares.refundedCents += movement.amountCents;
  }
  const ended = member.endedOn !== null && (asOf === undefined || member.endedOn <= asOf);
  return {
    memberNumber: member.memberNumber,
    memberId: member._id,
    applicationId: member.applicationId,
    category,
    section: sectionOf(category),
    admittedOn: member.admittedOn,
    boardResolutionId: member.boardResolutionId,
    shares,
    exit: ended ? { date: member.endedOn!, cause: member.endCause! } : null,
  };
}

function categoryOn(member: MemberDoc, date: string): MemberCategory {
  const span = member.categories.find((s) => s.from <= date && (s.to === null || s.to > date));
  return (span ?? member.categories[0]!).category;
}

/** M2: applications undecided past 60 days, and rejections communicated after day 60. */
export function overdueApplications(applications: ApplicationDoc[], today: string) {
  const undecided = applications
    .filter((a) => a.status === 'pending' && daysBetween(a.appliedOn, today) > 60)
    .map((a) => ({
      applicationId: a._id,
      appliedOn: a.appliedOn,
      deadline: addDays(a.appliedOn, 60),
      daysPending: daysBetween(a.appliedOn, today),
    }));
  const lateRejections = applications
    .filter((a) => a.rejection && daysBetween(a.appliedOn, a.rejection.communicatedOn) > 60)
    .map((a) => ({
      applicationId: a._id,
      appliedOn: a.appliedOn,
      communicatedOn: a.rejection!.communicatedOn,
      daysToCommunication: daysBetween(a.appliedOn, a.rejection!.communicatedOn),
    }));
  return { rule: 'M2', legalBasis: 'c.c. art. 2528 c. 2', undecided, lateRejections };
}

/** M3: appeals the assembly has still to decide. */
export function appealsAwaiting(applications: ApplicationDoc[]) {
  return applications
    .filter((a) => a.status === 'appealed')
    .map((a) => ({ applicationId: a._id, appealedOn: a.appeal!.appealedOn, rejectedOn: a.rejection?.decidedOn ?? null }));
}

/** M7: withdrawal requests the board has not examined, overdue after 60 days (c.c. art. 2532 c. 2). */
export function pendingWithdrawals(members: MemberDoc[], today: string) {
  return members
    .filter((m) => m.status === 'active' && m.withdrawal && m.withdrawal.outcome === null)
    .map((m) => ({
      memberId: m._id,
      memberNumber: m.memberNumber,
      requestedOn: m.withdrawal!.requestedOn,
      deadline: addDays(m.withdrawal!.requestedOn, 60),
      overdue: daysBetween(m.withdrawal!.requestedOn, today) > 60,
    }));
}

/**
 * M7b: shares to refund within 180 days of the approval of the financial statements of the
 * year membership ended (c.c. art. 2535 c. 3). Until governance records the approval, it is
 * taken at the latest ordinary term, 120 days after the year's close (c.c. art. 2364 c. 2).
 */
export function refundsDue(members: MemberDoc[], today: string) {
  return members
    .filter((m) => m.status === 'ended' && m.shares.paidCents > m.shares.refundedCents)
    .map((m) => {
      const year = Number(m.endedOn!.slice(0, 4));
      const approval = addDays(`${year}-12-31`, 120);
      const dueBy = addDays(approval, 180);
      return {
        memberId: m._id,
        memberNumber: m.memberNumber,
        endedOn: m.endedOn,
        amountCents: m.shares.paidCents - m.shares.refundedCents,
        assumedApprovalOn: approval,
        dueBy,
        overdue: today > dueBy,
      };
    });
}

/** Admissions and rejections of a year, with reasons, for the directors' report (c.c. art. 2528 c. 5). */
export function admissionsOfYear(applications: ApplicationDoc[], members: MemberDoc[], year: number) {
  const inYear = (date: string | undefined | null) => date?.startsWith(`${year}-`) ?? false;
  const numbers = new Map(members.map((m) => [m._id, m.memberNumber]));
  return {
    year,
    legalBasis: 'c.c. art. 2528 c. 5',
    admissions: applications
      .filter((a) => inYear(a.admission?.admittedOn))
      .map((a) => ({
        applicationId: a._id,
        memberId: a.memberId,
        memberNumber: numbers.get(a.memberId!) ?? null,
        category: a.category,
        ...a.admission!,
      }))
      .sort((x, y) => (x.memberNumber ?? 0) - (y.memberNumber ?? 0)),
    rejections: applications
      .filter((a) => inYear(a.rejection?.decidedOn))
      .map((a) => ({ applicationId: a._id, category: a.category, appliedOn: a.appliedOn, ...a.rejection!, appeal: a.appeal }))
      .sort((x, y) => x.decidedOn.localeCompare(y.decidedOn)),
  };
}

export interface CompositionPoint {
  date: string;
  total: number;
  volunteers: number;
  byCategory: Record<MemberCategory, number>;
}

/** Member counts by category after each date on which they changed. */
export function compositionSeries(changes: CompositionChangeDoc[]): CompositionPoint[] {
  const sorted = [...changes].sort(
    (a, b) => a.date.localeCompare(b.date) || a.position.localeCompare(b.position, 'en', { numeric: true }),
  );
  const counts: Record<MemberCategory, number> = { worker: 0, volunteer: 0, user: 0, financing: 0, legal_person: 0, special: 0 };
  const points: CompositionPoint[] = [];
  for (const change of sorted) {
    for (const [category, delta] of Object.entries(change.delta)) counts[category as MemberCategory] += delta ?? 0;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const point = { date: change.date, total, volunteers: counts.volunteer, byCategory: { ...counts } };
    if (points.at(-1)?.date === change.date) points[points.length - 1] = point;
    else points.push(point);
  }
  return points;
}

/**
 * Warnings from the composition over time: M4, volunteers above half of the members (which
 * only an exit can cause, admissions being refused), and M8, members below the statute's
 * minimum, with the date it started and the one-year deadline (c.c. art. 2522 c. 3).
 */
export function warnings(series: CompositionPoint[], minimumMembers: number) {
  const open: Array<Record<string, unknown>> = [];
  let volunteersSince: string | null = null;
  let belowSince: string | null = null;
  for (const point of series) {
    const excess = point.volunteers * 2 > point.total;
    volunteersSince = excess ? (volunteersSince ?? point.date) : null;
    const below = point.total < minimumMembers;
    belowSince = below ? (belowSince ?? point.date) : null;
  }
  const last = series.at(-1);
  if (last && volunteersSince)
    open.push({
      rule: 'M4',
      legalBasis: 'L. 381/1991 art. 2 c. 2',
      since: volunteersSince,
      detail: `volunteers are ${last.volunteers} of ${last.total} members, more than half`,
      volunteers: last.volunteers,
      members: last.total,
    });
  if (last && belowSince)
    open.push({
      rule: 'M8',
      legalBasis: 'c.c. art. 2522 c. 3',
      since: belowSince,
      deadline: addYears(belowSince, 1),
      detail: `${last.total} members, below the minimum of ${minimumMembers}; to be restored within one year`,
      members: last.total,
      minimum: minimumMembers,
    });
  return open;
}

/**
 * M7c: members of the special category (training or insertion) stay in it at most five
 * years (c.c. art. 2527 c. 3): each with the day the term ends, overdue ones flagged.
 */
export function specialCategoryTerms(members: MemberDoc[], today: string) {
  return members
    .filter((m) => m.status === 'active' && m.category === 'special')
    .map((m) => {
      const since = m.categories.at(-1)!.from;
      const termEndsOn = addYears(since, 5);
      return { memberId: m._id, memberNumber: m.memberNumber, since, termEndsOn, overdue: today > termEndsOn };
    });
}
