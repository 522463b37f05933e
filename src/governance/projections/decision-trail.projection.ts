import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import { defineProjector, onEach, type EventMapOf, type EventOf } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { assemblyEvents } from '../domain/assembly-events.js';
import type { governanceEvents, ResolutionData, Signatories } from '../domain/governance-events.js';
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
] as const;

/** The events the trail reads by their data: governance's own (the board's and the assemblies'). */
type GovernanceEvents = EventMapOf<typeof governanceEvents> & EventMapOf<typeof assemblyEvents>;
/** What the trail reads: governance's events by their data, the caused ones by their envelope only. */
type TrailEvents = GovernanceEvents & Record<(typeof CAUSED_TYPES)[number], unknown>;

const meetings = (context: ProjectionContext) => context.collection<MeetingDoc>('meetings');
const resolutions = (context: ProjectionContext) => context.collection<ResolutionDoc>('resolutions');
const byEvent = (context: ProjectionContext) => context.collection<Doc & { resolutionId: string }>('byEvent');

/** A caused event, of whatever context: linked to the resolution its causationId names, if any. */
async function linkCaused(recorded: RecordedEvent, context: ProjectionContext): Promise<void> {
  const cause = await byEvent(context).findOne({ _id: recorded.metadata.causationId });
  if (!cause) return; // not caused by a resolution (recorded directly, before governance)
  const caused: CausedEvent = {
    id: recorded.id,
    type: recorded.type,
    stream: recorded.stream,
    revision: recorded.revision.toString(),
    position: recorded.position,
    recordedAt: recorded.metadata.recordedAt,
  };
  await resolutions(context).updateOne({ _id: cause.resolutionId }, { $push: { caused } });
  await byEvent(context).replaceOne(
    { _id: recorded.id },
    { _id: recorded.id, resolutionId: cause.resolutionId },
    { upsert: true },
  );
}

/** An assembly's resolution, adopted or rejected (its votes are in the assemblies' book). */
async function assemblyResolution(
  recorded: EventOf<GovernanceEvents, 'ResolutionAdopted' | 'ResolutionRejected'>,
  context: ProjectionContext,
): Promise<void> {
  const resolution: AssemblyResolutionData = recorded.data;
  await resolutions(context).replaceOne(
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
  await byEvent(context).replaceOne(
    { _id: recorded.id },
    { _id: recorded.id, resolutionId: resolution.resolutionId },
    { upsert: true },
  );
}

/** A board resolution, adopted or rejected, with its meeting's votes in its data. */
async function boardResolution(
  recorded: EventOf<GovernanceEvents, 'BoardResolutionAdopted' | 'BoardResolutionRejected'>,
  context: ProjectionContext,
): Promise<void> {
  await resolutions(context).replaceOne(
    { _id: recorded.data.resolutionId },
    {
      _id: recorded.data.resolutionId,
      body: 'board',
      eventId: recorded.id,
      position: recorded.position,
      outcome: recorded.type === 'BoardResolutionAdopted' ? 'adopted' : 'rejected',
      resolution: recorded.data,
      caused: [],
    },
    { upsert: true },
  );
  await byEvent(context).replaceOne(
    { _id: recorded.id },
    { _id: recorded.id, resolutionId: recorded.data.resolutionId },
    { upsert: true },
  );
}

/**
 * The decision trail (G7): for every board resolution, its meeting and attendance, the
 * votes, the conflicts declared, and every event it caused, with stream, revision and
 * position; and from any caused event back to the resolution.
 */
export const decisionTrailProjector = defineProjector<TrailEvents>({
  name: DECISION_TRAIL,
  version: 5,
  on: {
    ResolutionAdopted: assemblyResolution,
    ResolutionRejected: assemblyResolution,
    async BoardElected({ data }, context) {
      // Directors' names (sealed), so the trail and the book say who voted how by name.
      for (const { directorId, person, memberId, role } of data.directors)
        await context
          .collection<DirectorDoc>('directors')
          .replaceOne({ _id: directorId }, { _id: directorId, person, memberId, role }, { upsert: true });
    },
    async BoardMinutesApproved({ data }, context) {
      const { meetingId, ...minutes } = data;
      await meetings(context).updateOne({ _id: meetingId }, { $set: { minutes } });
    },
    async BoardMeetingConvened({ data }, context) {
      const { meetingId, convenedOn, heldOn, place, agenda } = data;
      await meetings(context).replaceOne(
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
    },
    async BoardMeetingHeld({ data }, context) {
      await meetings(context).updateOne(
        { _id: data.meetingId },
        { $set: { present: data.present, inOffice: data.inOffice, quorumReached: data.quorumReached } },
      );
    },
    async ConflictOfInterestDeclared({ data }, context) {
      const { meetingId, ...conflict } = data;
      await meetings(context).updateOne({ _id: meetingId }, { $push: { conflicts: conflict } });
    },
    BoardResolutionAdopted: boardResolution,
    BoardResolutionRejected: boardResolution,
    ...onEach(CAUSED_TYPES, linkCaused),
  },
});
