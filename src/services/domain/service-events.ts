import { z } from 'zod';
import { BusinessDate, Id } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../../platform/personal-data/personal-data.js';

/** A time of day, `HH:MM`, in the unit's local time. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM');
/** A delivery ends on the day it starts. */
export const MINUTES_PER_DAY = 24 * 60;
/** How long a delivery lasts, in minutes. */
export const DeliveryMinutes = z.number().int().min(1).max(MINUTES_PER_DAY);

export const UnitKind = z.enum(['nursery', 'educational_home_care', 'school_assistance', 'day_centre', 'summer_centre', 'other']);

/** An operating unit (unità operativa) and its setting: capacity and the staff-to-child ratio of its regional rules (S5). */
export const ServiceUnitOpened = defineEvent({
  type: 'ServiceUnitOpened',
  schemaVersion: 1,
  schema: z.object({
    unitId: Id,
    name: z.string().min(1).max(200),
    kind: UnitKind,
    capacity: z.number().int().min(1).max(10_000),
    /** S5: at most this many children for each professional present (e.g. 6 for 1:6). */
    childrenPerStaff: z.number().int().min(1).max(50),
    openedOn: BusinessDate,
  }),
});

export const ClientKind = z.enum(['municipality', 'health_authority', 'school', 'family', 'other']);

/** How the agreement was awarded: public tender (D.Lgs. 36/2023, with its CIG), accreditation (L. 328/2000 art. 11), co-programming or co-design (CTS art. 55), private. */
export const LegalForm = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('public_tender'), cig: z.string().regex(/^[0-9A-Z]{10}$/, 'a CIG code: 10 letters or digits') }),
  z.object({ kind: z.literal('accreditation') }),
  z.object({ kind: z.literal('co_design') }),
  z.object({ kind: z.literal('private') }),
]);

export const ServiceAgreementSigned = defineEvent({
  type: 'ServiceAgreementSigned',
  schemaVersion: 1,
  schema: z.object({
    agreementId: Id,
    /** A public body or school by name; a family's data are sealed (personal data). */
    client: z.discriminatedUnion('kind', [
      z.object({ kind: ClientKind.exclude(['family']), name: z.string().min(1).max(300) }),
      z.object({ kind: z.literal('family'), clientId: Id, person: SealedPersonalDataSchema }),
    ]),
    unitId: Id,
    service: z.string().min(1).max(300),
    /** Professional hours the agreement pays for (S2: volunteer time never counts). */
    hoursBudget: z.number().min(0).max(10_000_000),
    startsOn: BusinessDate,
    endsOn: BusinessDate,
    legalForm: LegalForm,
    /** S3: professional hours beyond the budget are refused, or recorded and flagged. */
    overBudget: z.enum(['refuse', 'flag']),
    signedOn: BusinessDate,
  }),
});

export const AgeBand = z.enum(['0-2', '3-5', '6-10', '11-13', '14-17', 'adult']);
export type AgeBand = z.infer<typeof AgeBand>;

export const BeneficiaryRegistered = defineEvent({
  type: 'BeneficiaryRegistered',
  schemaVersion: 1,
  schema: z.object({ beneficiaryId: Id, person: SealedPersonalDataSchema, ageBand: AgeBand, registeredOn: BusinessDate }),
});

export const BeneficiaryEnrolled = defineEvent({
  type: 'BeneficiaryEnrolled',
  schemaVersion: 1,
  schema: z.object({ beneficiaryId: Id, agreementId: Id, enrolledOn: BusinessDate, endsOn: BusinessDate.nullable() }),
});

/** S4: the beneficiary's key is destroyed; their data read as erased everywhere, counts and hours stay. */
export const BeneficiaryDataErased = defineEvent({
  type: 'BeneficiaryDataErased',
  schemaVersion: 1,
  schema: z.object({ beneficiaryId: Id, erasedOn: BusinessDate }),
});

/** S4b: a family client's key is destroyed once the agreement's records need no longer be kept; the agreement, its hours and counts stay. */
export const ServiceClientDataErased = defineEvent({
  type: 'ServiceClientDataErased',
  schemaVersion: 1,
  schema: z.object({ agreementId: Id, clientId: Id, erasedOn: BusinessDate }),
});

/** Who delivered: staff under a contract (by the contract), or a volunteer. */
export const Operator = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), contractId: Id }),
  z.object({ kind: z.literal('volunteer'), volunteerId: Id }),
]);
export type Operator = z.infer<typeof Operator>;

/**
 * What a delivery's free texts say (the activity given to the children, why it was corrected or
 * voided) may be personal data, health data among them (GDPR art. 9): since v2 they are sealed
 * under the delivery's own key (subject: the delivery id), which is erased with any beneficiary
 * the delivery names. v1 wrote them in plain text; read, they keep the plain scheme `none`.
 */
