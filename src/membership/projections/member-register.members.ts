import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { Handlers } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import { sectionOf } from '../domain/membership-events.js';
import type { ApplicationDoc, CompositionChangeDoc, MemberDoc, MembershipEvents } from './member-register.projection.js';

/** Records one change in the composition of the membership, under the event that made it (M4, M8). */
const change = (
  recorded: RecordedEvent,
  context: ProjectionContext,
  memberId: string,
  date: string,
  delta: CompositionChangeDoc['delta'],
) =>
  context
    .collection<CompositionChangeDoc>('composition')
    .insertOne({ _id: recorded.id, date, position: recorded.position, memberId, delta });

/** The member register's members: admitted, their categories, withdrawal, exclusion, death, end, erasure. */
export const memberHandlers: Handlers<MembershipEvents> = {
  async MemberAdmitted(recorded, context) {
    const d = recorded.data;
    const applications = context.collection<ApplicationDoc>('applications');
    const application = await applications.findOne({ _id: d.applicationId });
    if (!application) throw new Error(`MemberAdmitted ${d.memberId} names unknown application ${d.applicationId}`);
    await context.collection<MemberDoc>('members').replaceOne(
      { _id: d.memberId },
      {
        _id: d.memberId,
        memberNumber: d.memberNumber,
        applicationId: d.applicationId,
        applicantKind: application.applicantKind,
        applicant: application.applicant,
        category: d.category,
        section: sectionOf(d.category),
        categories: [{ category: d.category, from: d.admittedOn, to: null, boardResolutionId: d.boardResolutionId }],
        admittedOn: d.admittedOn,
        boardResolutionId: d.boardResolutionId,
        status: 'active',
        endedOn: null,
        endCause: null,
        withdrawal: null,
        exclusion: null,
        diedOn: null,
        shares: { count: 0, subscribedCents: 0, paidCents: 0, refundedCents: 0 },
        shareMovements: [],
        erasedOn: null,
      },
      { upsert: true },
    );
    await applications.updateOne(
      { _id: d.applicationId },
      {
        $set: {
          status: 'admitted',
          memberId: d.memberId,
          admission: { admittedOn: d.admittedOn, boardResolutionId: d.boardResolutionId },
        },
      },
    );
    await change(recorded, context, d.memberId, d.admittedOn, { [d.category]: 1 });
  },

  async MemberCategoryChanged(recorded, context) {
    const { memberId, from, to, changedOn, boardResolutionId } = recorded.data;
    const members = context.collection<MemberDoc>('members');
    const member = await members.findOne({ _id: memberId });
    if (!member) return;
    const categories = member.categories.map((span) => (span.to === null ? { ...span, to: changedOn } : span));
    categories.push({ category: to, from: changedOn, to: null, boardResolutionId });
    await members.updateOne({ _id: memberId }, { $set: { category: to, section: sectionOf(to), categories } });
    if (member.status === 'active') await change(recorded, context, memberId, changedOn, { [from]: -1, [to]: 1 });
  },

  async WithdrawalRequested({ data }, context) {
    await context.collection<MemberDoc>('members').updateOne(
      { _id: data.memberId },
      {
        $set: {
          withdrawal: {
            requestedOn: data.requestedOn,
            grounds: data.grounds,
            decidedOn: null,
            outcome: null,
            boardResolutionId: null,
            communicatedOn: null,
            mutualRelationshipEndsOn: null,
          },
        },
      },
    );
  },

  async WithdrawalAccepted({ data }, context) {
    const { memberId, decidedOn, boardResolutionId, communicatedOn, mutualRelationshipEndsOn } = data;
    await context.collection<MemberDoc>('members').updateOne(
      { _id: memberId },
      {
        $set: {
          'withdrawal.decidedOn': decidedOn,
          'withdrawal.outcome': 'accepted',
          'withdrawal.boardResolutionId': boardResolutionId,
          'withdrawal.communicatedOn': communicatedOn,
          'withdrawal.mutualRelationshipEndsOn': mutualRelationshipEndsOn,
        },
      },
    );
  },

  async WithdrawalRefused({ data }, context) {
    await context.collection<MemberDoc>('members').updateOne(
      { _id: data.memberId },
      {
        $set: {
          'withdrawal.decidedOn': data.decidedOn,
          'withdrawal.outcome': 'refused',
          'withdrawal.boardResolutionId': data.boardResolutionId,
        },
      },
    );
  },

  async MemberExcluded({ data }, context) {
    const { memberId, ...exclusion } = data;
    await context
      .collection<MemberDoc>('members')
      .updateOne({ _id: memberId }, { $set: { exclusion: { ...exclusion, oppositionFiledOn: null, court: null } } });
  },

  async ExclusionOpposed({ data }, context) {
    await context
      .collection<MemberDoc>('members')
      .updateOne(
        { _id: data.memberId },
        { $set: { 'exclusion.oppositionFiledOn': data.filedOn, 'exclusion.court': data.court } },
      );
  },

  async MemberDied({ data }, context) {
    await context.collection<MemberDoc>('members').updateOne({ _id: data.memberId }, { $set: { diedOn: data.diedOn } });
  },

  async MembershipEnded(recorded, context) {
    const { memberId, endedOn, cause } = recorded.data;
    const members = context.collection<MemberDoc>('members');
    const member = await members.findOne({ _id: memberId });
    if (!member || member.status === 'ended') return;
    await members.updateOne({ _id: memberId }, { $set: { status: 'ended', endedOn, endCause: cause } });
    await change(recorded, context, memberId, endedOn, { [member.category]: -1 });
  },

  async MemberDataErased({ data }, context) {
    await context
      .collection<ApplicationDoc>('applications')
      .updateOne({ _id: data.applicationId }, { $set: { erasedOn: data.erasedOn } });
    if (data.memberId)
      await context.collection<MemberDoc>('members').updateOne({ _id: data.memberId }, { $set: { erasedOn: data.erasedOn } });
  },
};
