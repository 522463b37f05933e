import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { REGISTER_STREAM } from '../domain/membership-events.js';
import { registerDecider, type RegisterCommand } from '../domain/register.js';
import { DecisionAuthority } from './decision-authority.js';

/** Register commands that need no facts from other streams: appeals, category, exits. */
export type PlainRegisterCommand = Extract<
  RegisterCommand,
  {
    type:
      | 'AppealRejection'
      | 'DecideAppeal'
      | 'ChangeCategory'
      | 'RequestWithdrawal'
      | 'AcceptWithdrawal'
      | 'RefuseWithdrawal'
      | 'ExcludeMember'
      | 'RecordExclusionOpposition'
      | 'RecordDeath';
  }
>;

/** The register commands that record a decision of the board. */
const BOARD_DECISIONS: Partial<Record<PlainRegisterCommand['type'], string>> = {
  ChangeCategory: 'a category change',
  AcceptWithdrawal: 'a withdrawal',
  RefuseWithdrawal: 'a withdrawal',
  ExcludeMember: 'an exclusion',
};

export class RecordOnRegister extends Command<CommandResult> {
  constructor(
    readonly command: PlainRegisterCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordOnRegister)
export class RecordOnRegisterHandler implements ICommandHandler<RecordOnRegister> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(DecisionAuthority) private readonly authority: DecisionAuthority,
  ) {}

  async execute({ command, meta }: RecordOnRegister) {
    const boardDecision = BOARD_DECISIONS[command.type];
    if (boardDecision) await this.authority.assertMayDecide(meta, boardDecision);
    return this.commands.execute(REGISTER_STREAM, registerDecider, command, meta);
  }
}
