import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import type { CommandMetadata, CommandResult } from '../../platform/commands/command-processor.js';
import { deterministicId } from '../../platform/ids.js';
import { VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type {
  AgreementBody,
  BeneficiaryBody,
  CorrectionBody,
  DeliveryBody,
  SurveyBody,
  UnitBody,
  VoidBody,
} from '../http/services.schemas.js';
import { CorrectDelivery } from './correct-delivery.handler.js';
import { DeliverService } from './deliver-service.handler.js';
import { RecordService } from './record-service.handler.js';

/*
 * The services' requests as they come over HTTP: each handler derives the ids from the command
 * id (a retried request addresses the same unit, agreement, beneficiary, delivery or survey)
 * and seals personal data and free text in the vault before any event holds them, then hands
 * the domain command on. Controllers only validate and dispatch, as in membership.
 */

export class OpenUnit extends Command<CommandResult & { unitId: string }> {
  constructor(
    readonly body: z.infer<typeof UnitBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(OpenUnit)
export class OpenUnitHandler implements ICommandHandler<OpenUnit> {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}
  async execute({ body, meta }: OpenUnit) {
    const unitId = deterministicId(meta.commandId, 'service-unit');
    return { unitId, ...(await this.commandBus.execute(new RecordService({ type: 'OpenServiceUnit', unitId, ...body }, meta))) };
  }
}

export class SignAgreement extends Command<CommandResult & { agreementId: string }> {
  constructor(
    readonly body: z.infer<typeof AgreementBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** A family client's data are sealed under a key of its own, erasable with the agreement's client. */
@CommandHandler(SignAgreement)
export class SignAgreementHandler implements ICommandHandler<SignAgreement> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}
  async execute({ body: { client, ...body }, meta }: SignAgreement) {
    const agreementId = deterministicId(meta.commandId, 'service-agreement');
    let sealed;
    if (client.kind === 'family') {
      const { kind, ...fields } = client;
      const clientId = deterministicId(agreementId, 'family-client');
      sealed = { kind, clientId, person: await this.vault.seal(clientId, fields) };
    } else sealed = { kind: client.kind, name: client.name };
    const result = await this.commandBus.execute(
      new RecordService({ type: 'SignServiceAgreement', agreementId, client: sealed, ...body }, meta),
    );
    return { agreementId, ...result };
  }
}

export class RegisterBeneficiary extends Command<CommandResult & { beneficiaryId: string }> {
  constructor(
    readonly body: z.infer<typeof BeneficiaryBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RegisterBeneficiary)
export class RegisterBeneficiaryHandler implements ICommandHandler<RegisterBeneficiary> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}
  async execute({ body: { person, ...body }, meta }: RegisterBeneficiary) {
    const beneficiaryId = deterministicId(meta.commandId, 'beneficiary');
    const sealed = await this.vault.seal(beneficiaryId, person);
    const result = await this.commandBus.execute(
      new RecordService({ type: 'RegisterBeneficiary', beneficiaryId, person: sealed, ...body }, meta),
    );
    return { beneficiaryId, ...result };
  }
}

export class RecordSurvey extends Command<CommandResult> {
  constructor(
    readonly body: z.infer<typeof SurveyBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordSurvey)
export class RecordSurveyHandler implements ICommandHandler<RecordSurvey> {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}
  execute({ body, meta }: RecordSurvey) {
    const surveyId = deterministicId(meta.commandId, 'survey');
    return this.commandBus.execute(new RecordService({ type: 'RecordSurvey', surveyId, ...body }, meta));
  }
}

/** A delivery's free text, sealed under the delivery's own key (erased with any beneficiary it names). */
const note = (vault: PersonalDataVault, deliveryId: string, text: string) => vault.seal(deliveryId, { text });

export class RecordDelivery extends Command<CommandResult & { deliveryId: string }> {
  constructor(
    readonly body: z.infer<typeof DeliveryBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordDelivery)
export class RecordDeliveryHandler implements ICommandHandler<RecordDelivery> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}
  async execute({ body: { activity, ...body }, meta }: RecordDelivery) {
    const deliveryId = deterministicId(meta.commandId, 'service-delivery');
    const sealed = await note(this.vault, deliveryId, activity);
    return this.commandBus.execute(new DeliverService({ deliveryId, ...body, activity: sealed }, meta));
  }
}

export class AmendDelivery extends Command<CommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: ({ type: 'correct' } & z.infer<typeof CorrectionBody>) | ({ type: 'void' } & z.infer<typeof VoidBody>),
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** A correction or a voiding of a delivery, its new text and its reason sealed under the delivery's key. */
@CommandHandler(AmendDelivery)
export class AmendDeliveryHandler implements ICommandHandler<AmendDelivery> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}
  async execute({ deliveryId, body, meta }: AmendDelivery) {
    if (body.type === 'void') {
      const request = { type: 'VoidDelivery' as const, deliveryId, reason: await note(this.vault, deliveryId, body.reason) };
      return this.commandBus.execute(new CorrectDelivery(request, meta));
    }
    const {
      changes: { activity, ...changes },
      reason,
    } = body;
    const sealed = {
      ...changes,
      ...(activity !== undefined ? { activity: await note(this.vault, deliveryId, activity) } : {}),
    };
    const request = {
      type: 'CorrectDelivery' as const,
      deliveryId,
      changes: sealed,
      reason: await note(this.vault, deliveryId, reason),
    };
    return this.commandBus.execute(new CorrectDelivery(request, meta));
  }
}

export const serviceRequestHandlers = [
  OpenUnitHandler,
  SignAgreementHandler,
  RegisterBeneficiaryHandler,
  RecordSurveyHandler,
  RecordDeliveryHandler,
  AmendDeliveryHandler,
];
