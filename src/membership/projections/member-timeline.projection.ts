import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import { defineProjector, type EventMapOf, type Handler } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { MembershipEvent, membershipEvents } from '../domain/membership-events.js';

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

type MembershipEvents = EventMapOf<typeof membershipEvents>;
type Described = Pick<TimelineEntryDoc, 'businessDate' | 'resolutionId' | 'details'>;
/** A member's application, so events naming only the member are filed under it too. */
type MemberIndexDoc = { _id: string; applicationId: string };
/**
 * An application: the member it admitted (null until then) and the entries filed before the
 * admission, which the admission names the member in. Looked up by id, never by a query.
 */
type ApplicationIndexDoc = { _id: string; memberId: string | null; pending: string[] };

/** The ids an entry is filed under: every membership event names its application or its member. */
type EntryIds = { applicationId?: string; memberId?: string | null };

/** Files one event as an entry, under its application and (once admitted) its member. */
async function record(
  recorded: RecordedEvent<string, EntryIds>,
  context: ProjectionContext,
  { before }: { before: 'application' | 'member' },
  described: Described,
): Promise<void> {
  const entries = context.collection<TimelineEntryDoc>('entries');
  let applicationId = recorded.data.applicationId ?? null;
  let memberId = before === 'application' ? null : (recorded.data.memberId ?? null);
  const applications = context.collection<ApplicationIndexDoc>('applications');
  const application = applicationId && memberId === null ? await applications.findOne({ _id: applicationId }) : null;
  if (application) memberId = application.memberId;
  if (!applicationId && memberId)
    applicationId = (await context.collection<MemberIndexDoc>('members').findOne({ _id: memberId }))?.applicationId ?? null;
  if (!applicationId) return;
  if (memberId === null && !application?.pending.includes(recorded.id))
    await applications.replaceOne(
      { _id: applicationId },
      { _id: applicationId, memberId: null, pending: [...(application?.pending ?? []), recorded.id] },
      { upsert: true },
    );
  // Keyed by the event: new, but for a redelivery, which writes the same entry again.
  await entries.put({
    _id: recorded.id,
    applicationId,
    memberId,
    type: recorded.type as TimelineEntryDoc['type'],
    ...described,
    recordedAt: recorded.metadata.recordedAt,
    position: recorded.position,
    actor: { keyId: recorded.metadata.actor.keyId, role: recorded.metadata.actor.role },
    correlationId: recorded.metadata.correlationId,
    causationId: recorded.metadata.causationId,
  });
}

/**
 * The handler of one event type: its business date, its resolution and its non-personal
 * details. An application's events (`before: 'application'`) name no member until admitted.
 */
const entry =
  <K extends keyof MembershipEvents & string>(
    describe: (data: MembershipEvents[K]) => Described,
    before: 'application' | 'member' = 'member',
  ): Handler<MembershipEvents, K> =>
  (recorded, context) =>
    record(recorded, context, { before }, describe(recorded.data));

/**
 * Every fact about a member in the order the book recorded it: an index by member id
 * (and by application, for what happened before the admission), so the member's page
 * answers its history without reading the whole store.
 */
export const memberTimelineProjector = defineProjector<MembershipEvents>({
  name: MEMBER_TIMELINE,
  // 2: the projector's own lookups by id (`applications`), not by a query on `applicationId`.
  version: 2,
  indexes: { entries: [{ fields: { memberId: 1 } }, { fields: { applicationId: 1 } }] },
  queries: { entries: [{ memberId: 'm' }, { applicationId: 'a' }] },
  on: {
    MembershipApplied: entry<'MembershipApplied'>(
      (d) => ({
        businessDate: d.appliedOn,
        resolutionId: null,
        details: { category: d.category, requestedShares: d.requestedShares.count },
      }),
      'application',
    ),
    async MemberAdmitted(recorded, context) {
      const { memberId, applicationId } = recorded.data;
      await context
        .collection<MemberIndexDoc>('members')
        .replaceOne({ _id: memberId }, { _id: memberId, applicationId }, { upsert: true });
      // What was filed before the admission now names the member too.
      const applications = context.collection<ApplicationIndexDoc>('applications');
      const entries = context.collection<TimelineEntryDoc>('entries');
      for (const id of (await applications.findOne({ _id: applicationId }))?.pending ?? [])
        await entries.updateOne({ _id: id }, { $set: { memberId } });
      await applications.replaceOne({ _id: applicationId }, { _id: applicationId, memberId, pending: [] }, { upsert: true });
      await entry<'MemberAdmitted'>((d) => ({
        businessDate: d.admittedOn,
        resolutionId: d.boardResolutionId,
        details: { category: d.category, memberNumber: d.memberNumber },
      }))(recorded, context);
    },
    AdmissionRejected: entry<'AdmissionRejected'>(
      (d) => ({ businessDate: d.decidedOn, resolutionId: d.boardResolutionId, details: {} }),
      'application',
    ),
    AdmissionAppealed: entry<'AdmissionAppealed'>(
      (d) => ({ businessDate: d.appealedOn, resolutionId: null, details: {} }),
      'application',
    ),
    AdmissionAppealDecided: entry<'AdmissionAppealDecided'>(
      (d) => ({ businessDate: d.decidedOn, resolutionId: d.assemblyResolutionId, details: { outcome: d.outcome } }),
      'application',
    ),
    SharesSubscribed: entry<'SharesSubscribed'>((d) => ({
      businessDate: d.subscribedOn,
      resolutionId: null,
      details: { count: d.count, amountCents: d.count * d.nominalValueCents },
    })),
    SharesPaid: entry<'SharesPaid'>((d) => ({
      businessDate: d.paidOn,
      resolutionId: null,
      details: { amountCents: d.amountCents },
    })),
    SharesRefunded: entry<'SharesRefunded'>((d) => ({
      businessDate: d.refundedOn,
      resolutionId: null,
      details: { amountCents: d.amountCents },
    })),
    MemberCategoryChanged: entry<'MemberCategoryChanged'>((d) => ({
      businessDate: d.changedOn,
      resolutionId: d.boardResolutionId,
      details: { from: d.from, to: d.to },
    })),
    WithdrawalRequested: entry<'WithdrawalRequested'>((d) => ({ businessDate: d.requestedOn, resolutionId: null, details: {} })),
    WithdrawalAccepted: entry<'WithdrawalAccepted'>((d) => ({
      businessDate: d.decidedOn,
      resolutionId: d.boardResolutionId,
      details: { mutualRelationshipEndsOn: d.mutualRelationshipEndsOn },
    })),
    WithdrawalRefused: entry<'WithdrawalRefused'>((d) => ({
      businessDate: d.decidedOn,
      resolutionId: d.boardResolutionId,
      details: {},
    })),
    MemberExcluded: entry<'MemberExcluded'>((d) => ({
      businessDate: d.decidedOn,
      resolutionId: d.boardResolutionId,
      details: {},
    })),
    ExclusionOpposed: entry<'ExclusionOpposed'>((d) => ({
      businessDate: d.filedOn,
      resolutionId: null,
      details: { court: d.court },
    })),
    MemberDied: entry<'MemberDied'>((d) => ({ businessDate: d.diedOn, resolutionId: null, details: {} })),
    MembershipEnded: entry<'MembershipEnded'>((d) => ({
      businessDate: d.endedOn,
      resolutionId: null,
      details: { cause: d.cause },
    })),
    MemberDataErased: entry<'MemberDataErased'>((d) => ({ businessDate: d.erasedOn, resolutionId: null, details: {} })),
  },
});
