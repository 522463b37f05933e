import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import type { Clock } from '../../platform/clock.js';
import { BLIND_INDEX, CLOCK, VAULT } from '../../platform/http/tokens.js';
import { deterministicId } from '../../platform/ids.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { applicationDecider } from '../domain/application.js';
import { applicationStream, memberStream, REGISTER_STREAM, type MemberCategory } from '../domain/membership-events.js';
import { sharesDecider } from '../domain/shares.js';
import { registerDecider, type ApplicationFacts, type RegisterCommand } from '../domain/register.js';
import type { MembershipStatute } from '../domain/statute.js';
import { DecisionAuthority } from './decision-authority.js';
import { STATUTE, type StatuteSource } from './record-shares.handler.js';
import { applicationFacts } from './membership-facts.js';

/** The member an admission command admits: a retried admission admits the same member. */
export const memberIdFor = (admissionCommandId: string): string => deterministicId(admissionCommandId, 'member');

/** The command id of the share subscription that follows an admission (c.c. art. 2528 c. 1): once per admission. */
export const admissionSharesCommandId = (admissionCommandId: string): string =>
  deterministicId(admissionCommandId, 'admission-shares');

export type ApplicationDecision =
  | { kind: 'admit'; boardResolutionId: string; admittedOn: string }
  | { kind: 'reject'; boardResolutionId: string; reasons: string; decidedOn: string; communicatedOn: string };

type Admission = Extract<ApplicationDecision, { kind: 'admit' }>;

/**
 * The register command of an admission: the statute says whether the special category exists
 * (M7c). The seed admits through it too.
 */
export const admitMember = (
  memberId: string,
  application: ApplicationFacts,
  fiscalCodeIndex: string,
  decision: Admission,
  statute: MembershipStatute,
): Extract<RegisterCommand, { type: 'AdmitMember' }> => ({
  type: 'AdmitMember',
  memberId,
  application,
  fiscalCodeIndex,
  admittedOn: decision.admittedOn,
  boardResolutionId: decision.boardResolutionId,
  specialCategory: statute.specialCategory,
});

/**
 * The subscription of the shares the application asked for that follows an admission (c.c.
 * art. 2528 c. 1), on the day of admission at the statute's nominal value.
 */
export const admissionSubscription = (
  member: { memberId: string; category: MemberCategory },
  count: number,
  statute: MembershipStatute,
  decision: Pick<Admission, 'admittedOn'>,
) =>
  ({
    type: 'SubscribeShares',
    member: { ...member, status: 'active' },
    count,
    statute,
    subscribedOn: decision.admittedOn,
    onAdmission: true,
  }) as const;

/**
 * The metadata of that subscription: its own command id, derived from the admission's, the
 * admission's actor and correlation, caused by the `MemberAdmitted` event (`admittedId`).
 */
export const admissionSharesMetadata = (admission: CommandMetadata, admittedId: string | undefined): CommandMetadata => ({
  commandId: admissionSharesCommandId(admission.commandId),
  actor: admission.actor,
  correlationId: admission.correlationId ?? admission.commandId,
  causationId: admittedId ?? admission.causationId ?? admission.commandId,
});

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
 * so the register can hold M6 without holding the code, and is followed by the subscription
 * of the shares the application asked for, on the member's own stream (c.c. art. 2528 c. 1).
 * Both directly and through the board-decisions process manager, which issues this command.
 */
@CommandHandler(DecideApplication)
export class DecideApplicationHandler implements ICommandHandler<DecideApplication> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
    @Inject(DecisionAuthority) private readonly authority: DecisionAuthority,
    @Inject(STATUTE) private readonly statute: StatuteSource,
    @Inject(CLOCK) private readonly clock: Clock,
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
    const newMemberId = memberIdFor(meta.commandId);
    const { state: applied } = await this.commands.load(applicationStream(applicationId), applicationDecider);
    if (applied.status === 'none') throw new Error('unreachable: facts were loaded');
    const statute = await this.statute();
    // c.c. art. 2528 c. 1: the admission is followed by the subscription of the shares asked for,
    // at the statute's nominal value. Decided first on the member's empty stream (unless the
    // admission is recorded already), so an M5 refusal refuses the admission instead of
    // leaving a member without shares.
    const subscription = (memberId: string) =>
      admissionSubscription({ memberId, category: application.category }, applied.requestedShares.count, statute, decision);
    const before = (await this.commands.load(REGISTER_STREAM, registerDecider)).state.applications.get(applicationId);
    if (!before?.memberId)
      sharesDecider.decide(subscription(newMemberId), sharesDecider.initialState(), { now: this.clock.now() });
    const admission = await this.commands.execute(
      REGISTER_STREAM,
      registerDecider,
      admitMember(newMemberId, application, await this.fiscalCodeIndex(applied.applicant, applicationId), decision, statute),
      meta,
    );
    // Exactly once: the subscription's command id derives from the admission's, so a retried
    // request or a process manager replaying its batch gets the original answer, and a crash
    // between the two appends is mended by the retry.
    const admitted = admission.events.find((event) => event.type === 'MemberAdmitted');
    // The member as admitted: on a replayed admission, the id it was recorded with.
    const register = await this.commands.load(REGISTER_STREAM, registerDecider);
    const memberId = register.state.applications.get(applicationId)?.memberId ?? newMemberId;
    const shares = await this.commands.execute(
      memberStream(memberId),
      sharesDecider,
      subscription(memberId),
      admissionSharesMetadata(meta, admitted?.id),
    );
    return {
      applicationId,
      memberId,
      ...admission,
      position: shares.position ?? admission.position,
      events: [...admission.events, ...shares.events],
    };
  }

  private async fiscalCodeIndex(applicant: SealedPersonalData, applicationId: string): Promise<string> {
    const fields = await this.vault.open<{ fiscalCode?: string }>(applicant);
    if (!fields?.fiscalCode) throw new Error(`application ${applicationId} has no readable fiscal code`);
    return this.blindIndex.of(fields.fiscalCode);
  }
}
