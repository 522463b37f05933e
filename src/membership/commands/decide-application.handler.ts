import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { BLIND_INDEX, VAULT } from '../../platform/http/tokens.js';
import { deterministicId } from '../../platform/ids.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { applicationDecider } from '../domain/application.js';
import { applicationStream, REGISTER_STREAM } from '../domain/membership-events.js';
import { registerDecider } from '../domain/register.js';
import { DecisionAuthority } from './decision-authority.js';
import { STATUTE, type StatuteSource } from './record-shares.handler.js';
import { applicationFacts } from './membership-facts.js';

export type ApplicationDecision =
  | { kind: 'admit'; boardResolutionId: string; admittedOn: string }
  | { kind: 'reject'; boardResolutionId: string; reasons: string; decidedOn: string; communicatedOn: string };

export class DecideApplication extends Command<CommandResult & { applicationId: string; memberId?: string }> {
  constructor(
    readonly applicationId: string,
    readonly decision: ApplicationDecision,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The board's decision on an application, taken on the register stream. An admission
 * carries the blind index of the applicant's fiscal code, read from the sealed application,
 * so the register can hold M6 without holding the code.
 */
@CommandHandler(DecideApplication)
export class DecideApplicationHandler implements ICommandHandler<DecideApplication> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
    @Inject(DecisionAuthority) private readonly authority: DecisionAuthority,
    @Inject(STATUTE) private readonly statute: StatuteSource,
  ) {}

  async execute({ applicationId, decision, meta }: DecideApplication) {
    await this.authority.assertMayDecide(meta, decision.kind === 'admit' ? 'an admission' : 'a rejection');
    const application = await applicationFacts(this.commands, applicationId);
    if (decision.kind === 'reject') {
      const result = await this.commands.execute(
        REGISTER_STREAM,
        registerDecider,
        { type: 'RejectAdmission', application, ...decision },
        meta,
      );
      return { applicationId, ...result };
    }
    const memberId = deterministicId(meta.commandId, 'member');
    const result = await this.commands.execute(
      REGISTER_STREAM,
      registerDecider,
      {
        type: 'AdmitMember',
        memberId,
        application,
        fiscalCodeIndex: await this.fiscalCodeIndex(applicationId),
        admittedOn: decision.admittedOn,
        boardResolutionId: decision.boardResolutionId,
        specialCategory: (await this.statute()).specialCategory,
      },
      meta,
    );
    return { applicationId, memberId, ...result };
  }

  private async fiscalCodeIndex(applicationId: string): Promise<string> {
    const { state } = await this.commands.load(applicationStream(applicationId), applicationDecider);
    if (state.status === 'none') throw new Error('unreachable: facts were loaded');
    const fields = await this.vault.open<{ fiscalCode?: string }>(state.applicant);
    if (!fields?.fiscalCode) throw new Error(`application ${applicationId} has no readable fiscal code`);
    return this.blindIndex.of(fields.fiscalCode);
  }
}
