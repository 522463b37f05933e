import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { MembershipEvent } from '../domain/membership-events.js';

export const MEMBER_TIMELINE = 'member-timeline';

/**
 * One fact about a member, as the book records it: its business date, when the store
 * recorded it, who recorded it (the key and its role) and the resolution that caused it.
 * Free text (grounds, reasons) and personal data stay out: the member's page reads them from
 * the register, where the vault guards them.
 */
export interface TimelineEntryDoc extends Doc {
  applicationId: string;
  /** Null until the application is admitted; then every entry of the application names the member. */
  memberId: string | null;
  type: MembershipEvent['type'];
  businessDate: string;
  recordedAt: string;
  position: string;
  actor: { keyId: string; role: string };
  resolutionId: string | null;
  correlationId: string;
  causationId: string;
  details: Record<string, string | number | null>;
}

const APPLICATION_EVENTS = new Set(['MembershipApplied', 'AdmissionRejected', 'AdmissionAppealed', 'AdmissionAppealDecided']);

/** The business date, the resolution and the non-personal details of each event type. */
function describe(event: MembershipEvent): Pick<TimelineEntryDoc, 'businessDate' | 'resolutionId' | 'details'> {
  switch (event.type) {
    case 'MembershipApplied':
      return {
        businessDate: event.data.appliedOn,
        resolutionId: null,
        details: { category: event.data.category, requestedShares: event.data.requestedShares.count },
      };
    case 'MemberAdmitted':
      return {
        businessDate: event.data.admittedOn,
        resolutionId: event.data.boardResolutionId,
        details: { category: event.data.category, memberNumber: event.data.memberNumber },
      };
    case 'AdmissionRejected':
      return { businessDate: event.data.decidedOn, resolutionId: event.data.boardResolutionId, details: {} };
    case 'AdmissionAppealed':
      return { businessDate: event.data.appealedOn, resolutionId: null, details: {} };
    case 'AdmissionAppealDecided':
      return {
        businessDate: event.data.decidedOn,
        resolutionId: event.data.assemblyResolutionId,
        details: { outcome: event.data.outcome },
      };
    case 'SharesSubscribed':
      return {
        businessDate: event.data.subscribedOn,
        resolutionId: null,
        details: { count: event.data.count, amountCents: event.data.count * event.data.nominalValueCents },
      };
    case 'SharesPaid':
      return { businessDate: event.data.paidOn, resolutionId: null, details: { amountCents: event.data.amountCents } };
    case 'SharesRefunded':
      return { businessDate: event.data.refundedOn, resolutionId: null, details: { amountCents: event.data.amountCents } };
    case 'MemberCategoryChanged':
      return {
        businessDate: event.data.changedOn,
        resolutionId: event.data.boardResolutionId,
        details: { from: event.data.from, to: event.data.to },
      };
    case 'WithdrawalRequested':
      return { businessDate: event.data.requestedOn, resolutionId: null, details: {} };
    case 'WithdrawalAccepted':
      return {
        businessDate: event.data.decidedOn,
        resolutionId: event.data.boardResolutionId,
        details: { mutualRelationshipEndsOn: event.data.mutualRelationshipEndsOn },
      };
    case 'WithdrawalRefused':
      return { businessDate: event.data.decidedOn, resolutionId: event.data.boardResolutionId, details: {} };
    case 'MemberExcluded':
      return { businessDate: event.data.decidedOn, resolutionId: event.data.boardResolutionId, details: {} };
    case 'ExclusionOpposed':
      return { businessDate: event.data.filedOn, resolutionId: null, details: { court: event.data.court } };
    case 'MemberDied':
      return { businessDate: event.data.diedOn, resolutionId: null, details: {} };
    case 'MembershipEnded':
      return { businessDate: event.data.endedOn, resolutionId: null, details: { cause: event.data.cause } };
    case 'MemberDataErased':
      return { businessDate: event.data.erasedOn, resolutionId: null, details: {} };
  }
}

/**
 * Every fact about a member in the order the book recorded it: an index by member id
 * (and by application, for what happened before the admission), so the member's page
 * answers its history without reading the whole store.
 */
export const memberTimelineProjector: Projector = {
  name: MEMBER_TIMELINE,
  version: 1,
  indexes: {
    entries: [{ fields: { memberId: 1 } }, { fields: { applicationId: 1 } }],
    members: [{ fields: { applicationId: 1 } }],
  },
  queries: { entries: [{ memberId: 'm' }, { applicationId: 'a' }], members: [{ applicationId: 'a' }] },
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
  async apply(recorded: RecordedEvent, context) {
    const entries = context.collection<TimelineEntryDoc>('entries');
    const members = context.collection<{ _id: string; applicationId: string }>('members');
    const event = recorded as unknown as MembershipEvent;
    const data = event.data as { applicationId?: string; memberId?: string | null };
    let applicationId = data.applicationId ?? null;
    let memberId = APPLICATION_EVENTS.has(event.type) ? null : (data.memberId ?? null);
    if (event.type === 'MemberAdmitted') {
      await members.replaceOne(
        { _id: event.data.memberId },
        { _id: event.data.memberId, applicationId: event.data.applicationId },
        { upsert: true },
      );
      await entries.updateMany({ applicationId: event.data.applicationId }, { $set: { memberId: event.data.memberId } });
    }
    if (APPLICATION_EVENTS.has(event.type) && applicationId) {
      const admitted = await members.findOne({ applicationId });
      memberId = admitted?._id ?? null;
    }
    if (!applicationId && memberId) applicationId = (await members.findOne({ _id: memberId }))?.applicationId ?? null;
    if (!applicationId) return;
    await entries.replaceOne(
      { _id: recorded.id },
      {
        _id: recorded.id,
        applicationId,
        memberId,
        type: event.type,
        ...describe(event),
        recordedAt: recorded.metadata.recordedAt,
        position: recorded.position,
        actor: { keyId: recorded.metadata.actor.keyId, role: recorded.metadata.actor.role },
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.metadata.causationId,
      },
      { upsert: true },
    );
  },
};
