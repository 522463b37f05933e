import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { CommandProcessor, type CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams } from '../../platform/http/operation.js';
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
import {
  SERVICE_DELIVERIES,
  type AgreementDoc,
  type BeneficiaryDoc,
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
  VoidBody,
} from './services.schemas.js';
import { AgreementAnswer, AgreementsAnswer, BeneficiaryAnswer, UnitsAnswer } from './services.answers.js';
import { DELIVERY_RESERVATIONS, refusalsOf } from '../commands/refusals.js';
import { readers } from './readers.js';

const setup = { roles: ['secretary'], tags: ['services'], idempotent: true } as const;
const recorders = { roles: ['secretary', 'coordinator'], tags: ['services'], idempotent: true } as const;

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
}
