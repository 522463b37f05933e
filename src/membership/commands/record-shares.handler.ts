import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { memberStream } from '../domain/membership-events.js';
import { sharesDecider } from '../domain/shares.js';
import type { MembershipStatute } from '../domain/statute.js';
import { memberFacts } from './membership-facts.js';

export const STATUTE = Symbol('membership:statute');
/** The statute settings in force; the governance context will supply adopted ones. */
export type StatuteSource = () => Promise<MembershipStatute>;

export type SharesRequest =
  | { type: 'SubscribeShares'; count: number; subscribedOn: string }
  | { type: 'PayShares'; amountCents: number; paidOn: string }
  | { type: 'RefundShares'; amountCents: number; refundedOn: string };

export class RecordShares extends Command<CommandResult & { memberId: string }> {
  constructor(
    readonly memberId: string,
    readonly request: SharesRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** Shares live in the member's own stream; the member's standing comes from the register. */
@CommandHandler(RecordShares)
export class RecordSharesHandler implements ICommandHandler<RecordShares> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(STATUTE) private readonly statute: StatuteSource,
  ) {}

  async execute({ memberId, request, meta }: RecordShares) {
    const member = await memberFacts(this.commands, memberId);
    const command =
      request.type === 'SubscribeShares' ? { ...request, member, statute: await this.statute() } : { ...request, member };
    const result = await this.commands.execute(memberStream(memberId), sharesDecider, command, meta);
    return { memberId, ...result };
  }
}
