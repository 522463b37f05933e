import { z } from 'zod';
import { BusinessDate, Cents, Id } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../../platform/personal-data/personal-data.js';

const ResolutionId = z.string().min(1).max(100);

/** The levels of the collective agreement for social cooperatives (A1 … F2). */
export const CcnlLevel = z.string().regex(/^[A-F][1-3]$/, 'a level of the collective agreement, A1 … F2');

/** The forms of work a member or a non-member may give (L. 142/2001 art. 1 c. 3). */
export const ContractForm = z.enum(['subordinate', 'autonomous', 'collaboration', 'occasional', 'other']);
export type ContractForm = z.infer<typeof ContractForm>;

/**
 * A non-member person who works or volunteers. `fiscalCodeIndex` is the blind index of their
 * fiscal code (as `MemberAdmitted` carries a member's), and `personId` is derived from it, so
 * one person is one id across every contract and enrolment. Events recorded before it was
 * carried lack it: their `personId` was derived from the contract or the enrolment.
 */
export const NonMemberPerson = z.object({
  kind: z.literal('non_member'),
  personId: Id,
  fiscalCodeIndex: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  person: SealedPersonalDataSchema,
});
export type NonMemberPerson = z.infer<typeof NonMemberPerson>;

/** Who works: a worker member (socio lavoratore) or a non-member, whose data are sealed. */
export const Worker = z.discriminatedUnion('kind', [z.object({ kind: z.literal('member'), memberId: Id }), NonMemberPerson]);
export type Worker = z.infer<typeof Worker>;

/** The id a worker or volunteer is known by: the member's, or the non-member person's. */
export const personIdOf = (person: { kind: 'member'; memberId: string } | { kind: 'non_member'; personId: string }) =>
  person.kind === 'member' ? person.memberId : person.personId;

/** What a contract says; also what a board resolution approving it carries (G7). */
export const ContractTerms = z.object({
  form: ContractForm,
  /**
   * The collective agreement (CCNL) whose pay table applies (W2), as its tables are recorded;
   * absent on contracts recorded before it was asked, which follow the cooperative's first
   * agreement ({@link defaultAgreement} in pay.ts).
   */
  agreement: z.string().min(1).max(200).optional(),
  /** The collective agreement's level: required for subordinate work (W2). */
  level: CcnlLevel.nullable(),
  weeklyHours: z.number().positive().max(48),
  startsOn: BusinessDate,
  endsOn: BusinessDate.nullable(),
  grossMonthlyPayCents: Cents.min(1).max(100_000_000),
  /** The operating unit (unità operativa) where the work is given. */
  unit: z.string().min(1).max(200),
  /** W3b: work in direct and regular contact with minors. */
  contactWithMinors: z.boolean(),
  /** W3b: when the criminal-record certificate was checked (D.P.R. 313/2002 art. 25-bis). */
  criminalRecordCheckedOn: BusinessDate.nullable(),
});
export type ContractTerms = z.infer<typeof ContractTerms>;

/** The terms an amendment may change, from a date. */
export const ContractChanges = z
  .object({
    level: CcnlLevel.nullable(),
    weeklyHours: z.number().positive().max(48),
    grossMonthlyPayCents: Cents.min(1).max(100_000_000),
    endsOn: BusinessDate.nullable(),
    unit: z.string().min(1).max(200),
  })
  .partial();
export type ContractChanges = z.infer<typeof ContractChanges>;

/**
 * The collective agreement's minimum pay per level from a date (W2, L. 142/2001 art. 3 c. 1),
 * for full-time work of `fullTimeWeeklyHours`; part-time minimums are proportional.
 */
export const PayTableRecorded = defineEvent({
  type: 'PayTableRecorded',
  schemaVersion: 1,
  schema: z.object({
    agreement: z.string().min(1).max(200),
    effectiveFrom: BusinessDate,
    fullTimeWeeklyHours: z.number().positive().max(48),
    minimumMonthlyPayCents: z.record(CcnlLevel, Cents.min(1)),
  }),
});

export const ContractSigned = defineEvent({
  type: 'ContractSigned',
  schemaVersion: 1,
  schema: ContractTerms.extend({
    contractId: Id,
    worker: Worker,
    signedOn: BusinessDate,
    /** The board resolution that approved it (G7), or null when signed under delegated powers. */
    boardResolutionId: ResolutionId.nullable(),
  }),
});

export const ContractAmended = defineEvent({
  type: 'ContractAmended',
  schemaVersion: 1,
  schema: z.object({ contractId: Id, amendedOn: BusinessDate, effectiveFrom: BusinessDate, changes: ContractChanges }),
});

export const ContractEndReason = z.enum(['term', 'resignation', 'dismissal', 'mutual_agreement', 'retirement', 'death', 'other']);

/** The last day worked is `endedOn`. */
export const ContractEnded = defineEvent({
  type: 'ContractEnded',
  schemaVersion: 1,
  schema: z.object({ contractId: Id, endedOn: BusinessDate, reason: ContractEndReason }),
});

/**
 * A non-member worker's personal data were erased (W6, after the retention of their work
 * records): their key is deleted, so every copy sealed for them reads as erased.
 */
export const WorkerDataErased = defineEvent({
  type: 'WorkerDataErased',
  schemaVersion: 1,
  schema: z.object({
    personId: Id,
    erasedOn: BusinessDate,
    /** Every subject the person's data were sealed under: their person id and the ids older events derived from their contracts. */
    subjects: z.array(z.string().min(1)).min(1),
  }),
});

export const workEvents = [PayTableRecorded, ContractSigned, ContractAmended, ContractEnded, WorkerDataErased];
export type WorkEvent = DomainEventOf<(typeof workEvents)[number]>;

/**
 * Every contract and pay table of the cooperative in one stream: W3 (the pay ratio) is an
 * invariant over all of them, kept by deciding on one stream at a time.
 */
export const WORKFORCE_STREAM = 'workforce-main';
