import { z } from 'zod';
import { BusinessDate, Id } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../../platform/personal-data/personal-data.js';
import { NonMemberPerson } from './work-events.js';

/** A volunteer member (socio volontario, L. 381/1991 art. 2) or a non-member volunteer (CTS art. 17), whose data are sealed. */
export const VolunteerPerson = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member'), memberId: Id }),
  NonMemberPerson,
]);
export type VolunteerPerson = z.infer<typeof VolunteerPerson>;

export const VolunteerEnrolled = defineEvent({
  type: 'VolunteerEnrolled',
  schemaVersion: 1,
  schema: z.object({
    volunteerId: Id,
    volunteer: VolunteerPerson,
    enrolledOn: BusinessDate,
    unit: z.string().min(1).max(200),
    /** The activity the volunteer gives, for the register of volunteers (W4b); absent on older enrolments. */
    activity: z.string().min(1).max(500).optional(),
    /** W3b: activity in direct and regular contact with minors. */
    contactWithMinors: z.boolean(),
    criminalRecordCheckedOn: BusinessDate.nullable(),
  }),
});

/** W4: the insurance every volunteer has before any activity (L. 381/1991 art. 2 c. 4; CTS art. 18). */
export const VolunteerInsured = defineEvent({
  type: 'VolunteerInsured',
  schemaVersion: 2,
  schema: z.object({
    volunteerId: Id,
    insurer: z.string().min(1).max(200),
    /** `{ policyNumber }`, sealed for the volunteer: an individual policy identifies them (version 1 held it in plain). */
    policy: SealedPersonalDataSchema,
    coveredFrom: BusinessDate,
    coveredUntil: BusinessDate,
  }),
  upcasters: {
    1: (data) => {
      const { policyNumber, ...rest } = data as { policyNumber: string; volunteerId: string };
      return { ...rest, policy: { subject: rest.volunteerId, scheme: 'none', fields: { policyNumber } } };
    },
  },
});

export const VolunteerActivityLogged = defineEvent({
  type: 'VolunteerActivityLogged',
  schemaVersion: 1,
  schema: z.object({
    volunteerId: Id,
    activityId: Id,
    date: BusinessDate,
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    unit: z.string().min(1).max(200),
    activity: z.string().min(1).max(2_000),
  }),
});

/** A documented expense as a client gives it: the receipt or ticket it rests on is named by `documentRef`. */
export const Expense = z.object({
  date: BusinessDate,
  description: z.string().min(1).max(500),
  amountCents: z.number().int().min(1).max(10_000_000),
  documentRef: z.string().min(1).max(200),
});
export type Expense = z.infer<typeof Expense>;

/**
 * An expense as recorded: its description (which may tell of the volunteer's health or
 * circumstances) is sealed for the volunteer as `details` = `{ description }`.
 */
export const RecordedExpense = Expense.omit({ description: true }).extend({ details: SealedPersonalDataSchema });
export type RecordedExpense = z.infer<typeof RecordedExpense>;

/** W4: volunteers are never paid; only documented expenses of their activity are reimbursed (L. 381/1991 art. 2 c. 3). */
export const VolunteerExpenseReimbursed = defineEvent({
  type: 'VolunteerExpenseReimbursed',
  schemaVersion: 2,
  schema: z.object({
    volunteerId: Id,
    reimbursementId: Id,
    paidOn: BusinessDate,
    expenses: z.array(RecordedExpense).min(1).max(500),
    totalCents: z.number().int().min(1),
  }),
  upcasters: {
    1: (data) => {
      const { expenses, ...rest } = data as { volunteerId: string; expenses: Expense[] };
      return {
        ...rest,
        expenses: expenses.map(({ description, ...expense }) => ({
          ...expense,
          details: { subject: rest.volunteerId, scheme: 'none', fields: { description } },
        })),
      };
    },
  },
});

/**
 * The volunteer stops volunteering: the exit the register of volunteers records (W4b, CTS
 * art. 17 c. 1). `personId` is the volunteer's person (a member's id or a non-member's one
 * person id), so W4c can tell who is no longer an active volunteer.
 */
export const VolunteerLeft = defineEvent({
  type: 'VolunteerLeft',
  schemaVersion: 1,
  schema: z.object({
    volunteerId: Id,
    personId: Id,
    leftOn: BusinessDate,
    reason: z.enum(['resignation', 'end_of_activity', 'revocation', 'death', 'other']),
  }),
});

/** A non-member volunteer's personal data were erased (W6, after the retention of the register of volunteers). */
export const VolunteerDataErased = defineEvent({
  type: 'VolunteerDataErased',
  schemaVersion: 1,
  schema: z.object({
    volunteerId: Id,
    personId: Id,
    erasedOn: BusinessDate,
    /** Every subject the person's data were sealed under. */
    subjects: z.array(z.string().min(1)).min(1),
  }),
});

export const volunteerEvents = [
  VolunteerDataErased,
  VolunteerEnrolled,
  VolunteerInsured,
  VolunteerActivityLogged,
  VolunteerExpenseReimbursed,
  VolunteerLeft,
];
export type VolunteerEvent = DomainEventOf<(typeof volunteerEvents)[number]>;

export const volunteerStream = (volunteerId: string) => `volunteer-${volunteerId}`;
