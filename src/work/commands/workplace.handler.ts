import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { LABOUR_COST_STREAM, REGULATION_STREAM } from '../domain/workplace-events.js';
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
  constructor(@Inject(CommandProcessor) private readonly commands: CommandProcessor) {}

  execute({ request, meta }: RecordWorkplace) {
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
}
