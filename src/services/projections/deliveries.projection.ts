import { defineProjector, type EventMapOf, type EventOf } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { unitDayStream, type serviceEvents } from '../domain/service-events.js';
import { minutesOf } from '../domain/unit-day.js';

export const SERVICE_DELIVERIES = 'service-deliveries';

export interface DeliveryDoc extends Doc {
  stream: string;
  agreementId: string;
  unitId: string;
  date: string;
  start: string;
  minutes: number;
  operatorPersonId: string;
  professional: boolean;
  beneficiaries: string[];
  minors: string[];
  /** Sealed `{ text }` under the delivery's key. */
  activity: SealedPersonalData;
  overBudget: boolean;
  voided: boolean;
  corrections: number;
}

export interface UnitDoc extends Doc {
  name: string;
  kind: string;
  capacity: number;
  childrenPerStaff: number;
  openedOn: string;
}

export interface AgreementDoc extends Doc {
  client: { kind: string; name: string | null; person: SealedPersonalData | null };
  unitId: string;
  service: string;
  hoursBudget: number;
  startsOn: string;
  endsOn: string;
  legalForm: { kind: string; cig?: string };
  overBudget: 'refuse' | 'flag';
  signedOn: string;
  /** S4b: the day a family client's data were erased; null while kept, or for a body. */
  clientErasedOn: string | null;
  professionalMinutes: number;
  volunteerMinutes: number;
  /** S3 with `flag`: the deliveries that went beyond the budget, in the order they did, and by how many minutes. */
  overBudgetDeliveries: OverBudgetDelivery[];
}

export interface OverBudgetDelivery {
  deliveryId: string;
  date: string;
  unitId: string;
  minutes: number;
  /** The minutes of it beyond the budget: the budget's excess, laid on the latest flagged deliveries first. */
  overBudgetMinutes: number;
}

export interface BeneficiaryDoc extends Doc {
  person: SealedPersonalData;
  ageBand: string;
  registeredOn: string;
  erasedOn: string | null;
  enrolments: Array<{ agreementId: string; enrolledOn: string; endsOn: string | null }>;
}

/** Professional minutes of an agreement on one unit-day: what S3 subtracts when that day's stream decides. */
export interface AgreementDayDoc extends Doc {
  minutes: number;
}

/** One operator's deliveries on one day, in every unit: what S3 checks across units. */
export interface OperatorDayDoc extends Doc {
  slots: Array<{ deliveryId: string; unitId: string; from: number; to: number }>;
}

/** Hours by unit, agreement and month: the report's aggregate, kept as deliveries come, are corrected or voided. */
export interface MonthDoc extends Doc {
  unitId: string;
  agreementId: string;
  month: string;
  professionalMinutes: number;
  volunteerMinutes: number;
  deliveries: number;
}

/** A beneficiary served in a year, with the age band they had (children served by age band). */
export interface ServedDoc extends Doc {
  year: string;
  beneficiaryId: string;
  ageBand: string;
  /** Deliveries to them that year that stand (not voided): served while above zero. */
  deliveries: number;
}

export interface SurveyDoc extends Doc {
  kind: 'satisfaction' | 'wellbeing';
  unitId: string;
  respondents: string;
  period: string;
  responses: number;
  meanScore: number;
}

type ServiceEvents = EventMapOf<typeof serviceEvents>;

export const agreementDayId = (agreementId: string, unitId: string, date: string) => `${agreementId}|${unitId}|${date}`;
export const operatorDayId = (personId: string, date: string) => `${personId}|${date}`;
const monthId = (d: { unitId: string; agreementId: string; date: string }) =>
  `${d.unitId}|${d.agreementId}|${d.date.slice(0, 7)}`;

/**
 * Units, agreements with the budget used, beneficiaries, every delivery, and the aggregates
 * the rules and reports read by key (the embedded store answers `_id` lookups without
 * scanning): professional minutes per agreement and unit-day, each operator's day, hours by
 * unit, agreement and month, and who was served each year.
 */
