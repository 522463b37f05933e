import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import { StatuteSettings } from '../domain/statute.js';

/**
 * What the governance reads answer beside the views of progress.schemas.ts (the OpenAPI
 * document's success schemas; `test/e2e/openapi-answers.e2e.spec.ts` holds them to the real
 * answers).
 */

export const StatuteAnswer = z.object({
  settings: StatuteSettings,
  adopted: z.boolean().describe('false while the legal defaults apply (no statute settings adopted yet)'),
});

export const VotersAnswer = z
  .object({
    assemblyId: z.uuid(),
    voters: z.array(
      z.object({
        memberId: z.uuid(),
        memberNumber: z.number().int(),
        category: z.string(),
        votes: z.number().int(),
        reason: z.string().nullable().describe('Why the member has no vote on the date (G2); null when they vote'),
        name: z.string().nullable(),
      }),
    ),
  })
  .describe('The voters’ list on the assembly’s date (G2, c.c. art. 2538 c. 1)');

export const ParticipationAnswer = z.array(
  z.object({
    assemblyId: z.uuid(),
    date: BusinessDate,
    kind: z.enum(['ordinary', 'extraordinary']),
    votesPresent: z.number(),
    totalVotes: z.number().nullable(),
    turnout: z.number().nullable(),
    byCategory: z.record(
      z.string(),
      z.object({ present: z.number().int(), represented: z.number().int(), votes: z.number().int() }),
    ),
  }),
);

const Tally = z.object({ for: z.number(), against: z.number(), abstain: z.number() });
const Vote = z.enum(['for', 'against', 'abstain']);

const Decision = z
  .object({ kind: z.string().describe('admit, reject, approve-contract, agree-partnership, …') })
  .loose()
  .describe('A decision as the resolution carries it (its fields by kind, as in the resolution’s request), names opened');

/** What the trail of any resolution holds. */
const TrailCommon = {
  resolutionId: z.string(),
  eventId: z.string().describe('The event that recorded the resolution'),
  position: z.string(),
  outcome: z.enum(['adopted', 'rejected']),
  caused: z
    .array(
      z.object({
        id: z.string(),
        type: z.string(),
        stream: z.string(),
        revision: z.string(),
        position: z.string(),
        recordedAt: z.string(),
      }),
    )
    .describe('Every event the resolution caused (G7), linked by its causationId'),
  decisions: z.array(
    z.object({
      commandId: z.string(),
      index: z.number().int(),
      decision: Decision,
      status: z.enum(['done', 'refused']),
      rule: z.string().nullable().describe('The rule that refused it (say M4)'),
      detail: z.string().nullable(),
    }),
  ),
};

const BoardTrail = z.object({
  ...TrailCommon,
  body: z.literal('board'),
  resolution: z.object({
    meetingId: z.uuid(),
    resolutionId: z.string(),
    decidedOn: BusinessDate,
    item: z.number().int(),
    text: z.string(),
    votes: z.array(z.object({ directorId: z.string(), vote: Vote })),
    tally: Tally.extend({ present: z.number() }),
    majorityRule: z.string(),
    reasons: z.string().optional().describe('Motivazione (c.c. art. 2391 c. 2), where a director declared an interest'),
    decides: z.array(Decision),
  }),
  votes: z.array(
    z.object({
      directorId: z.string(),
      vote: Vote,
      name: z.string().nullable(),
      personalDataErased: z.literal(true).optional(),
    }),
  ),
  meeting: z
    .object({
      meetingId: z.uuid(),
      convenedOn: BusinessDate,
      heldOn: BusinessDate,
      place: z.string(),
      agenda: z.array(z.string()),
      conflicts: z.array(z.object({ item: z.number().int(), directorId: z.string() }).loose()),
    })
    .loose()
    .nullable()
    .describe('The meeting as its book records it (attendance, quorum, minutes), names opened; its conflicts on this item'),
});

const AssemblyTrail = z.object({
  ...TrailCommon,
  body: z.literal('assembly'),
  resolution: z.object({
    assemblyId: z.uuid(),
    motionId: z.string(),
    resolutionId: z.string(),
    decidedOn: BusinessDate,
    tally: Tally,
    majorityRule: z.string(),
    decides: z.array(Decision),
  }),
  assembly: z
    .object({ assemblyId: z.uuid(), kind: z.enum(['ordinary', 'extraordinary']), agenda: z.array(z.string()) })
    .loose()
    .nullable()
    .describe('The assembly as its book records it: convening, notice, calls, attendance, minutes, names opened'),
  motion: z
    .object({
      motionId: z.string(),
      item: z.number().int(),
      text: z.string(),
      votes: z.array(
        z.object({ memberId: z.uuid(), vote: Vote, name: z.string().nullable(), castByName: z.string().nullable() }).loose(),
      ),
    })
    .loose()
    .nullable(),
});

export const TrailAnswer = z
  .discriminatedUnion('body', [BoardTrail, AssemblyTrail])
  .describe('The decision trail of a resolution (G7): board or assembly, and every event it caused');
