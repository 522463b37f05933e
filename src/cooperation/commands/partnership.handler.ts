import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import { partnershipStream } from '../domain/cooperation-events.js';
import { partnershipDecider, type PartnershipCommand } from '../domain/partnership.js';

export class RecordPartnership extends Command<CommandResult> {
  constructor(
    readonly command: PartnershipCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** Partnerships are agreed and ended by resolutions only: the governance process manager (G7) is the one caller. */
@CommandHandler(RecordPartnership)
export class RecordPartnershipHandler implements ICommandHandler<RecordPartnership> {
  constructor(@Inject(CommandProcessor) private readonly commands: CommandProcessor) {}

  async execute({ command, meta }: RecordPartnership) {
    if (meta.actor.role !== 'system')
      throw refusal('G7', 'c.c. art. 2380-bis', 'a partnership is agreed or ended by a resolution, which causes it');
    return this.commands.execute(partnershipStream(command.partnershipId), partnershipDecider, command, meta);
  }
}
