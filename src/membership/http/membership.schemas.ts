import { z } from 'zod';
import { isValidEntityFiscalCode } from '../../shared-kernel/fiscal-code.js';
import { NaturalPerson } from '../../shared-kernel/person.js';
import { BusinessDate } from '../../platform/schemas/values.js';
import { MemberCategory } from '../domain/membership-events.js';
import { CommandAnswerSchema, WrittenEventSchema } from '../../platform/http/operation.js';

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

/** A command's answer: the fields of CommandAnswerSchema, each with the example the platform's has. */
const answer = CommandAnswerSchema.shape;
const CommandResult = z.object({
  commandId: answer.commandId,
  stream: answer.stream,
  position: answer.position,
  revision: answer.revision,
  replayed: answer.replayed,
  events: z.array(WrittenEventSchema),
});

export const ApplicationRecorded = CommandResult.extend({ applicationId: z.uuid() });
export const MemberAdmittedResult = CommandResult.extend({ applicationId: z.uuid(), memberId: z.uuid() });

export const MemberResult = CommandResult.extend({ memberId: z.uuid() });
export const ApplicationResult = CommandResult.extend({ applicationId: z.uuid() });

const Shares = z.object({
  count: z.number().int(),
  subscribedCents: z.number().int(),
  paidCents: z.number().int(),
  refundedCents: z.number().int(),
});

export const RegisterEntry = z.object({
  memberNumber: z.number().int(),
  memberId: z.uuid(),
  name: z.string().nullable().describe('null when the personal data have been erased'),
  fiscalCode: z.string().nullable(),
  residence: z.string().nullable(),
  personalDataErased: z.boolean(),
  category: MemberCategory,
  section: z.enum(['ordinary', 'volunteers']),
  admittedOn: BusinessDate,
  boardResolutionId: z.string(),
  shares: Shares,
  exit: z.object({ date: BusinessDate, cause: z.enum(['withdrawal', 'exclusion', 'death']) }).nullable(),
});
export const RegisterPage = z
  .object({
    asOf: BusinessDate.nullable(),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    items: z.array(RegisterEntry),
  })
  .describe('The member register (libro soci, c.c. art. 2421 c. 1 n. 1), volunteers in their own section');

export const ApplicationView = z.object({
  applicationId: z.uuid(),
  status: z.enum(['pending', 'admitted', 'rejected', 'appealed', 'appeal-upheld', 'appeal-dismissed']),
  category: MemberCategory,
  appliedOn: BusinessDate,
  name: z.string().nullable(),
  memberId: z.uuid().nullable(),
  rejection: z
    .object({ reasons: z.string(), boardResolutionId: z.string(), decidedOn: BusinessDate, communicatedOn: BusinessDate })
    .nullable(),
  appeal: z
    .object({
      appealedOn: BusinessDate,
      decidedOn: BusinessDate.nullable(),
      outcome: z.enum(['upheld', 'dismissed']).nullable(),
      assemblyResolutionId: z.string().nullable(),
    })
    .nullable(),
  personalDataErased: z.boolean(),
});

export const TimelineEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  businessDate: z.iso.date(),
  recordedAt: z.string(),
  position: z.string(),
  actor: z.object({ keyId: z.string(), role: z.string() }),
  resolutionId: z.string().nullable(),
  correlationId: z.string(),
  causationId: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

export const MemberTimeline = z.object({ memberId: z.uuid(), applicationId: z.uuid(), entries: z.array(TimelineEntry) });

export const ApplicationsPage = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(ApplicationView),
});

const RuleReport = { rule: z.string(), legalBasis: z.string() };

export const OverdueReport = z
  .object({
    ...RuleReport,
    undecided: z.array(
      z.object({ applicationId: z.uuid(), appliedOn: BusinessDate, deadline: BusinessDate, daysPending: z.number().int() }),
    ),
    lateRejections: z.array(
      z.object({
        applicationId: z.uuid(),
        appliedOn: BusinessDate,
        communicatedOn: BusinessDate,
        daysToCommunication: z.number().int(),
      }),
    ),
  })
  .describe('M2: applications undecided after 60 days, and rejections communicated late');

export const AppealsReport = z.object({
  ...RuleReport,
  awaiting: z.array(z.object({ applicationId: z.uuid(), appealedOn: BusinessDate, rejectedOn: BusinessDate.nullable() })),
});

export const WithdrawalsReport = z.object({
  ...RuleReport,
  requests: z.array(
    z.object({
      memberId: z.uuid(),
      memberNumber: z.number().int(),
      requestedOn: BusinessDate,
      deadline: BusinessDate,
      overdue: z.boolean(),
    }),
  ),
});

