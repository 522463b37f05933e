import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { businessDate, type Clock } from '../../platform/clock.js';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { BLIND_INDEX, CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import { deterministicId } from '../../platform/ids.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { applicationDecider } from '../domain/application.js';
import { applicationStream, REGISTER_STREAM } from '../domain/membership-events.js';
import { registerDecider } from '../domain/register.js';
import type { ApplyBody } from '../http/membership.schemas.js';
import { STATUTE, type StatuteSource } from './record-shares.handler.js';

export class ApplyForMembership extends Command<CommandResult & { applicationId: string }> {
  constructor(
    readonly body: ApplyBody,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(ApplyForMembership)
export class ApplyForMembershipHandler implements ICommandHandler<ApplyForMembership> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
    @Inject(STATUTE) private readonly statute: StatuteSource,
  ) {}

  async execute({ body, meta }: ApplyForMembership) {
    // Derived from the command id: a retried request addresses the same application.
    const applicationId = deterministicId(meta.commandId, 'membership-application');
    const { kind, ...personal } = body.applicant;
    // M6 at once, against the register stream itself (no read-model lag). An admission recorded
    // between this read and the append is caught where M6 is authoritative: at the admission.
    const { state: register } = await this.commands.load(REGISTER_STREAM, registerDecider);
    const activeMember = register.activeByFiscalCode.get(await this.blindIndex.of(personal.fiscalCode));
    const result = await this.commands.execute(
      applicationStream(applicationId),
      applicationDecider,
      {
        type: 'ApplyForMembership',
        data: {
          applicationId,
          applicantKind: kind,
          applicant: await this.vault.seal(applicationId, personal),
          category: body.category,
          // At the nominal value of the statute in force (the legal default until one is adopted).
          requestedShares: { count: body.requestedShares, nominalValueCents: (await this.statute()).shareValueCents },
          appliedOn: body.appliedOn ?? businessDate(this.clock.now()),
        },
        ...(activeMember ? { activeMemberWithFiscalCode: activeMember } : {}),
      },
      meta,
    );
    return { applicationId, ...result };
  }
}
