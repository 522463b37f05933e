import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { deterministicId } from '../../platform/ids.js';
import { applicationDecider } from '../domain/application.js';
import { applicationStream, REGISTER_STREAM } from '../domain/membership-events.js';
import { registerDecider } from '../domain/register.js';
import type { AdmitBody } from '../http/membership.schemas.js';

export class AdmitMember extends Command<CommandResult & { applicationId: string; memberId: string }> {
  constructor(
    readonly applicationId: string,
    readonly body: AdmitBody,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** Reads the application's facts, then decides on the register stream, which numbers members. */
@CommandHandler(AdmitMember)
export class AdmitMemberHandler implements ICommandHandler<AdmitMember> {
  constructor(@Inject(CommandProcessor) private readonly commands: CommandProcessor) {}

  async execute({ applicationId, body, meta }: AdmitMember) {
    const { state: application } = await this.commands.load(applicationStream(applicationId), applicationDecider);
    if (application.status === 'none') throw new NotFoundError('membership application', applicationId);
    const memberId = deterministicId(meta.commandId, 'member');
    const result = await this.commands.execute(
      REGISTER_STREAM,
      registerDecider,
      { type: 'AdmitMember', memberId, application, admittedOn: body.admittedOn, boardResolutionId: body.boardResolutionId },
      meta,
    );
    return { applicationId, memberId, ...result };
  }
}
