import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import { ContractChanges, ContractTerms } from '../domain/work-events.js';

/**
 * What the work reads answer, field by field as their controllers build them (the OpenAPI
 * document's success schemas; `test/e2e/openapi-answers.e2e.spec.ts` holds them to the real answers).
 */

const Basis = z.string().describe('The article the report applies');

/** A worker or volunteer as a read names them: the name opened through the vault, null once erased. */
const PersonRef = z.object({
  kind: z.enum(['member', 'non_member']),
  id: z.uuid().describe('The member id, or the non-member person id'),
  name: z.string().nullable(),
});

const PayTable = z.object({
  agreement: z.string(),
  effectiveFrom: BusinessDate,
  fullTimeWeeklyHours: z.number(),
  minimumMonthlyPayCents: z.record(z.string(), z.number().int()),
});
export const PayTablesAnswer = z.object({ payTables: z.array(PayTable) });

/** A contract as in force on a date: its terms then (amendments applied). */
const ContractView = ContractTerms.extend({
  contractId: z.uuid(),
  worker: PersonRef,
  signedOn: BusinessDate,
  boardResolutionId: z.string().nullable(),
});
export const ContractsAnswer = z.object({ asOf: BusinessDate, contracts: z.array(ContractView) });

export const ContractAnswer = ContractView.extend({
  asSigned: ContractTerms,
  amendments: z.array(z.object({ effectiveFrom: BusinessDate, changes: ContractChanges })),
  endedOn: BusinessDate.nullable(),
  endReason: z.string().nullable(),
  events: z.array(z.object({ id: z.string(), type: z.string(), position: z.string() })),
});

const PayLine = z.object({ contractId: z.uuid(), annualCents: z.number().int() }).nullable();
export const PayRatioAnswer = z.object({
  date: BusinessDate,
  employees: z.number().int(),
  highest: PayLine,
  lowest: PayLine,
  ratio: z.number().nullable().describe('Highest over lowest full-time-equivalent annual pay; null without employees'),
  limit: z.number(),
  withinLimit: z.boolean(),
  basis: Basis,
});

export const BelowMinimumAnswer = z.object({
  asOf: BusinessDate,
  basis: Basis,
  contracts: z.array(
    z.object({
      contractId: z.uuid(),
      agreement: z.string(),
      tableEffectiveFrom: BusinessDate,
      level: z.string(),
      weeklyHours: z.number(),
      grossMonthlyPayCents: z.number().int(),
      minimumCents: z.number().int(),
      worker: PersonRef,
      shortfallCents: z.number().int(),
    }),
  ),
});

export const PrevalenceAnswer = z.object({
  year: z.number().int(),
  memberCostCents: z.number().int(),
  nonMemberCostCents: z.number().int(),
  memberShare: z.number().nullable().describe('Members’ share of the labour cost, 4 decimals; null without costs'),
  complete: z.boolean().describe('Whether the whole year, or its 12 months, are recorded'),
  periods: z.array(
    z.object({
      period: z.string().describe('YYYY or YYYY-MM'),
      memberCostCents: z.number().int(),
      nonMemberCostCents: z.number().int(),
      recordedOn: BusinessDate,
      versions: z.number().int().describe('Figures recorded for the period; more than one means corrections'),
    }),
  ),
  basis: Basis,
});

export const RegulationsAnswer = z.object({
  regulations: z.array(
    z.object({
      regulationId: z.string(),
      title: z.string(),
      adoptedOn: BusinessDate,
      assemblyResolutionId: z.string(),
      textSha256: z.string(),
      filing: z.object({ filedOn: BusinessDate, office: z.string(), protocol: z.string() }).nullable(),
      filingDue: BusinessDate,
      warning: z.string().nullable(),
    }),
  ),
});

export const TrainingReportAnswer = z.object({
  year: z.number().int(),
  people: z.number().int(),
  hours: z.number(),
  hoursByKind: z.record(z.string(), z.number()),
  hoursByUnit: z.record(z.string(), z.number()).describe('`(none)` for training tied to no unit'),
});

const Cover = z.object({
  insurer: z.string(),
  policyNumber: z.string().nullable().describe('null once the volunteer’s data are erased'),
  coveredFrom: BusinessDate,
  coveredUntil: BusinessDate,
});

const VolunteerRegisterEntry = z.object({
  number: z.number().int(),
  volunteerId: z.uuid(),
  kind: z.enum(['member', 'non_member']),
  memberId: z.uuid().nullable(),
  familyName: z.string().nullable(),
  givenName: z.string().nullable(),
  fiscalCode: z.string().nullable(),
  birthDate: BusinessDate.nullable(),
  personalDataErased: z.boolean(),
  enrolledOn: BusinessDate,
  leftOn: BusinessDate.nullable(),
  leftReason: z.string().nullable(),
  unit: z.string(),
  activity: z.string().nullable(),
  insurance: z.array(Cover),
  insuredOn: z.boolean(),
});
export const VolunteerRegisterAnswer = z
  .object({ asOf: BusinessDate, volunteers: z.array(VolunteerRegisterEntry) })
  .describe('The register of volunteers (registro dei volontari, CTS art. 17 c. 1)');

export const UncoveredActivityAnswer = z.object({
  asOf: BusinessDate,
  basis: Basis,
  activities: z.array(
    z.object({ activityId: z.string(), volunteerId: z.uuid(), date: BusinessDate, minutes: z.number().int(), unit: z.string() }),
  ),
});

const VolunteerView = z.object({
  volunteerId: z.uuid(),
  volunteer: PersonRef,
  enrolledOn: BusinessDate,
  unit: z.string(),
  contactWithMinors: z.boolean(),
  criminalRecordCheckedOn: BusinessDate.nullable(),
  insuredOn: z.boolean(),
  hours: z.number(),
  reimbursedCents: z.number().int(),
});
export const VolunteersAnswer = z.object({ asOf: BusinessDate, volunteers: z.array(VolunteerView) });
export const VolunteerAnswer = VolunteerView.extend({ coverage: z.array(Cover) });

export const VolunteeringYearAnswer = z.object({
  year: z.number().int(),
  volunteersActive: z.number().int(),
  byActivity: z
    .array(z.object({ activity: z.string().nullable(), volunteers: z.number().int(), hours: z.number() }))
    .describe('Hours by the activity each volunteer is enrolled for (null: none recorded)'),
  hours: z.number(),
  byUnitAndMonth: z.array(z.object({ unit: z.string(), month: z.string().describe('YYYY-MM'), hours: z.number() })),
  reimbursements: z.number().int(),
  reimbursedCents: z.number().int(),
});
