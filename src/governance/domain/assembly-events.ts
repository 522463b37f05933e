import { z } from 'zod';
import { BusinessDate, Id } from '../../platform/schemas/values.js';
import { PartnershipDecisions } from './partnership-decisions.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { sealSignatoriesV1, Signatories } from './governance-events.js';

const Call = z.object({ date: BusinessDate, place: z.string().min(1).max(200) });

/** An assembly of the members (assemblea dei soci), convened with its agenda (G5). */
export const AssemblyConvened = defineEvent({
  type: 'AssemblyConvened',
  schemaVersion: 1,
  schema: z.object({
    assemblyId: Id,
    kind: z.enum(['ordinary', 'extraordinary']),
    firstCall: Call,
    secondCall: Call.nullable(),
    agenda: z.array(z.string().min(1).max(500)).min(1),
    noticeSentOn: BusinessDate,
    /** G5: whether members may vote by post or remote means, as the statute allows. */
    remoteVoting: z.boolean().default(false),
    /** G5: the full text of each motion, one per agenda item, when remote votes are allowed. */
    motionTexts: z.array(z.string().min(1)).nullable().default(null),
  }),
});

/** G3: a member with a vote gives a proxy to another member with a vote, not a director. */
export const ProxyGranted = defineEvent({
  type: 'ProxyGranted',
  schemaVersion: 1,
  schema: z.object({ assemblyId: Id, grantor: Id, holder: Id }),
});

export const AttendanceRecorded = defineEvent({
  type: 'AttendanceRecorded',
  schemaVersion: 1,
  schema: z.object({ assemblyId: Id, memberId: Id, hasVote: z.boolean() }),
});

/**
 * G4: the quorum of the call, counted in votes present in person or by proxy. A first call
 * with `quorumReached: false` is deserted (deserta): the assembly then opens on its second call.
 */
export const AssemblyOpened = defineEvent({
  type: 'AssemblyOpened',
  schemaVersion: 1,
  schema: z.object({
    assemblyId: Id,
    call: z.enum(['first', 'second']),
    heldOn: BusinessDate,
    /** The call's place from the notice (written for second calls; the first call's place is in the notice). */
    place: z.string().min(1).max(200).optional(),
    votesPresent: z.number().int().min(0),
    totalVotes: z.number().int().min(0),
    quorumRequired: z.number().int().min(0),
    quorumReached: z.boolean(),
    /** G1: each financing member's vote counts this much, so together they hold at most a third of the votes present. */
    financingWeight: z.number().min(0).max(1),
  }),
});

/** What an assembly resolution decides in another context (G7): the appeal of a rejected applicant (M3), a partnership. */
export const AssemblyDecision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('decide-appeal'), applicationId: Id, outcome: z.enum(['upheld', 'dismissed']) }),
  ...PartnershipDecisions,
]);
export type AssemblyDecision = z.infer<typeof AssemblyDecision>;

export const MotionPut = defineEvent({
  type: 'MotionPut',
  schemaVersion: 1,
  schema: z.object({
    assemblyId: Id,
    motionId: z.string().min(1).max(100),
    item: z.number().int().min(1),
    text: z.string().min(1).max(20_000),
    decides: z.array(AssemblyDecision).default([]),
  }),
});

/** G1: one member, one vote (legal persons up to the statute's votes), cast in person or by the proxy holder. */
export const VoteCast = defineEvent({
  type: 'VoteCast',
  schemaVersion: 1,
  schema: z.object({
    assemblyId: Id,
    motionId: z.string().min(1),
    memberId: Id,
    castBy: Id,
    byProxy: z.boolean(),
    /** G5: cast by post or remote means, recorded as such. */
    remote: z.boolean().default(false),
    vote: z.enum(['for', 'against', 'abstain']),
    weight: z.number().positive(),
  }),
});

const Outcome = z.object({
  assemblyId: Id,
  motionId: z.string().min(1),
  resolutionId: z.string().min(1).max(100),
  tally: z.object({ for: z.number(), against: z.number(), abstain: z.number() }),
  majorityRule: z.string(),
  /** The day the assembly was held. */
  decidedOn: BusinessDate,
  decides: z.array(AssemblyDecision).default([]),
});
export const ResolutionAdopted = defineEvent({ type: 'ResolutionAdopted', schemaVersion: 1, schema: Outcome });
export const ResolutionRejected = defineEvent({ type: 'ResolutionRejected', schemaVersion: 1, schema: Outcome });

export const AssemblyClosed = defineEvent({
  type: 'AssemblyClosed',
  schemaVersion: 1,
  schema: z.object({ assemblyId: Id, closedOn: BusinessDate }),
});

/** The minutes (c.c. art. 2375), approved by president and secretary, fixed by their sha256. */
export const MinutesApproved = defineEvent({
  type: 'MinutesApproved',
  schemaVersion: 2,
  schema: z.object({
    assemblyId: Id,
    /** The president and secretary, each sealed with a key of their own (personal data). */
    signatories: Signatories,
    minutesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  upcasters: {
    1: (data) => {
      const { president, secretary, ...v1 } = data as { assemblyId: string; president: string; secretary: string };
      return { ...v1, signatories: sealSignatoriesV1(v1.assemblyId, { president, secretary }) };
    },
  },
});

export const assemblyEvents = [
  AssemblyConvened,
  ProxyGranted,
  AttendanceRecorded,
  AssemblyOpened,
  MotionPut,
  VoteCast,
  ResolutionAdopted,
  ResolutionRejected,
  AssemblyClosed,
  MinutesApproved,
];

export type AssemblyEvent = DomainEventOf<(typeof assemblyEvents)[number]>;
export const assemblyStream = (assemblyId: string) => `assembly-${assemblyId}`;
