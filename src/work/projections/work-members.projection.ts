import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { MEMBER_CHANGE_TYPES, memberViewHandlers, type membershipEvents } from '../../membership/public-events.js';

export const WORK_MEMBERS = 'work-members';

export interface WorkMemberDoc extends Doc {
  admittedOn: string;
  endedOn: string | null;
  /** Every category the member has had, from its date (the first from admission). */
  categories: Array<{ from: string; category: string }>;
  /** The person as sealed in the application: opened through the vault for names, erased with it. */
  person: SealedPersonalData | null;
}

/** The register events that tell the work context who is a member, in which category, from when. */
export const MEMBER_FACT_TYPES: readonly string[] = MEMBER_CHANGE_TYPES;

type MembershipEvents = EventMapOf<typeof membershipEvents>;

/**
 * The work context's own view of the members, built from membership's events (never from
 * its internals): what W1 asks of a worker member on the day their contract starts. Its
 * documents are its own (every category with its date); how the member events reach them is
 * membership's `memberViewHandlers`, the same as governance's view, with this view's fold.
 */
export const workMembersProjector = defineProjector<MembershipEvents>({
  name: WORK_MEMBERS,
  version: 1,
  on: memberViewHandlers(foldMemberFact),
});

/**
 * Folds one of {@link MEMBER_FACT_TYPES} into a member's facts. Applying an event the facts
 * already hold changes nothing, so facts read from the view may be brought forward with the
 * events after the view's position without caring where exactly the view stood.
 */
export function foldMemberFact(member: WorkMemberDoc | null, type: string, data: Record<string, unknown>): WorkMemberDoc | null {
  if (type === 'MemberAdmitted') {
    const admittedOn = data.admittedOn as string;
    return {
      _id: data.memberId as string,
      admittedOn,
      endedOn: null,
      categories: [{ from: admittedOn, category: data.category as string }],
      person: member?.person ?? null,
    };
  }
  if (!member) return member;
  if (type === 'MemberCategoryChanged') {
    const step = { from: data.changedOn as string, category: data.to as string };
    const known = member.categories.some((c) => c.from === step.from && c.category === step.category);
    return known ? member : { ...member, categories: [...member.categories, step] };
  }
  if (type === 'MembershipEnded') return { ...member, endedOn: data.endedOn as string };
  return member;
}

/** W1's facts: whether the member is in the register on a date, and in which category. */
export function memberOn(member: WorkMemberDoc | null, date: string): { activeOn: boolean; category: string | null } {
  if (!member || member.admittedOn > date || (member.endedOn !== null && member.endedOn <= date))
    return { activeOn: false, category: null };
  let category: string | null = null;
  for (const step of member.categories) if (step.from <= date) category = step.category;
  return { activeOn: true, category };
}
