import { z } from 'zod';
import { BusinessDate, Id } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../../platform/personal-data/personal-data.js';
import { ContractTerms, Worker } from '../../work/public-events.js';
import { PartnershipDecisions } from './partnership-decisions.js';
import { StatuteSettingsAdopted } from './statute.js';

const DirectorRole = z.enum(['president', 'vice_president', 'director']);

/** A director as the assembly names them: what the secretariat sends, before the name is sealed. */
export const DirectorInput = z.object({
  directorId: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  /** The director's member id, or null for a non-member director (G6 counts them). */
  memberId: Id.nullable(),
  role: DirectorRole,
});
export type DirectorInput = z.infer<typeof DirectorInput>;

/**
 * A director as recorded: the name sealed through the vault, with the member's own key for a
 * member (erasing the member erases them here too), a key of their own otherwise.
 */
export const Director = z.object({
  directorId: z.string().min(1).max(100),
  /** `{ name }`, sealed. */
  person: SealedPersonalDataSchema,
  memberId: Id.nullable(),
  role: DirectorRole,
});
export type Director = z.infer<typeof Director>;

/** The vault subject of a non-member director's own key. */
export const directorSubject = (directorId: string) => `director-${directorId}`;

/** A minutes' signatory's own vault subject (president or secretary of one meeting). */
export const signatorySubject = (meetingId: string, role: 'president' | 'secretary') => `minutes-${meetingId}-${role}`;

/**
 * v1 wrote names in plain text: lifted to the `none` scheme, which every vault reads, so old
 * events stay readable as they were written (they cannot be erased: the text is in the event).
 */
const plainPerson = (subject: string, fields: Record<string, unknown>) => ({ subject, scheme: 'none' as const, fields });

/** What a board resolution decides in the membership context (M1, M3, M7, c.c. art. 2528–2533). */
export const MembershipDecisions = [
  z.object({ kind: z.literal('admit'), applicationId: Id, admittedOn: BusinessDate }),
  z.object({ kind: z.literal('reject'), applicationId: Id, reasons: z.string().min(1).max(5_000), communicatedOn: BusinessDate }),
  z.object({
    kind: z.literal('change-category'),
    memberId: Id,
    to: z.enum(['worker', 'volunteer', 'user', 'financing']),
    changedOn: BusinessDate,
  }),
  z.object({ kind: z.literal('accept-withdrawal'), memberId: Id, communicatedOn: BusinessDate }),
  z.object({ kind: z.literal('refuse-withdrawal'), memberId: Id, reasons: z.string().min(1).max(5_000) }),
  z.object({ kind: z.literal('exclude'), memberId: Id, grounds: z.string().min(1).max(5_000), communicatedOn: BusinessDate }),
] as const;

/** A work contract the board approves: signed on the resolution's date (work context, W1–W3b). */
export const ApproveContract = z.object({
  kind: z.literal('approve-contract'),
  contractId: Id,
  worker: Worker,
  terms: ContractTerms,
});

/** What a board resolution decides, carried out by the context it concerns (G7). */
export const Decision = z.discriminatedUnion('kind', [...MembershipDecisions, ApproveContract, ...PartnershipDecisions]);
export type Decision = z.infer<typeof Decision>;

/** The board (consiglio di amministrazione) elected by the assembly for a term. */
export const BoardElected = defineEvent({
  type: 'BoardElected',
  schemaVersion: 2,
  schema: z.object({
    electedOn: BusinessDate,
    termEndsOn: BusinessDate,
    assemblyResolutionId: z.string().min(1).max(100),
    directors: z.array(Director).min(1),
  }),
  upcasters: {
    1: (data) => {
      const v1 = data as { directors: Array<{ directorId: string; name: string } & Record<string, unknown>> };
      return {
        ...v1,
        directors: v1.directors.map(({ name, ...director }) => ({
          ...director,
          person: plainPerson(directorSubject(director.directorId), { name }),
        })),
      };
    },
  },
});

