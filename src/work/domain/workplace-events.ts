import { z } from 'zod';
import { BusinessDate, Id, NonNegativeCents } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';

/** Labour costs: at most a billion euro. */
const CostCents = NonNegativeCents.max(100_000_000_000);

/** A month (`2026-03`) or a whole year (`2026`). */
export const Period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'a year (YYYY) or a month (YYYY-MM)');

/** W5: the labour cost of a period from payroll, members' and non-members' apart (c.c. art. 2512–2513). */
export const LabourCostRecorded = defineEvent({
  type: 'LabourCostRecorded',
  schemaVersion: 1,
  schema: z.object({
    period: Period,
    memberCostCents: CostCents,
    nonMemberCostCents: CostCents,
    recordedOn: BusinessDate,
    /** Set when it replaces an earlier figure for the same period: why. */
    correctionOf: z.object({ reason: z.string().min(1).max(2_000) }).nullable(),
  }),
});

/** The internal regulation of L. 142/2001 art. 6, adopted by an assembly resolution. */
export const InternalRegulationAdopted = defineEvent({
  type: 'InternalRegulationAdopted',
  schemaVersion: 1,
  schema: z.object({
    regulationId: Id,
    title: z.string().min(1).max(300),
    adoptedOn: BusinessDate,
    assemblyResolutionId: z.string().min(1).max(100),
    /** The sha256 of the regulation's text as adopted. */
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

/** Filed with the labour inspectorate, which W2 asks within 30 days of the adoption (L. 142/2001 art. 6 c. 2). */
export const InternalRegulationFiled = defineEvent({
  type: 'InternalRegulationFiled',
  schemaVersion: 1,
  schema: z.object({
    regulationId: Id,
    filedOn: BusinessDate,
    office: z.string().min(1).max(200),
    protocol: z.string().min(1).max(100),
  }),
});

/** Training completed by a worker or volunteer: the people's growth the social report accounts for. */
export const TrainingCompleted = defineEvent({
  type: 'TrainingCompleted',
  schemaVersion: 1,
  schema: z.object({
    trainingId: Id,
    /** A member's id or a non-member worker's or volunteer's person id. */
    personId: Id,
    course: z.string().min(1).max(300),
    hours: z.number().positive().max(2_000),
    completedOn: BusinessDate,
    unit: z.string().min(1).max(200).nullable(),
    /** Mandatory training (e.g. workplace safety, D.Lgs. 81/2008 art. 37) or professional development. */
    kind: z.enum(['mandatory', 'professional']),
  }),
});

export const workplaceEvents = [LabourCostRecorded, InternalRegulationAdopted, InternalRegulationFiled, TrainingCompleted];
export type WorkplaceEvent = DomainEventOf<(typeof workplaceEvents)[number]>;

export const LABOUR_COST_STREAM = 'labourCost-main';
export const REGULATION_STREAM = 'internalRegulation-main';
export const trainingStream = (year: string): `training-${string}` => `training-${year}`;

/** W2: days within which the internal regulation is filed after its adoption. */
export const REGULATION_FILING_DAYS = 30;
