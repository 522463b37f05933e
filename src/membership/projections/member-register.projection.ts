import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Projector, ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { sectionOf, type MemberCategory, type MembershipEvent } from '../domain/membership-events.js';

export const MEMBER_REGISTER = 'member-register';

export interface ApplicationDoc extends Doc {
  applicantKind: 'natural' | 'legal';
  applicant: SealedPersonalData;
  category: MemberCategory;
  requestedShares: { count: number; nominalValueCents: number };
  appliedOn: string;
  status: 'pending' | 'admitted' | 'rejected' | 'appealed' | 'appeal-upheld' | 'appeal-dismissed';
  memberId: string | null;
  admission: { admittedOn: string; boardResolutionId: string } | null;
  rejection: { reasons: string; boardResolutionId: string; decidedOn: string; communicatedOn: string } | null;
  appeal: {
    appealedOn: string;
    decidedOn: string | null;
    outcome: 'upheld' | 'dismissed' | null;
    assemblyResolutionId: string | null;
  } | null;
  erasedOn: string | null;
}

/** A validity interval: the category from `from` (inclusive) to `to` (exclusive, or open). */
export interface CategorySpan {
  category: MemberCategory;
  from: string;
  to: string | null;
  boardResolutionId: string;
}

export interface ShareMovement {
  date: string;
  kind: 'subscribed' | 'paid' | 'refunded';
  count: number;
  amountCents: number;
}

export interface MemberDoc extends Doc {
  memberNumber: number;
  applicationId: string;
  applicantKind: 'natural' | 'legal';
  /** Kept sealed: read through the vault, so an erased person reads as erased here too. */
  applicant: SealedPersonalData;
  category: MemberCategory;
  section: 'ordinary' | 'volunteers';
  categories: CategorySpan[];
  admittedOn: string;
  boardResolutionId: string;
  status: 'active' | 'ended';
  endedOn: string | null;
  endCause: 'withdrawal' | 'exclusion' | 'death' | null;
  withdrawal: {
    requestedOn: string;
    grounds: string;
    decidedOn: string | null;
    outcome: 'accepted' | 'refused' | null;
    boardResolutionId: string | null;
    communicatedOn: string | null;
    mutualRelationshipEndsOn: string | null;
  } | null;
  exclusion: {
    grounds: string;
    boardResolutionId: string;
    decidedOn: string;
    communicatedOn: string;
    oppositionFiledOn: string | null;
    court: string | null;
  } | null;
  diedOn: string | null;
  shares: { count: number; subscribedCents: number; paidCents: number; refundedCents: number };
  shareMovements: ShareMovement[];
  erasedOn: string | null;
}

/** One change in the composition of the membership, for counts over time and warnings (M4, M8). */
export interface CompositionChangeDoc extends Doc {
  date: string;
  position: string;
  memberId: string;
  delta: Partial<Record<MemberCategory, number>>;
}

/**
 * The member register (libro soci, c.c. art. 2421 c. 1 n. 1) and what it is fed from.
 * Members keep validity intervals (categories, share movements, admission and end dates),
 * so the register as of any date is answered from here; `register-replay.ts` recomputes it
 * from the events for auditors, and a test holds the two equal.
 */
