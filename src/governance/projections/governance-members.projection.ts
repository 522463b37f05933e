import { addDays } from '../../platform/dates.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';

export const GOVERNANCE_MEMBERS = 'governance-members';

export interface GovernanceMemberDoc extends Doc {
  memberNumber: number;
  category: string;
  admittedOn: string;
  endedOn: string | null;
  /** The person's data as sealed in the application: opened through the vault, erased with it. */
  person: SealedPersonalData | null;
}

/**
 * Governance's own view of who is a member on a date, built from the membership context's
 * events (never from its internals): what G6 (directors) and G2 (voters) ask.
 */
export const governanceMembersProjector: Projector = {
  name: GOVERNANCE_MEMBERS,
  version: 3,
  eventTypes: ['MembershipApplied', 'MemberAdmitted', 'MemberCategoryChanged', 'MembershipEnded'],
  async apply(event, context) {
    const members = context.collection<GovernanceMemberDoc>('members');
    const applicants = context.collection<Doc & { person: SealedPersonalData }>('applicants');
    if (event.type === 'MembershipApplied') {
      const { applicationId, applicant } = event.data as { applicationId: string; applicant: SealedPersonalData };
      await applicants.replaceOne({ _id: applicationId }, { _id: applicationId, person: applicant }, { upsert: true });
      return;
    }
    const data = event.data as Record<string, unknown>;
    const memberId = data.memberId as string;
    let member = foldMemberEvent(await members.findOne({ _id: memberId }), event.type, data);
    if (!member) return;
    if (event.type === 'MemberAdmitted') {
      const applicant = await applicants.findOne({ _id: data.applicationId as string });
      member = { ...member, person: applicant?.person ?? null };
    }
    await members.replaceOne({ _id: memberId }, member, { upsert: true });
  },
};

/** The register events that change who is a member, in which category, until when. */
export const MEMBER_EVENT_TYPES = ['MemberAdmitted', 'MemberCategoryChanged', 'MembershipEnded'];

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

export const isMemberOn = (member: GovernanceMemberDoc, date: string) =>
  member.admittedOn <= date && (member.endedOn === null || member.endedOn > date);

/** G2: members in the register for at least 90 days on the assembly's date. */
export const VOTING_SENIORITY_DAYS = 90;

export interface VoterLine {
  memberId: string;
  name?: string | null;
  memberNumber: number;
  category: string;
  votes: number;
  /** Why the member has no vote, when they have none. */
  reason: string | null;
}

/** The voters' list a president reads at the opening: every member, with the reason for each without a vote. */
export function votersList(members: GovernanceMemberDoc[], date: string, legalPersonVotes: number): VoterLine[] {
  return members
    .filter((m) => isMemberOn(m, date))
    .sort((a, b) => a.memberNumber - b.memberNumber)
    .map((m) => {
      const since = addDays(m.admittedOn, VOTING_SENIORITY_DAYS);
      const reason = since > date ? `in the register since ${m.admittedOn}: votes from ${since} (G2, c.c. art. 2538 c. 1)` : null;
      const votes = reason ? 0 : m.category === 'legal_person' ? legalPersonVotes : 1;
      return { memberId: m._id, memberNumber: m.memberNumber, category: m.category, votes, reason };
    });
}
