import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { invalidField } from '../../platform/errors/domain-errors.js';
import { NotCaughtUpError } from '../../platform/http/http-errors.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { LABOUR_COST_STREAM, REGULATION_STREAM } from '../domain/workplace-events.js';
import { WORK_CONTRACTS } from '../projections/contracts.projection.js';
import { WORK_VOLUNTEERS } from '../projections/volunteers.projection.js';
import { WORK_MEMBERS } from '../projections/work-members.projection.js';
import { labourCostDecider, regulationDecider, trainingDecider, type RegulationCommand } from '../domain/workplace.js';

type WorkplaceCommand =
  | { stream: typeof LABOUR_COST_STREAM; command: Parameters<typeof labourCostDecider.decide>[0] }
  | { stream: typeof REGULATION_STREAM; command: RegulationCommand }
  | { stream: `training-${string}`; command: Parameters<typeof trainingDecider.decide>[0] };

/** The labour cost, internal regulations and training: each on its own stream, by its own small decider. */
export class RecordWorkplace extends Command<CommandResult> {
  constructor(
    readonly request: WorkplaceCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordWorkplace)
export class RecordWorkplaceHandler implements ICommandHandler<RecordWorkplace> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  async execute({ request, meta }: RecordWorkplace) {
    if (request.stream !== LABOUR_COST_STREAM && request.stream !== REGULATION_STREAM)
      await this.assertPerson((request.command as Parameters<typeof trainingDecider.decide>[0]).personId);
    switch (request.stream) {
      case LABOUR_COST_STREAM:
        return this.commands.execute(request.stream, labourCostDecider, request.command, meta);
      case REGULATION_STREAM:
        return this.commands.execute(request.stream, regulationDecider, request.command as RegulationCommand, meta);
      default:
        return this.commands.execute(
          request.stream,
          trainingDecider,
          request.command as Parameters<typeof trainingDecider.decide>[0],
          meta,
        );
    }
  }

  /** Training names a person the work context knows: a member, a non-member worker or a volunteer. */
  private async assertPerson(personId: string): Promise<void> {
    const views = [WORK_MEMBERS, WORK_CONTRACTS, WORK_VOLUNTEERS];
    if (!(await this.projections.catchUp(5_000, views))) throw new NotCaughtUpError('head', views);
    const found =
      (await this.projections.reader<Doc>(WORK_MEMBERS, 'members').findOne({ _id: personId })) ??
      (await this.projections.reader<Doc>(WORK_CONTRACTS, 'contracts').findOne({ 'worker.personId': personId })) ??
      (await this.projections.reader<Doc>(WORK_VOLUNTEERS, 'volunteers').findOne({ personId }));
    if (!found) throw invalidField('personId', 'UNKNOWN_REFERENCE', `no member, worker or volunteer ${personId} is recorded`);
  }
}
