import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { CommandProcessor } from '../../platform/commands/command-processor.js';
import { Operation, ValidQuery } from '../../platform/http/operation.js';
import { hoursOf } from '../../platform/dates.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { unitDayStream } from '../domain/service-events.js';
import { liveSlots, presentAt, timeOf, unitDayDecider } from '../domain/unit-day.js';
import {
  SERVICE_DELIVERIES,
  type AgreementDoc,
  type MonthDoc,
  type ServedDoc,
  type SurveyDoc,
  type UnitDoc,
} from '../projections/deliveries.projection.js';
import { UnitDayQuery, YearQuery } from './services.schemas.js';
import { ChildrenReportAnswer, HoursReportAnswer, StaffRatioAnswer, SurveysAnswer, UnitDayAnswer } from './services.answers.js';
import { readers } from './readers.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const MonthsQuery = z.object({ from: Month, to: Month });

/** The service reports (S2, S3, S5): hours, children, staff ratios, a unit's day, surveys; the social report reads them through this class. */
@Controller('services')
export class ServiceReportsController {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
  ) {}

  @Get('reports/hours')
  @Operation({
    operationId: 'services.hoursReport', // as before the reports had a class of their own
    response: HoursReportAnswer,
    ...readers,
    summary: 'Hours by unit, service, agreement and month: professional and volunteer apart (S2)',
    query: MonthsQuery,
  })
  async hoursReport(@ValidQuery() { from, to }: z.infer<typeof MonthsQuery>) {
    const months = await this.projections
      .reader<MonthDoc>(SERVICE_DELIVERIES, 'months')
      .find({ month: { $gte: from, $lte: to } }, { sort: { unitId: 1, agreementId: 1, month: 1 } });
    const unitDocs = new Map((await this.projections.reader<UnitDoc>(SERVICE_DELIVERIES, 'units').find()).map((u) => [u._id, u]));
    const units = new Map([...unitDocs].map(([id, u]) => [id, u.name]));
    const agreements = new Map(
      (await this.projections.reader<AgreementDoc>(SERVICE_DELIVERIES, 'agreements').find()).map((a) => [a._id, a]),
    );
    const lines = months
      .filter((m) => m.deliveries > 0)
      .map((m) => ({
        unitId: m.unitId,
        unit: units.get(m.unitId) ?? null,
        agreementId: m.agreementId,
        service: agreements.get(m.agreementId)?.service ?? null,
        month: m.month,
        deliveries: m.deliveries,
        professionalHours: hoursOf(m.professionalMinutes),
        volunteerHours: hoursOf(m.volunteerMinutes),
        // S3 with `flag`: the month's deliveries of this unit that went beyond the agreement's budget.
        overBudgetDeliveries: (agreements.get(m.agreementId)?.overBudgetDeliveries ?? []).filter(
          (d) => d.unitId === m.unitId && d.date.startsWith(m.month),
        ),
      }));
    // The same months summed by unit (with its kind) and by agreement (against its budget of hours).
    const sum = <K>(key: (m: MonthDoc) => K) => {
      const totals = new Map<K, { deliveries: number; professionalMinutes: number; volunteerMinutes: number }>();
      for (const m of months.filter((x) => x.deliveries > 0)) {
        const t = totals.get(key(m)) ?? { deliveries: 0, professionalMinutes: 0, volunteerMinutes: 0 };
        t.deliveries += m.deliveries;
        t.professionalMinutes += m.professionalMinutes;
        t.volunteerMinutes += m.volunteerMinutes;
        totals.set(key(m), t);
      }
      return totals;
    };
    const byUnit = [...sum((m) => m.unitId)].map(([unitId, t]) => ({
      unitId,
      unit: unitDocs.get(unitId)?.name ?? null,
      kind: unitDocs.get(unitId)?.kind ?? null,
      deliveries: t.deliveries,
      professionalHours: hoursOf(t.professionalMinutes),
      volunteerHours: hoursOf(t.volunteerMinutes),
    }));
    const byAgreement = [...sum((m) => m.agreementId)].map(([agreementId, t]) => {
      const agreement = agreements.get(agreementId);
      return {
        agreementId,
        unitId: agreement?.unitId ?? null,
        service: agreement?.service ?? null,
        startsOn: agreement?.startsOn ?? null,
        endsOn: agreement?.endsOn ?? null,
        hoursBudget: agreement?.hoursBudget ?? null,
        deliveries: t.deliveries,
        professionalHours: hoursOf(t.professionalMinutes),
        volunteerHours: hoursOf(t.volunteerMinutes),
      };
    });
    return {
      from,
      to,
      lines,
      byUnit,
      byAgreement,
      professionalHours: hoursOf(months.reduce((n, m) => n + m.professionalMinutes, 0)),
      volunteerHours: hoursOf(months.reduce((n, m) => n + m.volunteerMinutes, 0)),
    };
  }

  @Get('reports/children')
  @Operation({
    operationId: 'services.children', // as before the reports had a class of their own
    response: ChildrenReportAnswer,
    ...readers,
    summary: 'Beneficiaries served in a year by age band (erased ones still counted)',
    query: YearQuery,
  })
  async children(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    // Served while some delivery to them that year stands (a voided one does not count).
    const served = (await this.projections.reader<ServedDoc>(SERVICE_DELIVERIES, 'served').find({ year: String(year) })).filter(
      (s) => s.deliveries > 0,
    );
    const byAgeBand: Record<string, number> = {};
    for (const s of served) byAgeBand[s.ageBand] = (byAgeBand[s.ageBand] ?? 0) + 1;
    return { year, served: served.length, children: served.filter((s) => s.ageBand !== 'adult').length, byAgeBand };
  }

  @Get('reports/staff-ratio')
  @Operation({
    operationId: 'services.staffRatio', // as before the reports had a class of their own
    response: StaffRatioAnswer,
    roles: ['secretary', 'board', 'coordinator'],
    tags: ['services'],
    summary: 'S5 for a unit and day: children and professionals present at each moment someone arrives',
    query: UnitDayQuery,
  })
  async staffRatio(@ValidQuery() { unitId, date }: z.infer<typeof UnitDayQuery>) {
    const { state } = await this.commands.load(unitDayStream(unitId, date), unitDayDecider);
    const live = liveSlots(state);
    const moments = [...new Set(live.map((d) => d.from))].sort((a, b) => a - b);
    return {
      unitId,
      date,
      moments: moments.map((t) => {
        const { children, staff, volunteers } = presentAt(live, t);
        const childrenPerStaff = staff ? Math.round((children / staff) * 10) / 10 : null;
        return { time: timeOf(t), children, staff, volunteers, childrenPerStaff };
      }),
    };
  }

  @Get('reports/unit-day')
  @Operation({
    operationId: 'services.unitDay', // as before the reports had a class of their own
    response: UnitDayAnswer,
    roles: ['secretary', 'board', 'coordinator'],
    tags: ['services'],
    summary: 'A unit’s day: its standing deliveries (times, agreement, children, staff or volunteer) and the S5 ratio',
    description: 'Names no person: operators and children are counted, their data stay in the vault.',
    query: UnitDayQuery,
  })
  async unitDay(@ValidQuery() { unitId, date }: z.infer<typeof UnitDayQuery>) {
    const { state } = await this.commands.load(unitDayStream(unitId, date), unitDayDecider);
    const live = liveSlots(state).sort((a, b) => a.from - b.from || a.deliveryId.localeCompare(b.deliveryId));
    const moments = [...new Set(live.map((d) => d.from))].sort((a, b) => a - b);
    return {
      unitId,
      date,
      deliveries: live.map((d) => ({
        deliveryId: d.deliveryId,
        agreementId: d.agreementId,
        start: timeOf(d.from),
        end: timeOf(d.to),
        beneficiaries: d.beneficiaries.length,
        children: d.minors.length,
        professional: d.professional,
      })),
      moments: moments.map((t) => {
        const { children, staff, volunteers } = presentAt(live, t);
        const childrenPerStaff = staff ? Math.round((children / staff) * 10) / 10 : null;
        return { time: timeOf(t), children, staff, volunteers, childrenPerStaff };
      }),
    };
  }

  @Get('reports/surveys')
  @Operation({
    operationId: 'services.surveys',
    response: SurveysAnswer,
    ...readers,
    summary: 'Satisfaction and wellbeing of a year by unit',
    query: YearQuery,
  })
  async surveys(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    const all = await this.projections
      .reader<SurveyDoc>(SERVICE_DELIVERIES, 'surveys')
      .find({}, { sort: { unitId: 1, period: 1 } });
    return {
      year,
      surveys: all.filter((s) => s.period.startsWith(String(year))).map(({ _id, ...s }) => ({ surveyId: _id, ...s })),
    };
  }
}
