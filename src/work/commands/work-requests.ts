import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { businessDate, type Clock } from '../../platform/clock.js';
import type { CommandMetadata, CommandResult } from '../../platform/commands/command-processor.js';
import { BLIND_INDEX, CLOCK, VAULT } from '../../platform/http/tokens.js';
import { deterministicId } from '../../platform/ids.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { REGULATION_STREAM, trainingStream } from '../domain/workplace-events.js';
import type {
  ActivityBody,
  EnrolVolunteerBody,
  RegulationBody,
  ReimbursementBody,
  SignContractBody,
  TrainingBody,
} from '../http/work.schemas.js';
import { identifyPerson } from './work-people.js';
import { RecordOnVolunteer, SignContract } from './work.handlers.js';
import { RecordWorkplace } from './workplace.handler.js';

/*
 * Work's requests as they come over HTTP: each handler derives the ids from the command id
 * (a retried request addresses the same contract, volunteer, activity, reimbursement,
 * regulation or training) and seals a non-member's personal data in the vault (with the
 * fiscal code's blind index) before any event holds them, then hands the domain command on.
 */

export class SignContractOverHttp extends Command<CommandResult & { contractId: string }> {
  constructor(
    readonly body: z.infer<typeof SignContractBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** Signed under delegated powers: no board resolution; signed today unless the body says when. */
@CommandHandler(SignContractOverHttp)
export class SignContractOverHttpHandler implements ICommandHandler<SignContractOverHttp> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  async execute({ body, meta }: SignContractOverHttp) {
    const contractId = deterministicId(meta.commandId, 'work-contract');
    const { worker, signedOn, ...terms } = body;
    return this.commandBus.execute(
      new SignContract(
        {
          contractId,
          worker: await identifyPerson(this.vault, this.blindIndex, worker),
          terms,
          signedOn: signedOn ?? businessDate(this.clock.now()),
          boardResolutionId: null,
        },
        meta,
      ),
    );
  }
}

export class EnrolVolunteer extends Command<CommandResult & { volunteerId: string }> {
  constructor(
    readonly body: z.infer<typeof EnrolVolunteerBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(EnrolVolunteer)
export class EnrolVolunteerHandler implements ICommandHandler<EnrolVolunteer> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
  ) {}
  async execute({ body, meta }: EnrolVolunteer) {
    const volunteerId = deterministicId(meta.commandId, 'volunteer');
    const volunteer = await identifyPerson(this.vault, this.blindIndex, body.volunteer);
    return this.commandBus.execute(new RecordOnVolunteer({ type: 'EnrollVolunteer', volunteerId, ...body, volunteer }, meta));
  }
}

export class LogVolunteerActivity extends Command<CommandResult & { volunteerId: string }> {
  constructor(
    readonly volunteerId: string,
    readonly body: z.infer<typeof ActivityBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(LogVolunteerActivity)
export class LogVolunteerActivityHandler implements ICommandHandler<LogVolunteerActivity> {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}
  execute({ volunteerId, body, meta }: LogVolunteerActivity) {
    const activityId = deterministicId(meta.commandId, 'volunteer-activity');
    return this.commandBus.execute(
      new RecordOnVolunteer({ type: 'LogVolunteerActivity', volunteerId, activityId, ...body }, meta),
    );
  }
}

export class ReimburseVolunteer extends Command<CommandResult & { volunteerId: string }> {
  constructor(
    readonly volunteerId: string,
    readonly body: z.infer<typeof ReimbursementBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(ReimburseVolunteer)
export class ReimburseVolunteerHandler implements ICommandHandler<ReimburseVolunteer> {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}
  execute({ volunteerId, body, meta }: ReimburseVolunteer) {
    const reimbursementId = deterministicId(meta.commandId, 'volunteer-reimbursement');
    return this.commandBus.execute(
      new RecordOnVolunteer({ type: 'ReimburseVolunteerExpenses', volunteerId, reimbursementId, ...body }, meta),
    );
  }
}

export class AdoptRegulation extends Command<CommandResult & { regulationId: string; textSha256: string }> {
  constructor(
    readonly body: z.infer<typeof RegulationBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** The regulation's text is not recorded, its sha256 is: the adopted text can be checked against it. */
@CommandHandler(AdoptRegulation)
export class AdoptRegulationHandler implements ICommandHandler<AdoptRegulation> {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}
  async execute({ body: { text, ...body }, meta }: AdoptRegulation) {
    const regulationId = deterministicId(meta.commandId, 'internal-regulation');
    const textSha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    const command = { type: 'AdoptInternalRegulation' as const, regulationId, textSha256, ...body };
    const result = await this.commandBus.execute(new RecordWorkplace({ stream: REGULATION_STREAM, command }, meta));
    return { regulationId, textSha256, ...result };
  }
}

export class RecordTraining extends Command<CommandResult> {
  constructor(
    readonly body: z.infer<typeof TrainingBody>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordTraining)
export class RecordTrainingHandler implements ICommandHandler<RecordTraining> {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}
  execute({ body, meta }: RecordTraining) {
    const trainingId = deterministicId(meta.commandId, 'training');
    return this.commandBus.execute(
      new RecordWorkplace(
        { stream: trainingStream(body.completedOn.slice(0, 4)), command: { type: 'RecordTraining', trainingId, ...body } },
        meta,
      ),
    );
  }
}

export const workRequestHandlers = [
  SignContractOverHttpHandler,
  EnrolVolunteerHandler,
  LogVolunteerActivityHandler,
  ReimburseVolunteerHandler,
  AdoptRegulationHandler,
  RecordTrainingHandler,
];
