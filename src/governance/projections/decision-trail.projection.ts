import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { GovernanceEvent, ResolutionData, Signatories } from '../domain/governance-events.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';

export const DECISION_TRAIL = 'decision-trail';

export interface MeetingDoc extends Doc {
  convenedOn: string;
  heldOn: string;
  place: string;
  agenda: string[];
  present: string[] | null;
  inOffice: number | null;
  quorumReached: boolean | null;
  conflicts: Array<{ item: number; directorId: string; interest: string }>;
  /** The signatories sealed (personal data), opened by the readers. */
  minutes: { signatories: Signatories; minutesSha256: string } | null;
}

/** A director as the trail keeps them: the name sealed, opened by the readers (null once erased). */
export interface DirectorDoc extends Doc {
  person: SealedPersonalData;
  memberId: string | null;
  role: string;
}

export interface CausedEvent {
  id: string;
  type: string;
  stream: string;
  revision: string;
  position: string;
  recordedAt: string;
}

/** An assembly resolution as recorded (its votes are in the assemblies' book). */
export interface AssemblyResolutionData {
  assemblyId: string;
  motionId: string;
  resolutionId: string;
  decidedOn: string;
  tally: { for: number; against: number; abstain: number };
  majorityRule: string;
  decides: unknown[];
}

export type ResolutionDoc = Doc & {
  eventId: string;
  position: string;
  outcome: 'adopted' | 'rejected';
  caused: CausedEvent[];
} & ({ body: 'board'; resolution: ResolutionData } | { body: 'assembly'; resolution: AssemblyResolutionData });

export type BoardResolutionDoc = Extract<ResolutionDoc, { body: 'board' }>;
export const isBoardResolution = (doc: ResolutionDoc): doc is BoardResolutionDoc => doc.body === 'board';

/** Events of other contexts that a resolution can cause (G7), linked by their causationId. */
const CAUSED_TYPES = [
  'AdmissionAppealDecided',
  'MemberAdmitted',
  'AdmissionRejected',
  'MemberCategoryChanged',
  'WithdrawalAccepted',
  'WithdrawalRefused',
  'MemberExcluded',
  'MembershipEnded',
  'ContractSigned',
  'PartnershipAgreed',
  'PartnershipEnded',
];

/**
 * The decision trail (G7): for every board resolution, its meeting and attendance, the
 * votes, the conflicts declared, and every event it caused, with stream, revision and
 * position; and from any caused event back to the resolution.
 */
export const decisionTrailProjector: Projector = {
  name: DECISION_TRAIL,
  version: 5,
  eventTypes: [
    'ResolutionAdopted',
    'ResolutionRejected',
    'BoardElected',
    'BoardMinutesApproved',
    'BoardMeetingConvened',
    'BoardMeetingHeld',
    'ConflictOfInterestDeclared',
    'BoardResolutionAdopted',
    'BoardResolutionRejected',
    ...CAUSED_TYPES,
  ],
  async apply(recorded: RecordedEvent, context) {
    const meetings = context.collection<MeetingDoc>('meetings');
    const resolutions = context.collection<ResolutionDoc>('resolutions');
    const byEvent = context.collection<Doc & { resolutionId: string }>('byEvent');
    if (CAUSED_TYPES.includes(recorded.type)) {
      const cause = await byEvent.findOne({ _id: recorded.metadata.causationId });
      if (!cause) return; // not caused by a resolution (recorded directly, before governance)
      const caused: CausedEvent = {
        id: recorded.id,
        type: recorded.type,
        stream: recorded.stream,
        revision: recorded.revision.toString(),
        position: recorded.position,
        recordedAt: recorded.metadata.recordedAt,
      };
      await resolutions.updateOne({ _id: cause.resolutionId }, { $push: { caused } });
      await byEvent.replaceOne({ _id: recorded.id }, { _id: recorded.id, resolutionId: cause.resolutionId }, { upsert: true });
      return;
    }
    if (recorded.type === 'ResolutionAdopted' || recorded.type === 'ResolutionRejected') {
      const resolution = recorded.data as AssemblyResolutionData;
      await resolutions.replaceOne(
        { _id: resolution.resolutionId },
        {
          _id: resolution.resolutionId,
          body: 'assembly',
          eventId: recorded.id,
          position: recorded.position,
          outcome: recorded.type === 'ResolutionAdopted' ? 'adopted' : 'rejected',
          resolution,
          caused: [],
        },
        { upsert: true },
      );
      await byEvent.replaceOne(
        { _id: recorded.id },
        { _id: recorded.id, resolutionId: resolution.resolutionId },
        { upsert: true },
      );
      return;
    }
    const event = recorded as unknown as GovernanceEvent;
    switch (event.type) {
      case 'BoardMeetingConvened': {
        const { meetingId, convenedOn, heldOn, place, agenda } = event.data;
        await meetings.replaceOne(
          { _id: meetingId },
          {
            _id: meetingId,
            convenedOn,
            heldOn,
            place,
            agenda,
            present: null,
            inOffice: null,
            quorumReached: null,
            conflicts: [],
            minutes: null,
          },
          { upsert: true },
        );
        return;
      }
      case 'BoardElected':
        // Directors' names (sealed), so the trail and the book say who voted how by name.
        for (const { directorId, person, memberId, role } of event.data.directors)
          await context
            .collection<DirectorDoc>('directors')
            .replaceOne({ _id: directorId }, { _id: directorId, person, memberId, role }, { upsert: true });
        return;
      case 'BoardMinutesApproved': {
        const { meetingId, ...minutes } = event.data;
        await meetings.updateOne({ _id: meetingId }, { $set: { minutes } });
        return;
      }
      case 'BoardMeetingHeld':
        await meetings.updateOne(
          { _id: event.data.meetingId },
          { $set: { present: event.data.present, inOffice: event.data.inOffice, quorumReached: event.data.quorumReached } },
        );
        return;
      case 'ConflictOfInterestDeclared': {
        const { meetingId, ...conflict } = event.data;
        await meetings.updateOne({ _id: meetingId }, { $push: { conflicts: conflict } });
        return;
      }
      case 'BoardResolutionAdopted':
      case 'BoardResolutionRejected':
        await resolutions.replaceOne(
          { _id: event.data.resolutionId },
          {
            _id: event.data.resolutionId,
            body: 'board',
            eventId: recorded.id,
            position: recorded.position,
            outcome: event.type === 'BoardResolutionAdopted' ? 'adopted' : 'rejected',
            resolution: event.data,
            caused: [],
          },
          { upsert: true },
        );
        await byEvent.replaceOne(
          { _id: recorded.id },
          { _id: recorded.id, resolutionId: event.data.resolutionId },
          { upsert: true },
        );
        return;
      default:
        return;
    }
  },
};