export const deliveriesProjector = defineProjector<ServiceEvents>({
  name: SERVICE_DELIVERIES,
  version: 2,
  indexes: { served: [{ fields: { year: 1 } }], months: [{ fields: { month: 1 } }] },
  queries: { served: [{ year: '2026' }], months: [{ month: { $gte: '2026-01', $lte: '2026-03' } }] },
  on: {
    async ServiceUnitOpened({ data }, context) {
      const { unitId, ...unit } = data;
      await context.collection<UnitDoc>('units').replaceOne({ _id: unitId }, { _id: unitId, ...unit }, { upsert: true });
    },
    async ServiceAgreementSigned({ data }, context) {
      const { agreementId, client, ...agreement } = data;
      await context.collection<AgreementDoc>('agreements').replaceOne(
        { _id: agreementId },
        {
          _id: agreementId,
          ...agreement,
          client:
            client.kind === 'family'
              ? { kind: 'family', name: null, person: client.person }
              : { kind: client.kind, name: client.name, person: null },
          clientErasedOn: null,
          professionalMinutes: 0,
          volunteerMinutes: 0,
          overBudgetDeliveries: [],
        },
        { upsert: true },
      );
    },
    async ServiceClientDataErased({ data }, context) {
      await context
        .collection<AgreementDoc>('agreements')
        .updateOne({ _id: data.agreementId }, { $set: { clientErasedOn: data.erasedOn } });
    },
    async BeneficiaryRegistered({ data }, context) {
      const { beneficiaryId, ...beneficiary } = data;
      await context
        .collection<BeneficiaryDoc>('beneficiaries')
        .replaceOne(
          { _id: beneficiaryId },
          { _id: beneficiaryId, ...beneficiary, erasedOn: null, enrolments: [] },
          { upsert: true },
        );
    },
    async BeneficiaryEnrolled({ data }, context) {
      const { beneficiaryId, ...enrolment } = data;
      await context
        .collection<BeneficiaryDoc>('beneficiaries')
        .updateOne({ _id: beneficiaryId }, { $push: { enrolments: enrolment } });
    },
    async BeneficiaryDataErased({ data }, context) {
      await context
        .collection<BeneficiaryDoc>('beneficiaries')
        .updateOne({ _id: data.beneficiaryId }, { $set: { erasedOn: data.erasedOn } });
    },
    async ServiceDelivered({ data }, context) {
      const { deliveryId, operator: _, ...d } = data;
      const doc: DeliveryDoc = {
        _id: deliveryId,
        stream: unitDayStream(d.unitId, d.date),
        ...d,
        voided: false,
        corrections: 0,
      };
      await context.collection<DeliveryDoc>('deliveries').replaceOne({ _id: deliveryId }, doc, { upsert: true });
      await count(context, doc, +1);
      if (doc.overBudget) await overBudget(context, doc.agreementId, (list) => [...list, entryOf(doc)]);
    },
    async ServiceDeliveryCorrected({ data }, context) {
      const deliveries = context.collection<DeliveryDoc>('deliveries');
      const before = await deliveries.findOne({ _id: data.deliveryId });
      if (!before) return;
      const after: DeliveryDoc = {
        ...before,
        ...data.changes,
        overBudget: data.overBudget,
        corrections: before.corrections + 1,
      };
      await count(context, before, -1);
      await count(context, after, +1);
      await deliveries.replaceOne({ _id: before._id }, after);
      // Also when neither is flagged: a shorter delivery leaves less beyond the budget for the flagged ones.
      if (after.professional)
        await overBudget(context, after.agreementId, (list) =>
          !after.overBudget
            ? list.filter((e) => e.deliveryId !== after._id)
            : list.some((e) => e.deliveryId === after._id)
              ? list.map((e) => (e.deliveryId === after._id ? entryOf(after) : e))
              : [...list, entryOf(after)],
        );
    },
    async ServiceDeliveryVoided({ data }, context) {
      const deliveries = context.collection<DeliveryDoc>('deliveries');
      const before = await deliveries.findOne({ _id: data.deliveryId });
      if (!before || before.voided) return;
      await count(context, before, -1);
      await deliveries.updateOne({ _id: before._id }, { $set: { voided: true } });
      if (before.professional)
        await overBudget(context, before.agreementId, (list) => list.filter((e) => e.deliveryId !== before._id));
    },
    SatisfactionSurveyRecorded: survey,
    WellbeingSurveyRecorded: survey,
  },
});

/** A survey of the families' satisfaction or of the workers' wellbeing, one document each. */
async function survey(
  { type, data }: EventOf<ServiceEvents, 'SatisfactionSurveyRecorded' | 'WellbeingSurveyRecorded'>,
  context: ProjectionContext,
): Promise<void> {
  const { surveyId, ...survey } = data;
  await context.collection<SurveyDoc>('surveys').replaceOne(
    { _id: surveyId },
    {
      _id: surveyId,
      kind: type === 'SatisfactionSurveyRecorded' ? 'satisfaction' : 'wellbeing',
      respondents: 'respondents' in survey ? survey.respondents : 'workers',
      unitId: survey.unitId,
      period: survey.period,
      responses: survey.responses,
      meanScore: survey.meanScore,
    },
    { upsert: true },
  );
}