export const SealedNote = SealedPersonalDataSchema;
const plainNote = (deliveryId: unknown, text: unknown) => ({ subject: deliveryId, scheme: 'none', fields: { text } });

export const ServiceDelivered = defineEvent({
  type: 'ServiceDelivered',
  schemaVersion: 2,
  upcasters: {
    1: (data) => {
      const v1 = data as { deliveryId: string; activity: string };
      return { ...v1, activity: plainNote(v1.deliveryId, v1.activity) };
    },
  },
  schema: z.object({
    deliveryId: Id,
    agreementId: Id,
    unitId: Id,
    /** One beneficiary, or a group. */
    beneficiaries: z.array(Id).min(1).max(200),
    /** Those of them who are minors (by their age band): S5 counts them, W3b protects them. */
    minors: z.array(Id).max(200),
    operator: Operator,
    /** The operator as a person (member id or person id): S3 compares people, not contracts. */
    operatorPersonId: Id,
    date: BusinessDate,
    start: TimeOfDay,
    minutes: DeliveryMinutes,
    /** Sealed `{ text }`. */
    activity: SealedNote,
    /** S2: false for a volunteer's time, which never counts toward the agreement's professional hours. */
    professional: z.boolean(),
    /** S3 with `flag`: the professional hours went beyond the agreement's budget. */
    overBudget: z.boolean(),
  }),
});

export const ServiceDeliveryCorrected = defineEvent({
  type: 'ServiceDeliveryCorrected',
  schemaVersion: 2,
  upcasters: {
    1: (data) => {
      const v1 = data as { deliveryId: string; changes: { activity?: string }; reason: string };
      const { activity, ...changes } = v1.changes;
      return {
        ...v1,
        changes: activity === undefined ? changes : { ...changes, activity: plainNote(v1.deliveryId, activity) },
        reason: plainNote(v1.deliveryId, v1.reason),
      };
    },
  },
  schema: z.object({
    deliveryId: Id,
    /** `activity` and `reason` sealed `{ text }` under the delivery's key. */
    changes: z
      .object({
        start: TimeOfDay,
        minutes: DeliveryMinutes,
        activity: SealedNote,
      })
      .partial(),
    reason: SealedNote,
    overBudget: z.boolean(),
  }),
});

export const ServiceDeliveryVoided = defineEvent({
  type: 'ServiceDeliveryVoided',
  schemaVersion: 2,
  upcasters: {
    1: (data) => {
      const v1 = data as { deliveryId: string; reason: string };
      return { ...v1, reason: plainNote(v1.deliveryId, v1.reason) };
    },
  },
  /** `reason` sealed `{ text }` under the delivery's key. */
  schema: z.object({ deliveryId: Id, reason: SealedNote }),
});

/** A survey's period: a year (`2026`) or a month (`2026-03`). */
const Period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'a year (YYYY) or a month (YYYY-MM)');

/** Satisfaction of clients and families, per unit and period: counts and the mean score of 1 to 5. */
export const SatisfactionSurveyRecorded = defineEvent({
  type: 'SatisfactionSurveyRecorded',
  schemaVersion: 1,
  schema: z.object({
    surveyId: Id,
    unitId: Id,
    respondents: z.enum(['clients', 'families']),
    period: Period,
    responses: z.number().int().min(1),
    meanScore: z.number().min(1).max(5),
    recordedOn: BusinessDate,
  }),
});

/** Workers' wellbeing per unit and period (the statute's commitment to its workers). */
export const WellbeingSurveyRecorded = defineEvent({
  type: 'WellbeingSurveyRecorded',
  schemaVersion: 1,
  schema: z.object({
    surveyId: Id,
    unitId: Id,
    period: Period,
    responses: z.number().int().min(1),
    meanScore: z.number().min(1).max(5),
    recordedOn: BusinessDate,
  }),
});

export const serviceEvents = [
  ServiceUnitOpened,
  ServiceAgreementSigned,
  ServiceClientDataErased,
  BeneficiaryRegistered,
  BeneficiaryEnrolled,
  BeneficiaryDataErased,
  ServiceDelivered,
  ServiceDeliveryCorrected,
  ServiceDeliveryVoided,
  SatisfactionSurveyRecorded,
  WellbeingSurveyRecorded,
];
export type ServiceEvent = DomainEventOf<(typeof serviceEvents)[number]>;
export type DeliveryData = z.infer<typeof ServiceDelivered.schema>;

export const unitStream = (unitId: string) => `serviceUnit-${unitId}`;
export const agreementStream = (agreementId: string) => `serviceAgreement-${agreementId}`;
export const beneficiaryStream = (beneficiaryId: string) => `beneficiary-${beneficiaryId}`;
/** Every delivery of one unit on one day: S3 (one operator, one place at a time) and S5 (staff ratio) are kept there. */
export const unitDayStream = (unitId: string, date: string) => `unitDay-${unitId}-${date}`;
export const surveysStream = (unitId: string) => `surveys-${unitId}`;