export const memberRegisterProjector: Projector = {
  name: MEMBER_REGISTER,
  version: 2,
  indexes: { members: [{ fields: { status: 1 } }, { fields: { category: 1 } }], applications: [{ fields: { status: 1 } }] },
  queries: { members: [{ status: 'ended' }, { category: 'special' }], applications: [{ status: 'appealed' }] },
  eventTypes: [
    'MembershipApplied',
    'MemberAdmitted',
    'AdmissionRejected',
    'AdmissionAppealed',
    'AdmissionAppealDecided',
    'MemberCategoryChanged',
    'WithdrawalRequested',
    'WithdrawalAccepted',
    'WithdrawalRefused',
    'MemberExcluded',
    'ExclusionOpposed',
    'MemberDied',
    'MembershipEnded',
    'SharesSubscribed',
    'SharesPaid',
    'SharesRefunded',
    'MemberDataErased',
  ],
  async apply(recorded: RecordedEvent, context: ProjectionContext) {
    const applications = context.collection<ApplicationDoc>('applications');
    const members = context.collection<MemberDoc>('members');
    const composition = context.collection<CompositionChangeDoc>('composition');
    const event = recorded as unknown as MembershipEvent;
    const change = (memberId: string, date: string, delta: CompositionChangeDoc['delta']) =>
      composition.insertOne({ _id: recorded.id, date, position: recorded.position, memberId, delta });
    switch (event.type) {
      case 'MembershipApplied': {
        const { applicationId, applicantKind, applicant, category, requestedShares, appliedOn } = event.data;
        await applications.replaceOne(
          { _id: applicationId },
          {
            _id: applicationId,
            applicantKind,
            applicant,
            category,
            requestedShares,
            appliedOn,
            status: 'pending',
            memberId: null,
            admission: null,
            rejection: null,
            appeal: null,
            erasedOn: null,
          },
          { upsert: true },
        );
        return;
      }
      case 'MemberAdmitted': {
        const d = event.data;
        const application = await applications.findOne({ _id: d.applicationId });
        if (!application) throw new Error(`MemberAdmitted ${d.memberId} names unknown application ${d.applicationId}`);
        await members.replaceOne(
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
        await change(d.memberId, d.admittedOn, { [d.category]: 1 });
        return;
      }
      case 'AdmissionRejected': {
        const { applicationId, ...rejection } = event.data;
        await applications.updateOne({ _id: applicationId }, { $set: { status: 'rejected', rejection } });
        return;
      }
      case 'AdmissionAppealed':
        await applications.updateOne(
          { _id: event.data.applicationId },
          {
            $set: {
              status: 'appealed',
              appeal: { appealedOn: event.data.appealedOn, decidedOn: null, outcome: null, assemblyResolutionId: null },
            },
          },
        );
        return;
      case 'AdmissionAppealDecided': {
        const { applicationId, outcome, decidedOn, assemblyResolutionId } = event.data;
        await applications.updateOne(
          { _id: applicationId },
          {
            $set: {
              status: outcome === 'upheld' ? 'appeal-upheld' : 'appeal-dismissed',
              'appeal.decidedOn': decidedOn,
              'appeal.outcome': outcome,
              'appeal.assemblyResolutionId': assemblyResolutionId,
            },
          },
        );
        return;
      }
      case 'MemberCategoryChanged': {
        const { memberId, from, to, changedOn, boardResolutionId } = event.data;
        const member = await members.findOne({ _id: memberId });
        if (!member) return;
        const categories = member.categories.map((span) => (span.to === null ? { ...span, to: changedOn } : span));
        categories.push({ category: to, from: changedOn, to: null, boardResolutionId });
        await members.updateOne({ _id: memberId }, { $set: { category: to, section: sectionOf(to), categories } });
        if (member.status === 'active') await change(memberId, changedOn, { [from]: -1, [to]: 1 });
        return;
      }
      case 'WithdrawalRequested':
        await members.updateOne(
          { _id: event.data.memberId },
          {
            $set: {
              withdrawal: {
                requestedOn: event.data.requestedOn,
                grounds: event.data.grounds,
                decidedOn: null,
                outcome: null,
                boardResolutionId: null,
                communicatedOn: null,
                mutualRelationshipEndsOn: null,
              },
            },
          },
        );
        return;
      case 'WithdrawalAccepted': {
        const { memberId, decidedOn, boardResolutionId, communicatedOn, mutualRelationshipEndsOn } = event.data;
        await members.updateOne(
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
        return;
      }
      case 'WithdrawalRefused':
        await members.updateOne(
          { _id: event.data.memberId },
          {
            $set: {
              'withdrawal.decidedOn': event.data.decidedOn,
              'withdrawal.outcome': 'refused',
              'withdrawal.boardResolutionId': event.data.boardResolutionId,
            },
          },
        );
        return;
      case 'MemberExcluded': {
        const { memberId, ...exclusion } = event.data;
        await members.updateOne(
          { _id: memberId },
          { $set: { exclusion: { ...exclusion, oppositionFiledOn: null, court: null } } },
        );
        return;
      }
      case 'ExclusionOpposed':
        await members.updateOne(
          { _id: event.data.memberId },
          { $set: { 'exclusion.oppositionFiledOn': event.data.filedOn, 'exclusion.court': event.data.court } },
        );
        return;
      case 'MemberDied':
        await members.updateOne({ _id: event.data.memberId }, { $set: { diedOn: event.data.diedOn } });
        return;
      case 'MembershipEnded': {
        const { memberId, endedOn, cause } = event.data;
        const member = await members.findOne({ _id: memberId });
        if (!member || member.status === 'ended') return;
        await members.updateOne({ _id: memberId }, { $set: { status: 'ended', endedOn, endCause: cause } });
        await change(memberId, endedOn, { [member.category]: -1 });
        return;
      }
      case 'SharesSubscribed': {
        const { memberId, count, nominalValueCents, subscribedOn } = event.data;
        const amountCents = count * nominalValueCents;
        await members.updateOne(
          { _id: memberId },
          {
            $inc: { 'shares.count': count, 'shares.subscribedCents': amountCents },
            $push: { shareMovements: { date: subscribedOn, kind: 'subscribed', count, amountCents } },
          },
        );
        return;
      }
      case 'SharesPaid':
        await members.updateOne(
          { _id: event.data.memberId },
          {
            $inc: { 'shares.paidCents': event.data.amountCents },
            $push: { shareMovements: { date: event.data.paidOn, kind: 'paid', count: 0, amountCents: event.data.amountCents } },
          },
        );
        return;
      case 'SharesRefunded':
        await members.updateOne(
          { _id: event.data.memberId },
          {
            $inc: { 'shares.refundedCents': event.data.amountCents },
            $push: {
              shareMovements: { date: event.data.refundedOn, kind: 'refunded', count: 0, amountCents: event.data.amountCents },
            },
          },
        );
        return;
      case 'MemberDataErased':
        await applications.updateOne({ _id: event.data.applicationId }, { $set: { erasedOn: event.data.erasedOn } });
        if (event.data.memberId)
          await members.updateOne({ _id: event.data.memberId }, { $set: { erasedOn: event.data.erasedOn } });
        return;
    }
  },
};
