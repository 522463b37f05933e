import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import type { Clock } from '../../platform/clock.js';
import { CLOCK } from '../../platform/http/tokens.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { beneficiaryStream, unitDayStream, type DeliveryData } from '../domain/service-events.js';
import { beneficiaryDecider, enrolledOn, isMinor } from '../domain/setup.js';
import { minutesOf, unitDayDecider, type DeliveryFacts, type UnitDayCommand } from '../domain/unit-day.js';
import {
  SERVICE_OPERATORS,
  staffInForce,
  type StaffDoc,
  type VolunteerOperatorDoc,
} from '../projections/operators.projection.js';
import { DeliveryFactsHandler, refused, step, type Hold } from './delivery-facts.js';

export type DeliveryRequest = Omit<DeliveryData, 'operatorPersonId' | 'professional' | 'overBudget' | 'minors'>;

export class DeliverService extends Command<CommandResult & { deliveryId: string }> {
  constructor(
    readonly delivery: DeliveryRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

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
