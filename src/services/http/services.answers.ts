import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';

/**
 * What the services reads answer, field by field as their controller builds them (the
 * OpenAPI document's success schemas; `test/e2e/openapi-answers.e2e.spec.ts` holds them to
 * the real answers). No answer names an operator or a child beyond what the vault opens.
 */

export const UnitsAnswer = z.object({
  units: z.array(
    z.object({
      unitId: z.uuid(),
      name: z.string(),
      kind: z.string().describe('e.g. nursery, day_centre, educational_home_care'),
      capacity: z.number().int(),
      childrenPerStaff: z.number().describe('The regional setting’s children per professional present (S5)'),
      openedOn: BusinessDate,
    }),
  ),
});

const OverBudgetDelivery = z.object({
  deliveryId: z.uuid(),
  date: BusinessDate,
  unitId: z.uuid(),
  minutes: z.number().int(),
  overBudgetMinutes: z.number().int().describe('The minutes of it beyond the budget'),
});

export const AgreementAnswer = z.object({
  agreementId: z.uuid(),
  unitId: z.uuid(),
  service: z.string(),
  hoursBudget: z.number(),
  startsOn: BusinessDate,
  endsOn: BusinessDate,
  legalForm: z.object({ kind: z.string(), cig: z.string().optional().describe('The tender’s CIG, when awarded by one') }),
  overBudget: z.enum(['refuse', 'flag']),
  signedOn: BusinessDate,
  client: z.object({
    kind: z.string().describe('municipality, health_authority, family, …'),
    name: z.string().nullable().describe('null once a family client’s data are erased (S4b)'),
    personalDataErased: z.boolean().optional().describe('Only for a client who is a person'),
  }),
  professionalHoursUsed: z.number(),
  professionalHoursLeft: z.number(),
  volunteerHours: z.number(),
  overBudgetDeliveries: z.array(OverBudgetDelivery).describe('S3 with `flag`: the deliveries beyond the budget'),
  overBudgetMinutes: z.number().int(),
});
export const AgreementsAnswer = z.object({ agreements: z.array(AgreementAnswer) });

export const BeneficiaryAnswer = z.object({
  beneficiaryId: z.uuid(),
  name: z.string().nullable().describe('null once erased (S4)'),
  personalDataErased: z.boolean(),
  ageBand: z.string(),
  registeredOn: BusinessDate,
  enrolments: z.array(z.object({ agreementId: z.uuid(), enrolledOn: BusinessDate, endsOn: BusinessDate.nullable() })),
});

export const HoursReportAnswer = z.object({
  from: z.string().describe('YYYY-MM'),
  to: z.string().describe('YYYY-MM'),
  lines: z.array(
    z.object({
      unitId: z.uuid(),
      unit: z.string().nullable(),
      agreementId: z.uuid(),
      service: z.string().nullable(),
      month: z.string().describe('YYYY-MM'),
      deliveries: z.number().int(),
      professionalHours: z.number(),
      volunteerHours: z.number(),
      overBudgetDeliveries: z.array(OverBudgetDelivery),
    }),
  ),
  byUnit: z
    .array(
      z.object({
        unitId: z.uuid(),
        unit: z.string().nullable(),
        kind: z.string().nullable(),
        deliveries: z.number().int(),
        professionalHours: z.number(),
        volunteerHours: z.number(),
      }),
    )
    .describe('The same months summed by unit, with its kind'),
  byAgreement: z
    .array(
      z.object({
        agreementId: z.uuid(),
        unitId: z.uuid().nullable(),
        service: z.string().nullable(),
        startsOn: BusinessDate.nullable(),
        endsOn: BusinessDate.nullable(),
        hoursBudget: z.number().nullable().describe('The hours the agreement provides for its whole period'),
        deliveries: z.number().int(),
        professionalHours: z.number(),
        volunteerHours: z.number(),
      }),
    )
    .describe('The same months summed by agreement, against its budget of hours'),
  professionalHours: z.number(),
  volunteerHours: z.number(),
});

export const ChildrenReportAnswer = z.object({
  year: z.number().int(),
  served: z.number().int().describe('Beneficiaries served that year, erased ones still counted'),
  children: z.number().int().describe('Of them, minors'),
  byAgeBand: z.record(z.string(), z.number().int()),
});

const Moment = z.object({
  time: z.string().describe('HH:MM'),
  children: z.number().int(),
  staff: z.number().int(),
  volunteers: z.number().int(),
  childrenPerStaff: z.number().nullable().describe('null with no professional present'),
});

export const StaffRatioAnswer = z.object({ unitId: z.uuid(), date: BusinessDate, moments: z.array(Moment) });

export const UnitDayAnswer = z.object({
  unitId: z.uuid(),
  date: BusinessDate,
  deliveries: z.array(
    z.object({
      deliveryId: z.uuid(),
      agreementId: z.uuid(),
      start: z.string().describe('HH:MM'),
      end: z.string().describe('HH:MM'),
      beneficiaries: z.number().int(),
      children: z.number().int(),
      professional: z.boolean().describe('Whether the operator is staff (S2: a volunteer never is)'),
    }),
  ),
  moments: z.array(Moment),
});

export const SurveysAnswer = z.object({
  year: z.number().int(),
  surveys: z.array(
    z.object({
      surveyId: z.uuid(),
      kind: z.enum(['satisfaction', 'wellbeing']),
      respondents: z.string().describe('clients, families, or workers (wellbeing)'),
      unitId: z.uuid(),
      period: z.string(),
      responses: z.number().int(),
      meanScore: z.number(),
    }),
  ),
});