const entryOf = (d: DeliveryDoc): OverBudgetDelivery => ({
  deliveryId: d._id,
  date: d.date,
  unitId: d.unitId,
  minutes: d.minutes,
  overBudgetMinutes: 0,
});

/**
 * S3 with `flag`: changes the agreement's list of flagged deliveries, then lays the budget's
 * excess (professional minutes used beyond it, as they stand after voids and corrections) on
 * them, the latest first: each gets the minutes of it beyond the budget, and one that no
 * longer goes beyond (an earlier delivery was voided or shortened) leaves the list.
 */
async function overBudget(
  context: ProjectionContext,
  agreementId: string,
  change: (list: OverBudgetDelivery[]) => OverBudgetDelivery[],
): Promise<void> {
  const agreements = context.collection<AgreementDoc>('agreements');
  const agreement = await agreements.findOne({ _id: agreementId });
  if (!agreement || (agreement.overBudgetDeliveries.length === 0 && agreement.overBudget === 'refuse')) return;
  let excess = Math.max(0, agreement.professionalMinutes - Math.round(agreement.hoursBudget * 60));
  const laid = change(agreement.overBudgetDeliveries)
    .reverse()
    .map((e) => {
      const over = Math.min(e.minutes, excess);
      excess -= over;
      return { ...e, overBudgetMinutes: over };
    })
    .filter((e) => e.overBudgetMinutes > 0)
    .reverse();
  await agreements.updateOne({ _id: agreementId }, { $set: { overBudgetDeliveries: laid } });
}

/** Adds (+1) or removes (-1) a delivery from every aggregate that counts it. */
async function count(context: ProjectionContext, d: DeliveryDoc, sign: 1 | -1): Promise<void> {
  const minutes = sign * d.minutes;
  await context.collection<AgreementDoc>('agreements').updateOne(
    { _id: d.agreementId },
    {
      $inc: { [d.professional ? 'professionalMinutes' : 'volunteerMinutes']: minutes },
    },
  );
  if (d.professional) {
    const _id = agreementDayId(d.agreementId, d.unitId, d.date);
    await context.collection<AgreementDayDoc>('agreementDays').updateOne({ _id }, { $inc: { minutes } }, { upsert: true });
  }
  const operatorDays = context.collection<OperatorDayDoc>('operatorDays');
  const dayId = operatorDayId(d.operatorPersonId, d.date);
  const day = (await operatorDays.findOne({ _id: dayId })) ?? { _id: dayId, slots: [] };
  const from = minutesOf(d.start);
  const slots =
    sign > 0
      ? [...day.slots, { deliveryId: d._id, unitId: d.unitId, from, to: from + d.minutes }]
      : day.slots.filter((s) => s.deliveryId !== d._id);
  await operatorDays.replaceOne({ _id: dayId }, { _id: dayId, slots }, { upsert: true });
  const served = context.collection<ServedDoc>('served');
  const year = d.date.slice(0, 4);
  for (const beneficiaryId of d.beneficiaries) {
    const _id = `${year}|${beneficiaryId}`;
    const known = await served.findOne({ _id });
    const ageBand =
      known?.ageBand ??
      (await context.collection<BeneficiaryDoc>('beneficiaries').findOne({ _id: beneficiaryId }))?.ageBand ??
      'unknown';
    const deliveries = (known?.deliveries ?? 0) + sign;
    await served.replaceOne({ _id }, { _id, year, beneficiaryId, ageBand, deliveries }, { upsert: true });
  }
  const months = context.collection<MonthDoc>('months');
  const _id = monthId(d);
  const month = (await months.findOne({ _id })) ?? {
    _id,
    unitId: d.unitId,
    agreementId: d.agreementId,
    month: d.date.slice(0, 7),
    professionalMinutes: 0,
    volunteerMinutes: 0,
    deliveries: 0,
  };
  await months.replaceOne(
    { _id },
    {
      ...month,
      professionalMinutes: month.professionalMinutes + (d.professional ? minutes : 0),
      volunteerMinutes: month.volunteerMinutes + (d.professional ? 0 : minutes),
      deliveries: month.deliveries + sign,
    },
    { upsert: true },
  );
}
