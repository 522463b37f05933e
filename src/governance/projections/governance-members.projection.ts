import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';

export const GOVERNANCE_MEMBERS = 'governance-members';

export interface GovernanceMemberDoc extends Doc {
  admittedOn: string;
  endedOn: string | null;
}

/**
 * Governance's own view of who is a member on a date, built from the membership context's
 * events (never from its internals): what G6 (directors) and, later, G2 (voters) ask.
 */
export const governanceMembersProjector: Projector = {
  name: GOVERNANCE_MEMBERS,
  version: 1,
  eventTypes: ['MemberAdmitted', 'MembershipEnded'],
  async apply(event, context) {
    const members = context.collection<GovernanceMemberDoc>('members');
    const data = event.data as { memberId: string; admittedOn?: string; endedOn?: string };
    if (event.type === 'MemberAdmitted')
      await members.replaceOne(
        { _id: data.memberId },
        { _id: data.memberId, admittedOn: data.admittedOn!, endedOn: null },
        { upsert: true },
      );
    else await members.updateOne({ _id: data.memberId }, { $set: { endedOn: data.endedOn! } });
  },
};

export const isMemberOn = (member: GovernanceMemberDoc, date: string) =>
  member.admittedOn <= date && (member.endedOn === null || member.endedOn > date);
