import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';

/** What the reads of a meeting in progress answer: the shapes the OpenAPI document shows. */

const Call = z.enum(['first', 'second']);
const Tally = z.object({ for: z.number(), against: z.number(), abstain: z.number() });

/** A person named in a record: the name, or null with `personalDataErased: true` once erased. */
const Named = {
  name: z.string().nullable(),
  personalDataErased: z.literal(true).optional().describe('Present, true, when the person’s data were erased'),
};

const Minutes = z
  .object({
    president: z.string().nullable(),
    secretary: z.string().nullable(),
    minutesSha256: z.string(),
    approvedAt: z.string().optional(),
    personalDataErased: z.literal(true).optional(),
  })
  .nullable();

export const AssemblyView = z
  .object({
    assemblyId: z.uuid(),
    kind: z.enum(['ordinary', 'extraordinary']),
    status: z
      .enum(['convened', 'deserted', 'opened', 'closed'])
      .describe('deserted: the first call did not reach its quorum and the second call is awaited (G4)'),
    noticeSentOn: BusinessDate,
    firstCall: z.object({ date: BusinessDate, place: z.string() }),
    secondCall: z.object({ date: BusinessDate, place: z.string() }).nullable(),
    agenda: z.array(z.string()),
    calls: z
      .array(
        z.object({
          call: Call,
          heldOn: BusinessDate,
          place: z.string().nullable(),
          votesPresent: z.number(),
          totalVotes: z.number(),
          quorumRequired: z.number(),
          quorumReached: z.boolean(),
          deserted: z.boolean(),
        }),
      )
      .describe('Every call opened, in order (c.c. art. 2369): a deserted first call, then the second'),
    quorum: z
      .object({ reached: z.boolean(), call: Call })
      .nullable()
      .describe('The quorum of the call the assembly is held on (G4); null until a call is opened'),
    financingWeight: z
      .number()
      .nullable()
      .describe('G1: what each financing member’s vote counts, so together they hold at most a third of the votes present'),
    attendance: z.array(
      z.object({
        memberId: z.uuid(),
        ...Named,
        call: Call.nullable().describe('The call attended; null before any call is opened'),
        hasVote: z.boolean(),
        votesInPerson: z.number(),
        proxies: z.array(z.object({ grantor: z.uuid(), ...Named, votes: z.number() })),
        votesByProxy: z.number(),
        votesHeld: z.number().describe('In person and by proxy (c.c. art. 2375: the votes each held)'),
      }),
    ),
    proxies: z.array(z.object({ grantor: z.uuid(), holder: z.uuid() })),
    motions: z.array(
      z.object({
        motionId: z.string(),
        item: z.number(),
        text: z.string(),
        state: z.enum(['open', 'adopted', 'rejected']),
        votesCast: z.number(),
        tally: Tally.describe('While open, the votes cast so far; once resolved, the declared tally'),
        majorityRule: z.string().nullable().describe('The majority the result was declared by; null while open'),
        votes: z
          .array(
            z.object({
              memberId: z.uuid(),
              ...Named,
              vote: z.enum(['for', 'against', 'abstain']),
              weight: z.number(),
              byProxy: z.boolean(),
              castBy: z.uuid().describe('The member who cast it: the proxy holder for a vote by proxy'),
            }),
          )
          .describe('Each member’s vote, in recorded order (favorevole, contrario, astenuto)'),
        resolutionId: z.string().nullable(),
      }),
    ),
    closedOn: BusinessDate.nullable(),
    minutes: Minutes,
  })
  .describe('An assembly as it stands: convening, calls, attendance, quorum, motions');

const Director = z.object({ directorId: z.string(), ...Named });

export const BoardMeetingView = z
  .object({
    meetingId: z.uuid(),
    status: z.enum(['convened', 'held']),
    convenedOn: BusinessDate,
    heldOn: BusinessDate,
    place: z.string(),
    agenda: z.array(z.string()),
    directorsInOffice: z
      .array(Director.extend({ role: z.string(), memberId: z.uuid().nullable() }))
      .describe('The board in office on the meeting’s date (G6)'),
    present: z.array(Director).nullable().describe('null until the attendance is recorded'),
    quorumReached: z.boolean().nullable().describe('A majority of the directors in office present (c.c. art. 2388 c. 1)'),
    conflicts: z
      .array(Director.extend({ item: z.number(), interest: z.string() }))
      .describe('Interests declared (c.c. art. 2391 c. 1)'),
    resolutions: z.array(
      z.object({
        resolutionId: z.string(),
        item: z.number(),
        text: z.string(),
        outcome: z.enum(['adopted', 'rejected']),
        votes: z.array(Director.extend({ vote: z.enum(['for', 'against', 'abstain']) })),
        tally: Tally.extend({ present: z.number() }),
        majorityRule: z.string(),
        reasons: z.string().nullable().describe('Motivazione (c.c. art. 2391 c. 2)'),
      }),
    ),
    minutes: Minutes,
  })
  .describe('A board meeting as it stands: the directors in office, who is present, conflicts, resolutions');

export const BoardTermsView = z
  .object({
    terms: z.array(
      z.object({
        electedOn: BusinessDate,
        termEndsOn: BusinessDate,
        directors: z.array(Director.extend({ role: z.string(), memberId: z.string().nullable() })),
      }),
    ),
  })
  .describe('Every board term recorded, oldest first (the one in office covers today: G6)');
