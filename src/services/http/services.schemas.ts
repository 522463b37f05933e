import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import { isValidEntityFiscalCode } from '../../shared-kernel/fiscal-code.js';
import { NaturalPerson } from '../../shared-kernel/person.js';
import {
  AgeBand,
  ClientKind,
  DeliveryMinutes,
  LegalForm,
  Operator,
  SatisfactionSurveyRecorded,
  TimeOfDay,
  UnitKind,
  WellbeingSurveyRecorded,
} from '../domain/service-events.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const UnitBody = z
  .object({
    name: Text(200),
    kind: UnitKind,
    capacity: z.number().int().min(1).max(10_000),
    childrenPerStaff: z.number().int().min(1).max(50).describe('S5: children per professional present (e.g. 6 for 1:6)'),
    openedOn: BusinessDate,
  })
  .describe('An operating unit and its setting under its regional rules');

/** A child's or a family's name; the fiscal code when they give it. */
const PersonFields = NaturalPerson.partial({ fiscalCode: true });

export const AgreementBody = z
  .object({
    client: z.discriminatedUnion('kind', [
      z.object({
        kind: ClientKind.exclude(['family']),
        name: Text(300).describe(
          'A body’s name, kept in plain text: never a person’s (a private client is a `family`, whose data are sealed)',
        ),
        fiscalCode: z.string().trim().refine(isValidEntityFiscalCode, 'not a valid fiscal code of an entity').optional(),
      }),
      PersonFields.extend({ kind: z.literal('family') }).describe('A family: its data are sealed'),
    ]),
    unitId: z.uuid(),
    service: Text(300),
    hoursBudget: z.number().min(0).max(10_000_000).describe('Professional hours the agreement pays for (S2, S3)'),
    startsOn: BusinessDate,
    endsOn: BusinessDate,
    legalForm: LegalForm,
    overBudget: z.enum(['refuse', 'flag']).default('refuse').describe('S3: hours beyond the budget are refused or flagged'),
    signedOn: BusinessDate,
  })
  .describe('A service agreement with a municipality, health authority, school or family');

export const BeneficiaryBody = z
  .object({ person: PersonFields.extend({ birthDate: BusinessDate.optional() }), ageBand: AgeBand, registeredOn: BusinessDate })
  .describe('A beneficiary; personal data sealed with their own key, erasable (S4)');
export const BeneficiaryParams = z.object({ beneficiaryId: z.uuid() });
export const EnrolmentBody = z.object({
  agreementId: z.uuid(),
  enrolledOn: BusinessDate,
  endsOn: BusinessDate.nullable().default(null),
});

export const DeliveryBody = z
  .object({
    agreementId: z.uuid(),
    unitId: z.uuid(),
    beneficiaries: z.array(z.uuid()).min(1).max(200).describe('One beneficiary, or a group'),
    operator: Operator,
    date: BusinessDate,
    start: TimeOfDay,
    minutes: DeliveryMinutes,
    activity: Text(2_000),
  })
  .describe('A service delivered (S1–S5, W3b)');
export const DeliveryParams = z.object({ deliveryId: z.uuid() });
export const CorrectionBody = z.object({
  changes: z
    .object({
      start: TimeOfDay,
      minutes: DeliveryMinutes,
      activity: Text(2_000),
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, 'name at least one thing to correct'),
  reason: Text(2_000),
});
export const VoidBody = z.object({ reason: Text(2_000) });

/** A survey as the events record it, less its id (given by the service). */
export const SurveyBody = z.discriminatedUnion('kind', [
  SatisfactionSurveyRecorded.schema.omit({ surveyId: true }).extend({ kind: z.literal('satisfaction') }),
  WellbeingSurveyRecorded.schema.omit({ surveyId: true }).extend({ kind: z.literal('wellbeing') }),
]);

export const YearQuery = z.object({ year: z.coerce.number().int().min(1900).max(2999) });
export const AgreementParams = z.object({ agreementId: z.uuid() });
export const UnitDayQuery = z.object({ unitId: z.uuid(), date: BusinessDate });
