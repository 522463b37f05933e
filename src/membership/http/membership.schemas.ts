import { z } from 'zod';
import { isValidEntityFiscalCode } from '../../shared-kernel/fiscal-code.js';
import { NaturalPerson } from '../../shared-kernel/person.js';
import { BusinessDate } from '../../platform/schemas/values.js';
import { MemberCategory } from '../domain/membership-events.js';

/**
 * What the membership routes take: the request bodies of the commands, the path parameters and
 * the query strings of the reads. What they answer is in `membership-answers.schemas.ts`.
 */

const Address = z.object({
  street: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().regex(/^\d{5}$/, 'an Italian postal code (CAP) has 5 digits'),
  province: z.string().regex(/^[A-Z]{2}$/, 'a province is two capital letters, e.g. GE'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('IT'),
});

const Contact = z.object({
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{6,20}$/, 'digits and spaces, optionally starting with +')
    .optional(),
});

const NaturalApplicant = NaturalPerson.extend({
  kind: z.literal('natural'),
  birthDate: BusinessDate,
  residence: Address,
  contact: Contact.default({}),
});

const LegalApplicant = z.object({
  kind: z.literal('legal'),
  name: z.string().trim().min(1).max(200),
  fiscalCode: z
    .string()
    .trim()
    .refine(isValidEntityFiscalCode, 'not a valid fiscal code of an entity: 11 digits with check digit'),
  registeredOffice: Address,
  contact: Contact.default({}),
});

export const ApplyBody = z
  .object({
    applicant: z.discriminatedUnion('kind', [NaturalApplicant, LegalApplicant]),
    category: MemberCategory,
    requestedShares: z.number().int().min(1).max(10_000),
    appliedOn: BusinessDate.optional().describe('Date of the application; today (Europe/Rome) when absent'),
  })
  .describe('A membership application (domanda di ammissione, c.c. art. 2528)');
export type ApplyBody = z.infer<typeof ApplyBody>;

export const ApplicationParams = z.object({ applicationId: z.uuid() });

export const MemberParams = z.object({ memberId: z.uuid() });

const ResolutionId = z.string().trim().min(1).max(100);
const Text = z.string().max(5_000);

export const AdmitBody = z
  .object({
    boardResolutionId: ResolutionId.describe('The board resolution that decided the admission (M1)'),
    admittedOn: BusinessDate,
  })
  .describe('Admission by the board (c.c. art. 2528 c. 1)');
export type AdmitBody = z.infer<typeof AdmitBody>;

export const RejectBody = z
  .object({
    boardResolutionId: ResolutionId,
    reasons: Text.default('').describe('Required by M2: a rejection without reasons is refused with 422'),
    decidedOn: BusinessDate,
    communicatedOn: BusinessDate,
  })
  .describe('A motivated rejection (c.c. art. 2528 c. 2)');

export const AppealBody = z
  .object({ appealedOn: BusinessDate })
  .describe('Appeal to the assembly within 60 days (M3, c.c. art. 2528 c. 3)');

export const AppealDecisionBody = z.object({
  assemblyResolutionId: ResolutionId,
  outcome: z.enum(['upheld', 'dismissed']),
  decidedOn: BusinessDate,
});

export const CategoryChangeBody = z.object({ to: MemberCategory, boardResolutionId: ResolutionId, changedOn: BusinessDate });

export const WithdrawalRequestBody = z
  .object({ requestedOn: BusinessDate, grounds: Text.min(1) })
  .describe('The member’s request to withdraw (recesso, c.c. art. 2532)');

export const WithdrawalDecisionBody = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('accepted'),
    boardResolutionId: ResolutionId,
    decidedOn: BusinessDate,
    communicatedOn: BusinessDate,
  }),
  z.object({
    outcome: z.literal('refused'),
    boardResolutionId: ResolutionId,
    decidedOn: BusinessDate,
    reasons: Text.default(''),
  }),
]);

export const ExclusionBody = z
  .object({ grounds: Text.default(''), boardResolutionId: ResolutionId, decidedOn: BusinessDate, communicatedOn: BusinessDate })
  .describe('Exclusion by the board (esclusione, c.c. art. 2533)');

export const OppositionBody = z.object({ filedOn: BusinessDate, court: z.string().trim().min(1).max(200) });

export const DeathBody = z.object({ diedOn: BusinessDate });

export const SubscriptionBody = z.object({ count: z.number().int().min(1).max(100_000), subscribedOn: BusinessDate });
export const PaymentBody = z.object({ amountCents: z.number().int().min(1), paidOn: BusinessDate });
export const RefundBody = z.object({ amountCents: z.number().int().min(1), refundedOn: BusinessDate });

export const RegisterQuery = z.object({
  asOf: BusinessDate.optional().describe('The register as it stood at the end of this day'),
  status: z.enum(['all', 'active', 'ended']).default('all'),
  section: z.enum(['ordinary', 'volunteers']).optional(),
  category: MemberCategory.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Search: the member number (digits only), or words each the beginning of a word of the name or of the fiscal code ("ross mar" finds Rossi Mario; case and accents ignored); over the whole register before paging, from a blind index, so erased members never match by name',
    ),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  after: z
    .string()
    .optional()
    .describe(
      'Wait until the register has processed this position, and what the board-decisions process carried out because of it (read-your-writes)',
    ),
});
export type RegisterQuery = z.infer<typeof RegisterQuery>;

export const ExportQuery = z.object({
  asOf: BusinessDate.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  after: z.string().optional(),
});

export const YearQuery = z.object({ year: z.coerce.number().int().min(1900).max(2200), after: z.string().optional() });
export const AfterQuery = z.object({ after: z.string().optional() });

export const ApplicationsQuery = z.object({
  status: z.enum(['pending', 'admitted', 'rejected', 'appealed', 'appeal-upheld', 'appeal-dismissed']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  after: z.string().optional(),
});
