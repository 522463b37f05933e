import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { CommandProcessor, type CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import { businessDate, type Clock } from '../../platform/clock.js';
import { hoursOf } from '../../platform/dates.js';
import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { RecordService } from '../commands/record-service.handler.js';
import {
  AmendDelivery,
  OpenUnit,
  RecordDelivery,
  RecordSurvey,
  RegisterBeneficiary,
  SignAgreement,
} from '../commands/service-requests.js';
import { unitDayStream } from '../domain/service-events.js';
import { liveSlots, presentAt, timeOf, unitDayDecider } from '../domain/unit-day.js';
import {
  SERVICE_DELIVERIES,
  type AgreementDoc,
  type BeneficiaryDoc,
  type MonthDoc,
  type ServedDoc,
  type SurveyDoc,
  type UnitDoc,
} from '../projections/deliveries.projection.js';
import {
  AgreementBody,
  AgreementParams,
  BeneficiaryBody,
  BeneficiaryParams,
  CorrectionBody,
  DeliveryBody,
  DeliveryParams,
  EnrolmentBody,
  SurveyBody,
  UnitBody,
  UnitDayQuery,
  VoidBody,
  YearQuery,
} from './services.schemas.js';
import {
  AgreementAnswer,
  AgreementsAnswer,
  BeneficiaryAnswer,
  ChildrenReportAnswer,
  HoursReportAnswer,
  StaffRatioAnswer,
  SurveysAnswer,
  UnitDayAnswer,
  UnitsAnswer,
} from './services.answers.js';
import { DELIVERY_RESERVATIONS, refusalsOf } from '../commands/refusals.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const MonthsQuery = z.object({ from: Month, to: Month });

const setup = { roles: ['secretary'], tags: ['services'], idempotent: true } as const;
const recorders = { roles: ['secretary', 'coordinator'], tags: ['services'], idempotent: true } as const;
const readers = { roles: ['secretary', 'board', 'coordinator'], tags: ['services'], readModels: [SERVICE_DELIVERIES] } as const;

/** Units, agreements, beneficiaries, deliveries (S1–S5, W3b), surveys, and the service reports. */
@Controller('services')
export class ServicesController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CommandRoute('units', {
    ...refusalsOf('OpenServiceUnit'),
    example: { request: { name: 'Nido Girasole', kind: 'nursery', capacity: 30, childrenPerStaff: 6, openedOn: '2026-09-01' } },
    ...setup,
    summary: 'Open an operating unit with its capacity and staff-to-child ratio (S5)',
    body: UnitBody,
  })
  openUnit(@ValidBody() body: z.infer<typeof UnitBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new OpenUnit(body, meta));
  }

  @Get('units')
  @Operation({ response: UnitsAnswer, ...readers, summary: 'The operating units and their settings' })
  async units() {
    const units = await this.projections.reader<UnitDoc>(SERVICE_DELIVERIES, 'units').find({}, { sort: { name: 1 } });
    return { units: units.map(({ _id, ...u }) => ({ unitId: _id, ...u })) };
  }

  @CommandRoute('agreements', {
    ...refusalsOf('SignServiceAgreement'),
    example: {
      request: {
        client: { kind: 'municipality', name: 'Comune di Genova' },
        unitId: 'd4968dcd-91a6-4483-abcb-35327248044b',
        service: 'nido d’infanzia',
        hoursBudget: 1000,
        startsOn: '2026-09-01',
        endsOn: '2027-07-31',
        legalForm: { kind: 'public_tender', cig: 'A1B2C3D4E5' },
        overBudget: 'flag',
        signedOn: '2026-07-15',
      },
    },
    ...setup,
    summary: 'Record a service agreement (a family client’s data are sealed)',
    body: AgreementBody,
  })
  sign(@ValidBody() body: z.infer<typeof AgreementBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new SignAgreement(body, meta));
  }

  @Get('agreements/:agreementId')
  @Operation({
    response: AgreementAnswer,
    ...readers,
    summary: 'An agreement with its professional hours used and left (S2, S3)',
    params: AgreementParams,
  })
  async agreement(@ValidParams() { agreementId }: { agreementId: string }) {
    const doc = await this.projections.reader<AgreementDoc>(SERVICE_DELIVERIES, 'agreements').findOne({ _id: agreementId });
    if (!doc) throw new NotFoundError('agreement', agreementId);
    return this.agreementView(doc);
  }

  @Get('agreements')
  @Operation({
    response: AgreementsAnswer,
    ...readers,
    summary: 'Every agreement with its professional hours used against the budget and its over-budget deliveries (S2, S3)',
  })
  async agreements() {
    const docs = await this.projections
      .reader<AgreementDoc>(SERVICE_DELIVERIES, 'agreements')
      .find({}, { sort: { startsOn: 1, _id: 1 } });
    return { agreements: await Promise.all(docs.map((doc) => this.agreementView(doc))) };
  }

  private async agreementView(doc: AgreementDoc) {
    const { _id, client, clientErasedOn, professionalMinutes, volunteerMinutes, overBudgetDeliveries, ...rest } = doc;
    const erased = clientErasedOn !== null;
    return {
      agreementId: _id,
      ...rest,
      client: {
        kind: client.kind,
        name: erased ? null : client.person ? await openName(this.vault, client.person) : client.name,
        ...(client.person ? { personalDataErased: erased } : {}),
      },
      professionalHoursUsed: hoursOf(professionalMinutes),
      professionalHoursLeft: Math.round((doc.hoursBudget - professionalMinutes / 60) * 10) / 10,
      volunteerHours: hoursOf(volunteerMinutes),
      // S3 with `flag`: which deliveries went beyond the budget, and by how much.
      overBudgetDeliveries,
      overBudgetMinutes: overBudgetDeliveries.reduce((n, d) => n + d.overBudgetMinutes, 0),
    };
  }

  @CommandRoute('agreements/:agreementId/client-erasure', {
    ...refusalsOf('EraseClientData'),
    ...setup,
    summary:
      'Erase a family client’s personal data (S4b: only once the agreement’s records need no longer be kept, c.c. art. 2220)',
    params: AgreementParams,
  })
  eraseClient(@ValidParams() { agreementId }: { agreementId: string }, @CommandMeta() meta: CommandMetadata) {
    const erasedOn = businessDate(this.clock.now());
    return this.commandBus.execute(new RecordService({ type: 'EraseClientData', agreementId, erasedOn }, meta));
  }

  @CommandRoute('beneficiaries', {
    ...refusalsOf('RegisterBeneficiary'),
    example: {
      request: {
        person: { givenName: 'Sofia', familyName: 'Gallo', fiscalCode: 'GLLSFO24E41D969S', birthDate: '2024-05-01' },
        ageBand: '0-2',
        registeredOn: '2026-03-02',
      },
    },
    ...recorders,
    summary: 'Register a beneficiary (personal data sealed; age band kept for the reports)',
    body: BeneficiaryBody,
  })
  register(@ValidBody() body: z.infer<typeof BeneficiaryBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new RegisterBeneficiary(body, meta));
  }

  @CommandRoute('beneficiaries/:beneficiaryId/enrolments', {
    ...refusalsOf('EnrollBeneficiary'),
    example: { request: { agreementId: '2c97a343-3983-49b9-8bfb-da9d3f08112a', enrolledOn: '2026-03-02', endsOn: '2026-07-31' } },
    ...recorders,
    summary: 'Enrol a beneficiary in an agreement',
    params: BeneficiaryParams,
    body: EnrolmentBody,
  })
  enrol(
    @ValidParams() { beneficiaryId }: { beneficiaryId: string },
    @ValidBody() body: z.infer<typeof EnrolmentBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordService({ type: 'EnrollBeneficiary', beneficiaryId, ...body }, meta));
  }

  @CommandRoute('beneficiaries/:beneficiaryId/erasure', {
    ...refusalsOf('EraseBeneficiaryData'),
    ...recorders,
    roles: ['secretary'],
    summary:
      'Erase a beneficiary’s personal data (S4; S4b: only ten years after the last day they could be served): they read as erased, counts and hours stay',
    params: BeneficiaryParams,
  })
  erase(@ValidParams() { beneficiaryId }: { beneficiaryId: string }, @CommandMeta() meta: CommandMetadata) {
    const erasedOn = businessDate(this.clock.now());
    return this.commandBus.execute(new RecordService({ type: 'EraseBeneficiaryData', beneficiaryId, erasedOn }, meta));
  }

  @Get('beneficiaries/:beneficiaryId')
  @Operation({
    response: BeneficiaryAnswer,
    ...readers,
    summary: 'A beneficiary: name (null once erased), age band, enrolments',
    params: BeneficiaryParams,
  })
  async beneficiary(@ValidParams() { beneficiaryId }: { beneficiaryId: string }) {
    const doc = await this.projections.reader<BeneficiaryDoc>(SERVICE_DELIVERIES, 'beneficiaries').findOne({
      _id: beneficiaryId,
    });
    if (!doc) throw new NotFoundError('beneficiary', beneficiaryId);
    return {
      beneficiaryId,
      name: doc.erasedOn ? null : await openName(this.vault, doc.person),
      personalDataErased: doc.erasedOn !== null,
      ageBand: doc.ageBand,
      registeredOn: doc.registeredOn,
      enrolments: doc.enrolments,
    };
  }

  @CommandRoute('deliveries', {
    ...refusalsOf('DeliverService', ...DELIVERY_RESERVATIONS),
    example: {
      request: {
        agreementId: '2c97a343-3983-49b9-8bfb-da9d3f08112a',
        unitId: 'd4968dcd-91a6-4483-abcb-35327248044b',
        beneficiaries: ['8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b'],
        operator: { kind: 'staff', contractId: '38361e33-3fab-4e47-9a65-358c19595496' },
        date: '2026-03-02',
        start: '08:00',
        minutes: 240,
        activity: 'accoglienza e attività educative',
      },
    },
    ...recorders,
    summary: 'Record a service delivered (S1–S5, W3b)',
    body: DeliveryBody,
  })
  deliver(@ValidBody() body: z.infer<typeof DeliveryBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new RecordDelivery(body, meta));
  }

  @CommandRoute('deliveries/:deliveryId/correction', {
    ...refusalsOf('CorrectDelivery', ...DELIVERY_RESERVATIONS),
    example: {
      request: { changes: { start: '08:30', minutes: 210 }, reason: 'orario di arrivo registrato male dal coordinatore' },
    },
    ...recorders,
    summary: 'Correct a delivery’s time or activity (the rules hold again)',
    params: DeliveryParams,
    body: CorrectionBody,
  })
  correct(
    @ValidParams() { deliveryId }: { deliveryId: string },
    @ValidBody() body: z.infer<typeof CorrectionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new AmendDelivery(deliveryId, { type: 'correct', ...body }, meta));
  }

  @CommandRoute('deliveries/:deliveryId/void', {
    ...refusalsOf('VoidDelivery', 'ReleaseOperatorSlot', 'ReleaseAgreementHours'),
    example: { request: { reason: 'registrata due volte per errore' } },
    ...recorders,
    summary: 'Void a delivery recorded in error (it stays in the history)',
    params: DeliveryParams,
    body: VoidBody,
  })
  voidDelivery(
    @ValidParams() { deliveryId }: { deliveryId: string },
    @ValidBody() body: z.infer<typeof VoidBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new AmendDelivery(deliveryId, { type: 'void', ...body }, meta));
  }

  @CommandRoute('surveys', {
    ...refusalsOf('RecordSurvey'),
    example: {
      request: {
        kind: 'satisfaction',
        unitId: 'd4968dcd-91a6-4483-abcb-35327248044b',
        respondents: 'families',
        period: '2025',
        responses: 24,
        meanScore: 4.3,
        recordedOn: '2026-01-31',
      },
    },
    ...recorders,
    summary: 'Record a satisfaction (clients, families) or wellbeing (workers) survey of a unit',
    body: SurveyBody,
  })
  survey(@ValidBody() body: z.infer<typeof SurveyBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new RecordSurvey(body, meta));
  }

  @Get('reports/hours')
  @Operation({
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
  @Operation({ response: SurveysAnswer, ...readers, summary: 'Satisfaction and wellbeing of a year by unit', query: YearQuery })
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
