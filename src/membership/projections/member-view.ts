import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { EventMapOf, EventOf, Handlers } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { membershipEvents } from '../domain/membership-events.js';

/*
 * Other contexts keep views of their own of who is a member (governance for G2 and G6, work
 * for W1), each with the documents its rules ask: so each folds the member events its own way.
 * What they do alike is here, from membership, which owns the events: the applicant's sealed
 * person kept by application until the admission names it, and each member event folded into
 * the member it names by the view's own fold.
 */

type MembershipEvents = EventMapOf<typeof membershipEvents>;

/** The register events that change who is a member, in which category, until when. */
export const MEMBER_CHANGE_TYPES = ['MemberAdmitted', 'MemberCategoryChanged', 'MembershipEnded'] as const;

/** A member view's document: whatever the view keeps, and the person as sealed in the application. */
export type MemberViewDoc = Doc & { person: SealedPersonalData | null };

/**
 * One of {@link MEMBER_CHANGE_TYPES} folded into the member as a view keeps it (the person
 * aside); null for a member the view does not hold. Folding an event the member already
 * reflects must change nothing.
 */
export type MemberFold<D extends MemberViewDoc> = (member: D | null, type: string, data: Record<string, unknown>) => D | null;

/**
 * The handlers of a member view kept in the collections `applicants` (the sealed person by
 * application) and `members` (by member id, folded by `fold`, the applicant's person attached
 * on admission): spread into a projector's `on`.
 */
export function memberViewHandlers<D extends MemberViewDoc>(fold: MemberFold<D>): Handlers<MembershipEvents> {
  async function foldInto(
    recorded: EventOf<MembershipEvents, (typeof MEMBER_CHANGE_TYPES)[number]>,
    context: ProjectionContext,
  ): Promise<void> {
    const members = context.collection<D>('members');
    const { memberId } = recorded.data;
    let member = fold(await members.findOne({ _id: memberId }), recorded.type, recorded.data);
    if (!member) return;
    if (recorded.type === 'MemberAdmitted') {
      const applicant = await context
        .collection<Doc & { person: SealedPersonalData }>('applicants')
        .findOne({ _id: recorded.data.applicationId });
      member = { ...member, person: applicant?.person ?? null };
    }
    await members.replaceOne({ _id: memberId }, member, { upsert: true });
  }
  return {
    async MembershipApplied({ data }, context) {
      const { applicationId, applicant } = data;
      await context.collection<Doc & { person: SealedPersonalData }>('applicants').put({ _id: applicationId, person: applicant });
    },
    MemberAdmitted: foldInto,
    MemberCategoryChanged: foldInto,
    MembershipEnded: foldInto,
  };
}
