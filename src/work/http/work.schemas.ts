import { z } from 'zod';
import { BusinessDate, Cents, NonNegativeCents } from '../../platform/schemas/values.js';
import { NaturalPerson } from '../../shared-kernel/person.js';
import { Expense } from '../domain/volunteer-events.js';
import { Period } from '../domain/workplace-events.js';
import { CcnlLevel, ContractChanges, ContractEndReason, ContractForm, ContractTerms } from '../domain/work-events.js';

export const WorkerInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member'), memberId: z.uuid() }).describe('A worker member (socio lavoratore)'),
  NaturalPerson.extend({ kind: z.literal('non_member'), birthDate: BusinessDate.optional() }).describe(
    'A non-member worker; their data are sealed (encrypted with their own key), never stored in plain',
  ),
]);

/** The terms as a client sends them (defaults filled in). */
export const ContractTermsInput = ContractTerms.extend({
  agreement: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('The collective agreement (CCNL) whose pay table applies (W2); the first agreement recorded when absent'),
  unit: z.string().trim().min(1).max(200),
  contactWithMinors: z.boolean().describe('Direct and regular contact with minors (W3b)'),
  criminalRecordCheckedOn: BusinessDate.nullable()
    .default(null)
    .describe('Date the criminal-record certificate was checked (W3b, D.P.R. 313/2002 art. 25-bis)'),
  endsOn: BusinessDate.nullable().default(null).describe('Last day of a fixed-term contract; null if open-ended'),
  level: CcnlLevel.nullable().default(null).describe('Level of the collective agreement (required for subordinate work, W2)'),
});

export const SignContractBody = ContractTermsInput.extend({
  worker: WorkerInput,
  signedOn: BusinessDate.optional().describe('Date of signature; today (Europe/Rome) when absent'),
}).describe('A work contract signed under the powers the board delegated (W1, W2, W3, W3b)');

export const PayTableBody = z
  .object({
    agreement: z.string().trim().min(1).max(200),
    effectiveFrom: BusinessDate,
    fullTimeWeeklyHours: z.number().positive().max(48).default(38),
    minimumMonthlyPayCents: z.record(CcnlLevel, Cents.min(1).max(100_000_000)),
  })
  .describe('The collective agreement’s minimum gross monthly pay per level for full-time work, from a date (W2)');

export const ContractParams = z.object({ contractId: z.uuid() });
export const WorkerParams = z.object({ personId: z.uuid().describe('The non-member worker’s person id') });

export const AmendBody = z
  .object({
    amendedOn: BusinessDate,
    effectiveFrom: BusinessDate,
    changes: ContractChanges.refine((c) => Object.keys(c).length > 0, 'name at least one term to change'),
  })
  .describe('An amendment of the terms from a date (checked again against W2 and W3)');

export const EndBody = z.object({ endedOn: BusinessDate.describe('The last day worked'), reason: ContractEndReason });

export const ContractsQuery = z.object({
  asOf: BusinessDate.optional().describe('Contracts in force at the end of this day; today when absent'),
  unit: z.string().trim().min(1).max(200).optional(),
  form: ContractForm.optional(),
});

export const AsOfQuery = z.object({ asOf: BusinessDate.optional() });

export const EnrolVolunteerBody = z
  .object({
    volunteer: WorkerInput,
    enrolledOn: BusinessDate,
    unit: z.string().trim().min(1).max(200),
    activity: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('The activity the volunteer gives, as the register of volunteers lists it (W4b)'),
    contactWithMinors: z.boolean().describe('Direct and regular contact with minors (W3b)'),
    criminalRecordCheckedOn: BusinessDate.nullable().default(null),
  })
  .describe('A volunteer: a member of the volunteer category, or a non-member (L. 381/1991 art. 2; CTS art. 17)');

export const VolunteerParams = z.object({ volunteerId: z.uuid() });

export const VolunteerExitBody = z
  .object({
    leftOn: BusinessDate.describe('The last day of volunteering'),
    reason: z.enum(['resignation', 'end_of_activity', 'revocation', 'death', 'other']),
  })
  .describe('The volunteer’s exit, as the register of volunteers records it (W4b)');

export const InsureBody = z
  .object({
    insurer: z.string().trim().min(1).max(200),
    policyNumber: z.string().trim().min(1).max(100),
    coveredFrom: BusinessDate,
    coveredUntil: BusinessDate,
  })
  .describe('The volunteer’s insurance (W4: before any activity)');

export const ActivityBody = z.object({
  date: BusinessDate,
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  unit: z.string().trim().min(1).max(200),
  activity: z.string().trim().min(1).max(2_000),
});

export const ReimbursementBody = z
  .object({
    paidOn: BusinessDate,
    expenses: z
      .array(
        Expense.extend({
          description: z.string().trim().min(1).max(500),
          documentRef: z.string().trim().min(1).max(200).describe('The receipt or ticket the expense rests on'),
        }),
      )
      .min(1)
      .max(500),
  })
  .describe('Documented expenses of days with activity, reimbursed (W4: volunteers are never paid)');

export const YearQuery = z.object({ year: z.coerce.number().int().min(1900).max(2999) });

export const LabourCostBody = z
  .object({
    period: Period,
    memberCostCents: NonNegativeCents.max(100_000_000_000),
    nonMemberCostCents: NonNegativeCents.max(100_000_000_000),
    recordedOn: BusinessDate,
    correction: z.string().trim().min(1).max(2_000).optional().describe('Why this replaces the figure already recorded'),
  })
  .describe('The labour cost of a year or month, members’ and non-members’ apart (W5)');

export const RegulationBody = z.object({
  title: z.string().trim().min(1).max(300),
  adoptedOn: BusinessDate,
  assemblyResolutionId: z.string().trim().min(1).max(100),
  text: z.string().min(1).max(1_000_000).describe('The regulation’s text; its sha256 is recorded'),
});
export const RegulationParams = z.object({ regulationId: z.uuid() });
export const FilingBody = z.object({
  filedOn: BusinessDate,
  office: z.string().trim().min(1).max(200),
  protocol: z.string().trim().min(1).max(100),
});

export const TrainingBody = z.object({
  personId: z.uuid().describe('A member id, or the person id of a non-member worker or volunteer'),
  course: z.string().trim().min(1).max(300),
  hours: z.number().positive().max(2_000),
  completedOn: BusinessDate,
  unit: z.string().trim().min(1).max(200).nullable().default(null),
  kind: z.enum(['mandatory', 'professional']),
});

const Tally = z.object({ contracts: z.number().int(), weeklyHours: z.number() });
export const WorkforceReport = z.object({
  asOf: z.string(),
  contracts: z.number().int().describe('contracts in force that day'),
  weeklyHours: z.number(),
  members: Tally.describe('of worker members (soci lavoratori)'),
  nonMembers: Tally,
  byForm: z.record(z.string(), Tally).describe('by contract form (L. 142/2001 art. 1 c. 3)'),
  byLevel: z.record(z.string(), Tally).describe('by CCNL level; `none` for contracts without one'),
});
