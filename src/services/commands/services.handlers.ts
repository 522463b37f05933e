import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { KeyedLock } from '../../platform/keyed-lock.js';
import { NotCaughtUpError } from '../../platform/http/http-errors.js';
import { VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import {
  agreementStream,
  beneficiaryStream,
  surveysStream,
  unitDayStream,
  unitStream,
  type DeliveryData,
  type ServiceEvent,
} from '../domain/service-events.js';
import {
  agreementDecider,
  beneficiaryDecider,
  enrolledOn,
  isMinor,
  unitDecider,
  type BeneficiaryCommand,
} from '../domain/setup.js';
import { surveyDecider } from '../domain/surveys.js';
import { unitDayDecider, type DeliveryFacts, type UnitDayCommand } from '../domain/unit-day.js';
import {
  SERVICE_OPERATORS,
  staffInForce,
  type StaffDoc,
  type VolunteerOperatorDoc,
} from '../projections/operators.projection.js';
import {
  agreementDayId,
  operatorDayId,
  SERVICE_DELIVERIES,
  type AgreementDayDoc,
  type AgreementDoc,
  type DeliveryDoc,
  type OperatorDayDoc,
} from '../projections/deliveries.projection.js';

type Data<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

export type SetupCommand =
  | ({ type: 'OpenServiceUnit' } & Data<'ServiceUnitOpened'>)
  | ({ type: 'SignServiceAgreement' } & Data<'ServiceAgreementSigned'>)
  | { type: 'EraseClientData'; agreementId: string; erasedOn: string }
  | Extract<BeneficiaryCommand, { type: 'RegisterBeneficiary' }>
  | Omit<Extract<BeneficiaryCommand, { type: 'EnrollBeneficiary' }>, 'agreement'>
  | Omit<Extract<BeneficiaryCommand, { type: 'EraseBeneficiaryData' }>, 'agreementEndsOn'>
  | ({ type: 'RecordSurvey'; kind: 'satisfaction' } & Data<'SatisfactionSurveyRecorded'>)
  | ({ type: 'RecordSurvey'; kind: 'wellbeing' } & Data<'WellbeingSurveyRecorded'>);

/** Units, agreements, beneficiaries and surveys: each on its own stream, with the facts of the others it names. */
export class RecordService extends Command<CommandResult> {
  constructor(
    readonly command: SetupCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordService)
export class RecordServiceHandler implements ICommandHandler<RecordService> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  async execute({ command, meta }: RecordService) {
    switch (command.type) {
      case 'OpenServiceUnit':
        return this.commands.execute(unitStream(command.unitId), unitDecider, command, meta);
      case 'SignServiceAgreement': {
        const unit = (await this.commands.load(unitStream(command.unitId), unitDecider)).state;
        return this.commands.execute(agreementStream(command.agreementId), agreementDecider, { ...command, unit }, meta);
      }
      case 'EnrollBeneficiary': {
        const agreement = (await this.commands.load(agreementStream(command.agreementId), agreementDecider)).state;
        return this.commands.execute(
          beneficiaryStream(command.beneficiaryId),
          beneficiaryDecider,
          { ...command, agreement },
          meta,
        );
      }
      case 'RegisterBeneficiary':
        return this.commands.execute(beneficiaryStream(command.beneficiaryId), beneficiaryDecider, command, meta);
      case 'EraseBeneficiaryData': {
        // S4b reads the end of every agreement the beneficiary is enrolled in.
        const beneficiary = (await this.commands.load(beneficiaryStream(command.beneficiaryId), beneficiaryDecider)).state;
        const agreementEndsOn: Record<string, string> = {};
        for (const { agreementId } of beneficiary.registered ? beneficiary.enrolments : []) {
          const agreement = (await this.commands.load(agreementStream(agreementId), agreementDecider)).state;
          if (agreement.signed) agreementEndsOn[agreementId] = agreement.endsOn;
        }
        // Recorded first, then the key is destroyed; repeating the request (same key) mends a crash between.
        const result = await this.commands.execute(
          beneficiaryStream(command.beneficiaryId),
          beneficiaryDecider,
          { ...command, agreementEndsOn },
          meta,
        );
        await this.vault.erase(command.beneficiaryId);
        await this.eraseNotesOf(command.beneficiaryId);
        return result;
      }
      case 'EraseClientData': {
        const result = await this.commands.execute(agreementStream(command.agreementId), agreementDecider, command, meta);
        const agreement = (await this.commands.load(agreementStream(command.agreementId), agreementDecider)).state;
        if (agreement.signed && agreement.client.kind === 'family') await this.vault.erase(agreement.client.clientId);
        return result;
      }
      case 'RecordSurvey': {
        const unit = (await this.commands.load(unitStream(command.unitId), unitDecider)).state;
        return this.commands.execute(surveysStream(command.unitId), surveyDecider, { ...command, unit }, meta);
      }
    }
  }

  /**
   * The free texts of every delivery naming the beneficiary are sealed under the delivery's key:
   * erased with them. Deliveries to them stopped with the erasure (S4), so the view caught up
   * holds them all; a rare command, it may scan.
   */
  private async eraseNotesOf(beneficiaryId: string): Promise<void> {
    if (!(await this.projections.catchUp(5_000, [SERVICE_DELIVERIES]))) throw new NotCaughtUpError('head', [SERVICE_DELIVERIES]);
    const deliveries = await (
      await this.projections.collection<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')
    ).find({ beneficiaries: beneficiaryId });
    for (const delivery of deliveries) await this.vault.erase(delivery._id);
  }
}

export type DeliveryRequest = Omit<DeliveryData, 'operatorPersonId' | 'professional' | 'overBudget' | 'minors'>;

export class DeliverService extends Command<CommandResult & { deliveryId: string }> {
  constructor(
    readonly delivery: DeliveryRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

export class CorrectDelivery extends Command<CommandResult> {
  constructor(
    readonly request:
      Omit<Extract<UnitDayCommand, { type: 'CorrectDelivery' }>, 'facts'> | Extract<UnitDayCommand, { type: 'VoidDelivery' }>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * What every delivery decision reads besides its own unit-day: kept in the services context's
 * views, read caught up. Two of those facts span streams: the operator's deliveries in other
 * units (S3, one place at a time) and the agreement's hours on other days (S3, the budget).
 * Decisions that share an operator's day or an agreement therefore run one at a time in this
 * process, from reading the views to the append, so the second reads the first (across
 * processes the views stay eventually consistent).
 */
abstract class DeliveryFactsHandler {
  private static readonly spanning = new KeyedLock();

  constructor(
    protected readonly commands: CommandProcessor,
    protected readonly projections: ProjectionRunner,
  ) {}

  /** Runs `decide` alone among the decisions on this operator's day or this agreement. */
  protected oneAtATime<T>(keys: { personId?: string; date: string; agreementId: string }, decide: () => Promise<T>): Promise<T> {
    // Always taken in the same order, so two decisions never wait on each other.
    const names = [`agreement:${keys.agreementId}`, ...(keys.personId ? [`operator:${keys.personId}:${keys.date}`] : [])].sort();
    return names.reduceRight<() => Promise<T>>((inner, name) => () => DeliveryFactsHandler.spanning.run(name, inner), decide)();
  }

  protected async caughtUp() {
    if (!(await this.projections.catchUp(5_000, [SERVICE_OPERATORS, SERVICE_DELIVERIES])))
      throw new NotCaughtUpError('head', [SERVICE_OPERATORS, SERVICE_DELIVERIES]);
  }

  protected async agreementFacts(agreementId: string, unitId: string, date: string): Promise<DeliveryFacts['agreement']> {
    const agreement = (await this.commands.load(agreementStream(agreementId), agreementDecider)).state;
    if (!agreement.signed) return null;
    const doc = await (
      await this.projections.collection<AgreementDoc>(SERVICE_DELIVERIES, 'agreements')
    ).findOne({ _id: agreementId });
    const day = await (
      await this.projections.collection<AgreementDayDoc>(SERVICE_DELIVERIES, 'agreementDays')
    ).findOne({ _id: agreementDayId(agreementId, unitId, date) });
    return {
      unitId: agreement.unitId,
      startsOn: agreement.startsOn,
      endsOn: agreement.endsOn,
      budgetMinutes: Math.round(agreement.hoursBudget * 60),
      overBudget: agreement.overBudget,
      // The unit-day's own deliveries are in its stream; only the other days come from the view.
      usedMinutesElsewhere: (doc?.professionalMinutes ?? 0) - (day?.minutes ?? 0),
    };
  }

  protected async unitFacts(unitId: string): Promise<DeliveryFacts['unit']> {
    const unit = (await this.commands.load(unitStream(unitId), unitDecider)).state;
    return unit.opened ? { childrenPerStaff: unit.childrenPerStaff } : null;
  }

  protected async elsewhere(personId: string, date: string, unitId: string): Promise<DeliveryFacts['operatorElsewhere']> {
    const day = await (
      await this.projections.collection<OperatorDayDoc>(SERVICE_DELIVERIES, 'operatorDays')
    ).findOne({ _id: operatorDayId(personId, date) });
    return (day?.slots ?? []).filter((s) => s.unitId !== unitId).map(({ from, to }) => ({ from, to }));
  }
}

/** S1–S5 and W3b: the facts gathered here, decided on the unit-day's stream. */
@CommandHandler(DeliverService)
export class DeliverServiceHandler extends DeliveryFactsHandler implements ICommandHandler<DeliverService> {
  constructor(@Inject(CommandProcessor) commands: CommandProcessor, @Inject(ProjectionRunner) projections: ProjectionRunner) {
    super(commands, projections);
  }

  async execute({ delivery, meta }: DeliverService) {
    await this.caughtUp();
    const { date, agreementId } = delivery;
    const operator = await this.operator(delivery.operator, date);
    return this.oneAtATime({ personId: operator?.personId, date, agreementId }, () => this.decide(delivery, operator, meta));
  }

  private async decide(delivery: DeliveryRequest, operator: DeliveryFacts['operator'], meta: CommandMetadata) {
    // Caught up again: a decision that held the lock before this one may have just appended.
    await this.caughtUp();
    const { date, unitId, agreementId } = delivery;
    const beneficiaries = await Promise.all(
      delivery.beneficiaries.map(async (beneficiaryId) => {
        const state = (await this.commands.load(beneficiaryStream(beneficiaryId), beneficiaryDecider)).state;
        return {
          beneficiaryId,
          registered: state.registered,
          erased: state.registered && state.erased,
          minor: state.registered && isMinor(state.ageBand),
          enrolled: enrolledOn(state, agreementId, date),
        };
      }),
    );
    const facts: DeliveryFacts = {
      unit: await this.unitFacts(unitId),
      agreement: await this.agreementFacts(agreementId, unitId, date),
      beneficiaries,
      operator,
      operatorElsewhere: operator ? await this.elsewhere(operator.personId, date, unitId) : [],
    };
    const result = await this.commands.execute(
      unitDayStream(unitId, date),
      unitDayDecider,
      { type: 'DeliverService', delivery, facts },
      meta,
    );
    return { deliveryId: delivery.deliveryId, ...result };
  }

  private async operator(operator: DeliveryRequest['operator'], date: string): Promise<DeliveryFacts['operator']> {
    if (operator.kind === 'staff') {
      const doc = await (
        await this.projections.collection<StaffDoc>(SERVICE_OPERATORS, 'staff')
      ).findOne({ _id: operator.contractId });
      return doc
        ? {
            personId: doc.personId,
            inForce: staffInForce(doc, date),
            insured: false,
            criminalRecordCheckedOn: doc.criminalRecordCheckedOn,
          }
        : null;
    }
    const doc = await (
      await this.projections.collection<VolunteerOperatorDoc>(SERVICE_OPERATORS, 'volunteers')
    ).findOne({ _id: operator.volunteerId });
    return doc
      ? {
          personId: doc.personId,
          inForce: doc.enrolledOn <= date,
          insured: doc.coverage.some((c) => c.coveredFrom <= date && c.coveredUntil >= date),
          criminalRecordCheckedOn: doc.criminalRecordCheckedOn,
        }
      : null;
  }
}

/** Corrections and voids: found by id in the view, decided on the delivery's unit-day stream. */
@CommandHandler(CorrectDelivery)
export class CorrectDeliveryHandler extends DeliveryFactsHandler implements ICommandHandler<CorrectDelivery> {
  constructor(@Inject(CommandProcessor) commands: CommandProcessor, @Inject(ProjectionRunner) projections: ProjectionRunner) {
    super(commands, projections);
  }

  async execute({ request, meta }: CorrectDelivery) {
    await this.caughtUp();
    const delivery = await (
      await this.projections.collection<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')
    ).findOne({
      _id: request.deliveryId,
    });
    if (!delivery) throw new NotFoundError('delivery', request.deliveryId);
    if (request.type === 'VoidDelivery') return this.commands.execute(delivery.stream, unitDayDecider, request, meta);
    const keys = { personId: delivery.operatorPersonId, date: delivery.date, agreementId: delivery.agreementId };
    return this.oneAtATime(keys, async () => {
      await this.caughtUp();
      // Its own unit's deliveries are in the stream, so the operator's day elsewhere never includes this one.
      const elsewhere = await this.elsewhere(delivery.operatorPersonId, delivery.date, delivery.unitId);
      return this.commands.execute(
        delivery.stream,
        unitDayDecider,
        {
          ...request,
          facts: {
            unit: await this.unitFacts(delivery.unitId),
            agreement: await this.agreementFacts(delivery.agreementId, delivery.unitId, delivery.date),
            operatorElsewhere: elsewhere,
            operator: null,
          },
        },
        meta,
      );
    });
  }
}
