import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { businessDate, type Clock } from '../../platform/clock.js';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { REGISTER_STREAM } from '../domain/membership-events.js';
import { registerDecider } from '../domain/register.js';
import { applicationFacts } from './membership-facts.js';

export class EraseMemberData extends Command<CommandResult & { applicationId: string }> {
  constructor(
    readonly applicationId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * Records `MemberDataErased`, then destroys the person's key. A crash between the two is
 * mended by repeating the request (same Idempotency-Key): the replayed answer erases again.
 */
@CommandHandler(EraseMemberData)
export class EraseMemberDataHandler implements ICommandHandler<EraseMemberData> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ applicationId, meta }: EraseMemberData) {
    await applicationFacts(this.commands, applicationId);
    const result = await this.commands.execute(
      REGISTER_STREAM,
      registerDecider,
      { type: 'EraseMemberData', applicationId, erasedOn: businessDate(this.clock.now()) },
      meta,
    );
    await this.vault.erase(applicationId);
    return { applicationId, ...result };
  }
}
