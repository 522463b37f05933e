import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { businessDate, type Clock } from '../../platform/clock.js';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { BLIND_INDEX, CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import { deterministicId } from '../../platform/ids.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { applicationDecider, type ApplyForMembership as ApplyCommand } from '../domain/application.js';
import { applicationStream, REGISTER_STREAM } from '../domain/membership-events.js';
import { registerDecider } from '../domain/register.js';
import type { ApplyBody } from '../http/membership.schemas.js';
import { STATUTE, type StatuteSource } from './record-shares.handler.js';

/** The application a command id addresses: a retried request addresses the same application. */
export const applicationIdFor = (commandId: string): string => deterministicId(commandId, 'membership-application');

/**
 * What `POST /membership/applications` asks the application decider: the applicant sealed
 * under the application's id, the requested shares at the nominal value of the statute in
 * force (the legal default until one is adopted), dated `today` unless the body says when.
 * The handler and the seed both prepare it here.
 */
export async function applicationCommand(
  body: ApplyBody,
  commandId: string,
  facts: { vault: PersonalDataVault; shareValueCents: number; today: string },
): Promise<ApplyCommand> {
  const applicationId = applicationIdFor(commandId);
  const { kind, ...personal } = body.applicant;
  return {
    type: 'ApplyForMembership',
    data: {
      applicationId,
      applicantKind: kind,
      applicant: await facts.vault.seal(applicationId, personal),
      category: body.category,
      requestedShares: { count: body.requestedShares, nominalValueCents: facts.shareValueCents },
      appliedOn: body.appliedOn ?? facts.today,
    },
  };
}

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
    const applicationId = applicationIdFor(meta.commandId);
    // M6 at once, against the register stream itself (no read-model lag). An admission recorded
    // between this read and the append is caught where M6 is authoritative: at the admission.
    const { state: register } = await this.commands.load(REGISTER_STREAM, registerDecider);
    const activeMember = register.members.activeWithFiscalCode(await this.blindIndex.of(body.applicant.fiscalCode));
    const command = await applicationCommand(body, meta.commandId, {
      vault: this.vault,
      shareValueCents: (await this.statute()).shareValueCents,
      today: businessDate(this.clock.now()),
    });
    const result = await this.commands.execute(
      applicationStream(applicationId),
      applicationDecider,
      { ...command, ...(activeMember ? { activeMemberWithFiscalCode: activeMember } : {}) },
      meta,
    );
    return { applicationId, ...result };
  }
}
