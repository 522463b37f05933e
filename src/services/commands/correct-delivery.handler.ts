import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { CLOCK } from '../../platform/http/tokens.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { minutesOf, unitDayDecider, type UnitDayCommand } from '../domain/unit-day.js';
import { SERVICE_DELIVERIES, type DeliveryDoc } from '../projections/deliveries.projection.js';
import { DeliveryFactsHandler, refused, step } from './delivery-facts.js';

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
