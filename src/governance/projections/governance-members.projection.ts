import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { MEMBER_CHANGE_TYPES, memberViewHandlers, type membershipEvents } from '../../membership/public-events.js';

export const GOVERNANCE_MEMBERS = 'governance-members';

export interface GovernanceMemberDoc extends Doc {
  memberNumber: number;
  category: string;
  admittedOn: string;
  endedOn: string | null;
  /** The person's data as sealed in the application: opened through the vault, erased with it. */
  person: SealedPersonalData | null;
}

type MembershipEvents = EventMapOf<typeof membershipEvents>;

/**
 * Governance's own view of who is a member on a date, built from the membership context's
 * events (never from its internals): what G6 (directors) and G2 (voters, `votersList` in
 * `domain/voters-list.ts`) ask. Its documents are its own (the member's number, the category
 * now); how the member events reach them is membership's `memberViewHandlers`, the same as
 * work's view, with this view's fold.
 */
export const governanceMembersProjector = defineProjector<MembershipEvents>({
  name: GOVERNANCE_MEMBERS,
  version: 3,
  on: memberViewHandlers(foldMemberEvent),
});

/** The register events that change who is a member, in which category, until when. */
export const MEMBER_EVENT_TYPES: readonly string[] = MEMBER_CHANGE_TYPES;

/**
 * One of {@link MEMBER_EVENT_TYPES} folded into a member as the view keeps them (the sealed
 * person aside, which only names need). Folding an event the member already reflects changes
 * nothing, so a document read at or after a position may be brought forward from it.
 */
export function foldMemberEvent(
  member: GovernanceMemberDoc | null,
  type: string,
  data: Record<string, unknown>,
): GovernanceMemberDoc | null {
  if (type === 'MemberAdmitted')
    return {
      _id: data.memberId as string,
      memberNumber: data.memberNumber as number,
      category: data.category as string,
      admittedOn: data.admittedOn as string,
      endedOn: null,
      person: member?.person ?? null,
    };
  if (!member) return member;
  if (type === 'MemberCategoryChanged') return { ...member, category: data.to as string };
  if (type === 'MembershipEnded') return { ...member, endedOn: data.endedOn as string };
  return member;
}
