import { z } from 'zod';
import { isValidEntityFiscalCode, isValidPersonFiscalCode } from '../domain/fiscal-code.js';
import { BusinessDate, MemberCategory } from '../domain/membership-events.js';

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

const NaturalApplicant = z.object({
  kind: z.literal('natural'),
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  fiscalCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isValidPersonFiscalCode, 'not a valid fiscal code (codice fiscale): wrong format or check character'),
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
export type Applicant = ApplyBody['applicant'];

export const ApplicationParams = z.object({ applicationId: z.uuid() });

export const AdmitBody = z
  .object({
    boardResolutionId: z.string().trim().min(1).max(100).describe('The board resolution that decided the admission (M1)'),
    admittedOn: BusinessDate,
  })
  .describe('Admission by the board (c.c. art. 2528 c. 1)');
export type AdmitBody = z.infer<typeof AdmitBody>;

export const RegisterQuery = z.object({
  section: z.enum(['ordinary', 'volunteers']).optional(),
  category: MemberCategory.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  after: z.string().optional().describe('Wait until the register has processed this position (read-your-writes)'),
});
export type RegisterQuery = z.infer<typeof RegisterQuery>;

const CommandResult = z.object({
  commandId: z.string(),
  stream: z.string(),
  position: z.string().nullable(),
  revision: z.string().nullable(),
  replayed: z.boolean(),
  events: z.array(z.object({ id: z.string(), type: z.string(), stream: z.string(), revision: z.string(), position: z.string() })),
});

export const ApplicationRecorded = CommandResult.extend({ applicationId: z.uuid() });
export const MemberAdmittedResult = CommandResult.extend({ applicationId: z.uuid(), memberId: z.uuid() });

export const RegisterEntry = z.object({
  memberNumber: z.number().int(),
  memberId: z.uuid(),
  name: z.string().nullable().describe('null when the personal data have been erased'),
  category: MemberCategory,
  section: z.enum(['ordinary', 'volunteers']),
  admittedOn: BusinessDate,
  boardResolutionId: z.string(),
});
export const RegisterPage = z
  .object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(RegisterEntry) })
  .describe('The member register (libro soci, c.c. art. 2421 c. 1 n. 1), volunteers in their own section');

export const ApplicationView = z.object({
  applicationId: z.uuid(),
  status: z.enum(['pending', 'admitted']),
  category: MemberCategory,
  appliedOn: BusinessDate,
  name: z.string().nullable(),
  memberId: z.uuid().nullable(),
});