export const RefundsDueReport = z.object({
  ...RuleReport,
  refunds: z.array(
    z.object({
      memberId: z.uuid(),
      memberNumber: z.number().int(),
      endedOn: BusinessDate,
      amountCents: z.number().int(),
      assumedApprovalOn: BusinessDate.describe('the financial statements’ approval, taken at the latest ordinary term'),
      dueBy: BusinessDate,
      overdue: z.boolean(),
    }),
  ),
});

export const SpecialCategoryReport = z.object({
  ...RuleReport,
  members: z.array(
    z.object({
      memberId: z.uuid(),
      memberNumber: z.number().int(),
      since: BusinessDate,
      termEndsOn: BusinessDate,
      overdue: z.boolean(),
    }),
  ),
});

const CompositionPoint = z.object({
  date: BusinessDate,
  total: z.number().int(),
  volunteers: z.number().int(),
  byCategory: z.record(MemberCategory, z.number().int()),
});

export const CompositionReport = z.object({
  current: CompositionPoint.nullable(),
  volunteerShare: z.number().describe('volunteers over members, 0 to 1 (M4: at most half)'),
  series: z.array(CompositionPoint).describe('the counts after each date on which they changed'),
});

export const WarningsReport = z.object({
  warnings: z.array(
    z.object({
      rule: z.enum(['M4', 'M8']),
      legalBasis: z.string(),
      since: BusinessDate,
      deadline: BusinessDate.optional().describe('M8: the members must be restored by then'),
      detail: z.string(),
      members: z.number().int(),
      volunteers: z.number().int().optional(),
      minimum: z.number().int().optional(),
    }),
  ),
});

export const MemberView = RegisterEntry.extend({
  status: z.enum(['active', 'ended']),
  withdrawal: z
    .object({
      requestedOn: BusinessDate,
      grounds: z.string(),
      decidedOn: BusinessDate.nullable(),
      outcome: z.enum(['accepted', 'refused']).nullable(),
      boardResolutionId: z.string().nullable(),
      communicatedOn: BusinessDate.nullable(),
      mutualRelationshipEndsOn: BusinessDate.nullable(),
    })
    .nullable(),
  exclusion: z
    .object({
      grounds: z.string(),
      boardResolutionId: z.string(),
      decidedOn: BusinessDate,
      communicatedOn: BusinessDate,
      oppositionFiledOn: BusinessDate.nullable(),
      court: z.string().nullable(),
    })
    .nullable(),
  diedOn: BusinessDate.nullable(),
  categories: z
    .array(z.object({ category: MemberCategory, from: BusinessDate, to: BusinessDate.nullable(), boardResolutionId: z.string() }))
    .describe('The categories the member had, each from a date (the register as of a date reads them)'),
}).describe('One member’s entry in the libro soci with withdrawal, exclusion and death');

export const AdmissionsReport = z
  .object({
    year: z.number().int(),
    legalBasis: z.string(),
    admissions: z.array(
      z.object({
        applicationId: z.uuid(),
        memberId: z.uuid().nullable(),
        memberNumber: z.number().int().nullable(),
        category: MemberCategory,
        admittedOn: BusinessDate,
        boardResolutionId: z.string(),
      }),
    ),
    rejections: z.array(
      z.object({
        applicationId: z.uuid(),
        category: MemberCategory,
        appliedOn: BusinessDate,
        reasons: z.string(),
        boardResolutionId: z.string(),
        decidedOn: BusinessDate,
        communicatedOn: BusinessDate,
        appeal: ApplicationView.shape.appeal,
      }),
    ),
  })
  .describe('Admissions and rejections of a year, with reasons (c.c. art. 2528 c. 5: told in the report on the accounts)');

const RegisterOn = z.object({
  date: z.string().describe('the day the register is read at the end of'),
  total: z.number().int(),
  byCategory: z.record(z.string(), z.number().int()),
  bySection: z.object({ ordinary: z.number().int(), volunteers: z.number().int() }),
  paidUpCapitalCents: z
    .number()
    .int()
    .describe('shares paid up by the members in the register that day (capitale sociale versato)'),
});
export const RegisterYearReport = z.object({
  year: z.number().int(),
  legalBasis: z.string(),
  start: RegisterOn.describe('the register at the end of the previous year'),
  end: RegisterOn.describe('the register at the end of the year'),
  exits: z.array(
    z.object({
      memberId: z.string(),
      memberNumber: z.number().int(),
      category: MemberCategory,
      endedOn: z.string(),
      cause: z.enum(['withdrawal', 'exclusion', 'death']),
    }),
  ),
  exitsByCause: z.object({ withdrawal: z.number().int(), exclusion: z.number().int(), death: z.number().int() }),
  refunds: z.object({
    count: z.number().int(),
    amountCents: z.number().int(),
    lines: z.array(
      z.object({ memberId: z.string(), memberNumber: z.number().int(), date: z.string(), amountCents: z.number().int() }),
    ),
  }),
});
