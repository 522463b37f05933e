import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import { DirectorInput, MembershipDecisions } from '../domain/governance-events.js';
import { PartnershipDecisions } from '../domain/partnership-decisions.js';
import { StatuteSettings } from '../domain/statute.js';
import { ContractTermsInput, WorkerInput } from '../../work/public.js';

const Id = z.string().trim().min(1).max(100);

/**
 * What a resolution decides, as a client sends it: the decisions of the event, except that a
 * contract's non-member worker is given by name and fiscal code, sealed before it is recorded.
 */
export const DecisionInput = z.discriminatedUnion('kind', [
  ...MembershipDecisions,
  z.object({
    kind: z.literal('approve-contract'),
    contractId: z.uuid().describe('The id the contract will have (a UUID you choose), to follow it up'),
    worker: WorkerInput,
    terms: ContractTermsInput,
  }),
  ...PartnershipDecisions,
]);
export type DecisionInput = z.infer<typeof DecisionInput>;

export const ElectBoardBody = z
  .object({
    electedOn: BusinessDate,
    termEndsOn: BusinessDate,
    assemblyResolutionId: Id,
    directors: z
      .array(DirectorInput)
      .min(1)
      .max(50)
      .describe('Each name is sealed: with the member’s own key for a member, a key of their own otherwise'),
  })
  .describe('The board elected by the assembly (G6: a majority of directors are members, c.c. art. 2542 c. 2)');

export const ConveneBody = z.object({
  convenedOn: BusinessDate,
  heldOn: BusinessDate,
  place: z.string().trim().min(1).max(200),
  agenda: z.array(z.string().trim().min(1).max(500)).min(1).max(100),
});

export const MeetingParams = z.object({ meetingId: z.uuid() });
export const AttendanceBody = z
  .object({ present: z.array(Id).max(50) })
  .describe('Directors present in person (no proxies among directors)');
export const ConflictBody = z.object({
  item: z.number().int().min(1),
  directorId: Id,
  interest: z.string().trim().min(1).max(2_000),
});
export const ResolutionBody = z
  .object({
    resolutionId: Id,
    item: z.number().int().min(1),
    text: z.string().trim().min(1).max(20_000),
    votes: z.array(z.object({ directorId: Id, vote: z.enum(['for', 'against', 'abstain']) })).max(50),
    decides: z
      .array(DecisionInput)
      .max(500)
      .default([])
      .describe('What it decides; carried out by the process manager when adopted (G7)'),
    reasons: z
      .string()
      .trim()
      .min(1)
      .max(20_000)
      .optional()
      .describe(
        'Motivazione: why the operation is in the cooperative’s interest; required where a director declared an interest in the item (G6, c.c. art. 2391 c. 2)',
      ),
  })
  .describe('A board resolution: adopted by the majority of the directors present (c.c. art. 2388 c. 2)');

export const ResolutionParams = z.object({ resolutionId: Id });
export const EventParams = z.object({ eventId: z.uuid() });
export const TrailQuery = z.object({ after: z.string().optional() });

export const StatuteBody = z.object({ adoptedOn: BusinessDate, assemblyResolutionId: Id, settings: StatuteSettings });

export const MinutesBody = z.object({
  president: z.string().trim().min(1).max(200),
  secretary: z.string().trim().min(1).max(200),
  minutesText: z.string().min(1).max(1_000_000),
});
