import type { CommandMetadata, CommandProcessor } from '../../platform/commands/command-processor.js';
import type { Clock } from '../../platform/clock.js';
import { InvalidCommandField, RuleViolation, StateConflict } from '../../platform/errors/domain-errors.js';
import { deterministicId } from '../../platform/ids.js';
import { NotCaughtUpError } from '../../platform/http/http-errors.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { agreementStream, unitStream } from '../domain/service-events.js';
import { agreementDecider, unitDecider } from '../domain/setup.js';
import {
  agreementHoursDecider,
  operatorDayDecider,
  operatorDayStream,
  type AgreementHours,
  type ExistingHours,
  type ExistingSlot,
  type OperatorDay,
} from '../domain/reservations.js';
import { unitDayDecider, type DeliveryFacts, type UnitDayCommand } from '../domain/unit-day.js';
import {
  SERVICE_DELIVERIES,
  operatorDayId,
  type DeliveryDoc,
  type OperatorDayDoc,
} from '../projections/deliveries.projection.js';

/** What a delivery holds on the streams that own S3 across units and days. */
export interface Hold {
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
export const refused = (error: unknown) =>
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
export abstract class DeliveryFactsHandler {
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
export const step = (meta: CommandMetadata, name: string): CommandMetadata => {
  const { expectedRevision: _, ...rest } = meta;
  return { ...rest, commandId: name ? deterministicId(meta.commandId, name) : meta.commandId };
};
