import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import { MemberCategory } from '../domain/membership-events.js';
import { CommandAnswerSchema, WrittenEventSchema } from '../../platform/http/operation.js';

/**
 * What the membership routes answer: the commands' results, and the views of the register,
 * the applications, a member's timeline and the reports (each schema in the OpenAPI document).
 * What they take is in `membership.schemas.ts`.
 */

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