export const BoardMeetingConvened = defineEvent({
  type: 'BoardMeetingConvened',
  schemaVersion: 1,
  schema: z.object({
    meetingId: Id,
    convenedOn: BusinessDate,
    heldOn: BusinessDate,
    place: z.string().min(1).max(200),
    agenda: z.array(z.string().min(1).max(500)).min(1),
  }),
});

/** Attendance, and the quorum of c.c. art. 2388: a majority of the directors in office. */
export const BoardMeetingHeld = defineEvent({
  type: 'BoardMeetingHeld',
  schemaVersion: 1,
  schema: z.object({
    meetingId: Id,
    present: z.array(z.string().min(1)),
    inOffice: z.number().int().min(1),
    quorumReached: z.boolean(),
  }),
});

/** A director's interest in an item (c.c. art. 2391), stated in the resolution. */
export const ConflictOfInterestDeclared = defineEvent({
  type: 'ConflictOfInterestDeclared',
  schemaVersion: 1,
  schema: z.object({
    meetingId: Id,
    item: z.number().int().min(1),
    directorId: z.string().min(1),
    interest: z.string().min(1).max(2_000),
  }),
});

const Vote = z.object({ directorId: z.string().min(1), vote: z.enum(['for', 'against', 'abstain']) });
const ResolutionData = z.object({
  meetingId: Id,
  resolutionId: z.string().min(1).max(100),
  /** The day of the meeting. */
  decidedOn: BusinessDate,
  item: z.number().int().min(1),
  text: z.string().min(1).max(20_000),
  votes: z.array(Vote),
  tally: z.object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int(), present: z.number().int() }),
  majorityRule: z.string(),
  decides: z.array(Decision),
  /** c.c. art. 2391 c. 2: why the operation is in the cooperative's interest, where a director declared an interest. */
  reasons: z.string().min(1).max(20_000).optional(),
});

/** Who signed the minutes, each sealed with a key of their own: `{ name }`. */
export const Signatories = z.object({ president: SealedPersonalDataSchema, secretary: SealedPersonalDataSchema });
export type Signatories = z.infer<typeof Signatories>;

/** v1 → v2 of the minutes' events: the signatories' plain names lifted to the `none` scheme. */
export const sealSignatoriesV1 = (meetingId: string, v1: { president: string; secretary: string }) => ({
  president: plainPerson(signatorySubject(meetingId, 'president'), { name: v1.president }),
  secretary: plainPerson(signatorySubject(meetingId, 'secretary'), { name: v1.secretary }),
});

/** The minutes of a board meeting (c.c. art. 2421 c. 1 n. 4), fixed by their sha256. */
export const BoardMinutesApproved = defineEvent({
  type: 'BoardMinutesApproved',
  schemaVersion: 2,
  schema: z.object({
    meetingId: Id,
    signatories: Signatories,
    minutesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  upcasters: {
    1: (data) => {
      const { president, secretary, ...v1 } = data as { meetingId: string; president: string; secretary: string };
      return { ...v1, signatories: sealSignatoriesV1(v1.meetingId, { president, secretary }) };
    },
  },
});

export const BoardResolutionAdopted = defineEvent({ type: 'BoardResolutionAdopted', schemaVersion: 1, schema: ResolutionData });
export const BoardResolutionRejected = defineEvent({ type: 'BoardResolutionRejected', schemaVersion: 1, schema: ResolutionData });

export const governanceEvents = [
  StatuteSettingsAdopted,
  BoardElected,
  BoardMeetingConvened,
  BoardMeetingHeld,
  ConflictOfInterestDeclared,
  BoardResolutionAdopted,
  BoardResolutionRejected,
  BoardMinutesApproved,
];

export type GovernanceEvent = DomainEventOf<(typeof governanceEvents)[number]>;
export type ResolutionData = z.infer<typeof ResolutionData>;

export const BOARD_STREAM = 'board-main';
export const boardMeetingStream = (meetingId: string) => `boardMeeting-${meetingId}`;
