import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import type { Clock } from '../../platform/clock.js';
import { InvalidCommandField, NotFoundError, RuleViolation, StateConflict } from '../../platform/errors/domain-errors.js';
import { deterministicId } from '../../platform/ids.js';
import { NotCaughtUpError } from '../../platform/http/http-errors.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
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
import {
  agreementHoursDecider,
  operatorDayDecider,
  operatorDayStream,
  type AgreementHours,
  type ExistingHours,
  type ExistingSlot,
  type OperatorDay,
} from '../domain/reservations.js';
import { minutesOf, unitDayDecider, type DeliveryFacts, type UnitDayCommand } from '../domain/unit-day.js';
import {
  SERVICE_OPERATORS,
  staffInForce,
  type StaffDoc,
  type VolunteerOperatorDoc,
} from '../projections/operators.projection.js';
import {
  SERVICE_DELIVERIES,
  operatorDayId,
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
    const deliveries = await this.projections
      .reader<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')
      .find({ beneficiaries: beneficiaryId });
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

/** What a delivery holds on the streams that own S3 across units and days. */
interface Hold {
  deliveryId: string;
  unitId: string;
  date: string;
  agreementId: string;
  personId: string;
  from: number;
  to: number;
  /** S2: only professional minutes are reserved against the agreement's budget. */
  professional: boolean;
}

/** A refusal: nothing was written by the command that threw it. */
const refused = (error: unknown) =>
  error instanceof RuleViolation || error instanceof StateConflict || error instanceof InvalidCommandField;

/**
 * What every delivery decision reads besides its own unit-day. S3 spans streams, and each
 * part of it has a stream that owns it (`domain/reservations.ts`): the operator's slots of
 * the day in `operatorDay-<person>-<date>`, the agreement's professional minutes in the
 * agreement's stream. A delivery is first decided against what those streams hold (no
 * write); then it reserves its slot and its minutes, each appended at the revision it read,
 * so of two processes racing for one operator's hour or an agreement's last hours one is
 * refused; then it is recorded on its unit-day, and its reservations are released if the
 * unit-day refuses it after all. No lock: the expected revisions keep the rule, in one
 * process or many. Ids derive from the command id, so a retried request reserves once.
 */
abstract class DeliveryFactsHandler {
  constructor(
    protected readonly commands: CommandProcessor,
    protected readonly projections: ProjectionRunner,
    protected readonly clock: Clock,
  ) {}

  /** Waits for the named views to reach the head as it is now. */
  protected async caughtUp(projectors: string[]) {
    if (!(await this.projections.catchUp(5_000, projectors))) throw new NotCaughtUpError('head', projectors);
  }

  protected async agreementFacts(
    deliveryId: string,
    agreementId: string,
    unitId: string,
    date: string,
  ): Promise<DeliveryFacts['agreement']> {
    const agreement = (await this.commands.load(agreementStream(agreementId), agreementDecider)).state;
    if (!agreement.signed) return null;
    const hours = await this.hours(agreementId);
    // The unit-day's own deliveries are in its stream; the other days' come from the agreement's reservations.
    const usedMinutesElsewhere = [...hours.reserved].reduce(
      (n, [id, r]) => (id === deliveryId || (r.unitId === unitId && r.date === date) ? n : n + r.minutes),
      0,
    );
    return {
      unitId: agreement.unitId,
      startsOn: agreement.startsOn,
      endsOn: agreement.endsOn,
      budgetMinutes: Math.round(agreement.hoursBudget * 60),
      overBudget: agreement.overBudget,
      usedMinutesElsewhere,
    };
  }

  protected async unitFacts(unitId: string): Promise<DeliveryFacts['unit']> {
    const unit = (await this.commands.load(unitStream(unitId), unitDecider)).state;
    return unit.opened ? { childrenPerStaff: unit.childrenPerStaff } : null;
  }

  /** S3: the person's other deliveries that day in other units, from the stream that owns their day. */
  protected async elsewhere(
    deliveryId: string,
    personId: string,
    date: string,
    unitId: string,
  ): Promise<DeliveryFacts['operatorElsewhere']> {
    const day: OperatorDay = (await this.commands.load(operatorDayStream(personId, date), operatorDayDecider)).state;
    return [...day.slots]
      .filter(([id, slot]) => id !== deliveryId && slot.unitId !== unitId)
      .map(([, { from, to }]) => ({ from, to }));
  }

  protected async hours(agreementId: string): Promise<AgreementHours> {
    return (await this.commands.load(agreementStream(agreementId), agreementHoursDecider)).state;
  }

  /** Decides without writing: the refusals that need no reservation come before any is made. */
  protected dryRun(stream: string, command: UnitDayCommand): Promise<void> {
    return this.commands.load(stream, unitDayDecider).then(({ state }) => {
      unitDayDecider.decide(command, state, { now: this.clock.now() });
    });
  }

  /**
   * Reserves the operator's slot, then the professional minutes; if the second is refused,
   * `undoSlot` gives the first back (released for a new delivery, the old slot for a correction).
   */
  protected async reserve(hold: Hold, meta: CommandMetadata, undoSlot: () => Promise<unknown>): Promise<void> {
    const { deliveryId, unitId, date, from, to } = hold;
    const dayStream = operatorDayStream(hold.personId, date);
    const day = (await this.commands.load(dayStream, operatorDayDecider)).state;
    await this.commands.execute(
      dayStream,
      operatorDayDecider,
      {
        type: 'ReserveOperatorSlot',
        deliveryId,
        unitId,
        date,
        from,
        to,
        ...(day.recorded ? {} : { existing: await this.existingSlots(hold.personId, date) }),
      },
      meta,
    );
    if (!hold.professional) return;
    try {
      const hours = await this.hours(hold.agreementId);
      await this.commands.execute(
        agreementStream(hold.agreementId),
        agreementHoursDecider,
        {
          type: 'ReserveAgreementHours',
          deliveryId,
          unitId,
          date,
          minutes: to - from,
          ...(hours.recorded ? {} : { existing: await this.existingHours(hold.agreementId) }),
        },
        meta,
      );
    } catch (error) {
      if (refused(error)) await undoSlot();
      throw error;
    }
  }

  /**
   * The slots the person's deliveries of the day hold, for a day stream that has recorded
   * none: deliveries recorded before reservations existed (a delivery since then writes
   * the stream first). They are old, so the view caught up to the head has them all.
   */
  private async existingSlots(personId: string, date: string): Promise<ExistingSlot[]> {
    await this.caughtUp([SERVICE_DELIVERIES]);
    const day = await this.projections
      .reader<OperatorDayDoc>(SERVICE_DELIVERIES, 'operatorDays')
      .findOne({ _id: operatorDayId(personId, date) });
    return (day?.slots ?? []).map(({ deliveryId, unitId, from, to }) => ({ deliveryId, unitId, from, to }));
  }

  /** The professional minutes the agreement's standing deliveries hold, for an agreement that has reserved none (as above; a once-per-agreement scan). */
  private async existingHours(agreementId: string): Promise<ExistingHours[]> {
    await this.caughtUp([SERVICE_DELIVERIES]);
    const deliveries = await this.projections
      .reader<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')
      .find({ agreementId, professional: true, voided: false });
    return deliveries.map(({ _id, unitId, date, minutes, overBudget }) => ({
      deliveryId: _id,
      unitId,
      date,
      minutes,
      overBudget,
    }));
  }

  /** Gives back what `reserve` held (each release a no-op if nothing is held). */
  protected async release(hold: Hold, meta: CommandMetadata, { hours } = { hours: hold.professional }): Promise<void> {
    await this.commands.execute(
      operatorDayStream(hold.personId, hold.date),
      operatorDayDecider,
      { type: 'ReleaseOperatorSlot', deliveryId: hold.deliveryId },
      meta,
    );
    if (hours)
      await this.commands.execute(
        agreementStream(hold.agreementId),
        agreementHoursDecider,
        { type: 'ReleaseAgreementHours', deliveryId: hold.deliveryId },
        meta,
      );
  }
}

/** The metadata of a step derived from the request: its own command id, so a retry repeats each step once. */
const step = (meta: CommandMetadata, name: string): CommandMetadata => {
  const { expectedRevision: _, ...rest } = meta;
  return { ...rest, commandId: name ? deterministicId(meta.commandId, name) : meta.commandId };
};

/** S1–S5 and W3b: the facts gathered here, S3's reservations held, decided on the unit-day's stream. */
@CommandHandler(DeliverService)
export class DeliverServiceHandler extends DeliveryFactsHandler implements ICommandHandler<DeliverService> {
  constructor(
    @Inject(CommandProcessor) commands: CommandProcessor,
    @Inject(ProjectionRunner) projections: ProjectionRunner,
    @Inject(CLOCK) clock: Clock,
  ) {
    super(commands, projections, clock);
  }

  async execute({ delivery, meta }: DeliverService) {
    // Who may deliver comes from the work context's events, through this context's view.
    await this.caughtUp([SERVICE_OPERATORS]);
    const { date, unitId, deliveryId } = delivery;
    const stream = unitDayStream(unitId, date);
    const operator = await this.operator(delivery.operator, date);
    const decide = async (): Promise<UnitDayCommand> => ({
      type: 'DeliverService',
      delivery,
      facts: await this.facts(delivery, operator),
    });
    const day = await this.commands.load(stream, unitDayDecider);
    // Recorded already: the same request again (its original answer) or another with its id (refused).
    if (day.state.deliveries.has(deliveryId) || !operator) return this.record(stream, await decide(), meta);
    await this.dryRun(stream, await decide());
    const from = minutesOf(delivery.start);
    const hold: Hold = {
      deliveryId,
      unitId,
      date,
      agreementId: delivery.agreementId,
      personId: operator.personId,
      from,
      to: from + delivery.minutes,
      professional: delivery.operator.kind === 'staff',
    };
    await this.reserve(hold, step(meta, ''), () => this.release(hold, step(meta, 'release'), { hours: false }));
    try {
      return await this.record(stream, await decide(), meta);
    } catch (error) {
      if (refused(error)) await this.release(hold, step(meta, 'release'));
      throw error;
    }
  }

  private async record(stream: string, command: UnitDayCommand, meta: CommandMetadata) {
    const deliveryId = command.type === 'DeliverService' ? command.delivery.deliveryId : '';
    return { deliveryId, ...(await this.commands.execute(stream, unitDayDecider, command, meta)) };
  }

  private async facts(delivery: DeliveryRequest, operator: DeliveryFacts['operator']): Promise<DeliveryFacts> {
    const { date, unitId, agreementId, deliveryId } = delivery;
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
    return {
      unit: await this.unitFacts(unitId),
      agreement: await this.agreementFacts(deliveryId, agreementId, unitId, date),
      beneficiaries,
      operator,
      operatorElsewhere: operator ? await this.elsewhere(deliveryId, operator.personId, date, unitId) : [],
    };
  }

  private async operator(operator: DeliveryRequest['operator'], date: string): Promise<DeliveryFacts['operator']> {
    if (operator.kind === 'staff') {
      const doc = await this.projections.reader<StaffDoc>(SERVICE_OPERATORS, 'staff').findOne({ _id: operator.contractId });
      return doc
        ? {
            personId: doc.personId,
            inForce: staffInForce(doc, date),
            insured: false,
            criminalRecordCheckedOn: doc.criminalRecordCheckedOn,
          }
        : null;
    }
    const doc = await this.projections
      .reader<VolunteerOperatorDoc>(SERVICE_OPERATORS, 'volunteers')
      .findOne({ _id: operator.volunteerId });
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

/**
 * Corrections and voids: found by id in the view, decided on the delivery's unit-day stream.
 * A correction reserves the new slot and minutes in place of the old (restored if the unit-day
 * refuses it); a void releases them once recorded.
 */
@CommandHandler(CorrectDelivery)
export class CorrectDeliveryHandler extends DeliveryFactsHandler implements ICommandHandler<CorrectDelivery> {
  constructor(
    @Inject(CommandProcessor) commands: CommandProcessor,
    @Inject(ProjectionRunner) projections: ProjectionRunner,
    @Inject(CLOCK) clock: Clock,
  ) {
    super(commands, projections, clock);
  }

  async execute({ request, meta }: CorrectDelivery) {
    await this.caughtUp([SERVICE_DELIVERIES]);
    const delivery = await this.projections
      .reader<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')
      .findOne({ _id: request.deliveryId });
    if (!delivery) throw new NotFoundError('delivery', request.deliveryId);
    const { deliveryId } = request;
    const { unitId, date, agreementId, operatorPersonId: personId, professional } = delivery;
    if (request.type === 'VoidDelivery') {
      const result = await this.commands.execute(delivery.stream, unitDayDecider, request, meta);
      await this.release(
        { deliveryId, unitId, date, agreementId, personId, from: 0, to: 0, professional },
        step(meta, 'release'),
      );
      return result;
    }
    const decide = async (): Promise<UnitDayCommand> => ({
      ...request,
      facts: {
        unit: await this.unitFacts(unitId),
        agreement: await this.agreementFacts(deliveryId, agreementId, unitId, date),
        operatorElsewhere: await this.elsewhere(deliveryId, personId, date, unitId),
        operator: null,
      },
    });
    const slot = (await this.commands.load(delivery.stream, unitDayDecider)).state.deliveries.get(deliveryId);
    await this.dryRun(delivery.stream, await decide());
    const old = { deliveryId, unitId, date, agreementId, personId, professional, from: slot!.from, to: slot!.to };
    const from = request.changes.start !== undefined ? minutesOf(request.changes.start) : old.from;
    const corrected = { ...old, from, to: from + (request.changes.minutes ?? old.to - old.from) };
    // Refused, the delivery stands as it was: so do its reservations.
    const restore = (what: { hours: boolean }) =>
      this.reserve({ ...old, professional: what.hours && old.professional }, step(meta, 'restore'), async () => undefined);
    await this.reserve(corrected, step(meta, ''), () => restore({ hours: false }));
    try {
      return await this.commands.execute(delivery.stream, unitDayDecider, await decide(), meta);
    } catch (error) {
      // Kept to the original refusal: a restore refused (another delivery took the old slot
      // meanwhile, a rare race) leaves the corrected slot reserved.
      if (refused(error)) await restore({ hours: true }).catch(() => undefined);
      throw error;
    }
  }
}
