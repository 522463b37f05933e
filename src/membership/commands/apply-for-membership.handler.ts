import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { businessDate, type Clock } from '../../platform/clock.js';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { CLOCK, VAULT } from '../../platform/http/tokens.js';
import { deterministicId } from '../../platform/ids.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { applicationDecider } from '../domain/application.js';
import { applicationStream } from '../domain/membership-events.js';
import type { ApplyBody } from '../http/membership.schemas.js';

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
  ) {}

  async execute({ body, meta }: ApplyForMembership) {
    // Derived from the command id: a retried request addresses the same application.
    const applicationId = deterministicId(meta.commandId, 'membership-application');
    const { kind, ...personal } = body.applicant;
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
          requestedShares: { count: body.requestedShares, nominalValueCents: DEFAULT_SHARE_VALUE_CENTS },
          appliedOn: body.appliedOn ?? businessDate(this.clock.now()),
        },
      },
      meta,
    );
    return { applicationId, ...result };
  }
}

/** The statute's share value until the statute settings exist (M5 default: €25). */
const DEFAULT_SHARE_VALUE_CENTS = 2_500;
