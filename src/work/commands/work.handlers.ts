import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import type { EventStore } from '../../platform/event-store/event-store.js';
import { BLIND_INDEX, EVENT_STORE, VAULT } from '../../platform/http/tokens.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import { invalidField, NotFoundError } from '../../platform/errors/domain-errors.js';
import { deterministicId } from '../../platform/ids.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { documentsNow, type FoldableView } from '../../platform/projections/documents-now.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { personIdOf, WORKFORCE_STREAM, type ContractTerms, type Worker } from '../domain/work-events.js';
import { lastDayOf } from '../domain/pay.js';
import { workforceDecider, type WorkforceCommand } from '../domain/workforce.js';
import { volunteerStream, type Expense } from '../domain/volunteer-events.js';
import { volunteerDecider, type Coverage, type PaidWork, type VolunteerCommand } from '../domain/volunteer.js';
import {
  foldMemberFact,
  MEMBER_FACT_TYPES,
  memberOn,
  WORK_MEMBERS,
  type WorkMemberDoc,
} from '../projections/work-members.projection.js';
import { identified, type PersonInput } from './work-people.js';
import {
  foldVolunteerPerson,
  VOLUNTEER_PERSON_TYPES,
  volunteerPersonOf,
  WORK_VOLUNTEERS,
  type VolunteerPersonDoc,
} from '../projections/volunteers.projection.js';

/** The person id non-member workers had before it was derived from their fiscal code: from the contract. */
export const nonMemberWorkerId = (contractId: string) => deterministicId(contractId, 'non-member-worker');

/**
 * A contract's worker sealed under the id derived from the contract, as a board resolution
 * approving the contract carries them; {@link SignContractHandler} seals them again under
 * their one person id ({@link identified}).
 */
export async function sealWorker(vault: PersonalDataVault, contractId: string, input: PersonInput): Promise<Worker> {
  if (input.kind === 'member') return input;
  const { kind, ...fields } = input;
  const personId = nonMemberWorkerId(contractId);
  return { kind, personId, person: await vault.seal(personId, fields) };
}

/** The person id non-member volunteers had before it was derived from their fiscal code: from the enrolment. */
export const nonMemberVolunteerId = (volunteerId: string) => deterministicId(volunteerId, 'non-member-volunteer');

/**
 * A member as the work context's view has them, brought forward with the register's events
 * recorded since the view's position: exact without waiting for the view, which matters when
 * the process manager (running inside a projection batch, so it must not wait for
 * projections) signs a contract a resolution approved.
 */
export async function currentMember(projections: ProjectionRunner, events: EventStore, memberId: string) {
  return (await documentsNow(projections, events, workMembers, [memberId])).get(memberId) ?? null;
}

/** A member the register has admitted, at any time; a member id that names no one is refused at its body field. */
async function knownMember(projections: ProjectionRunner, events: EventStore, memberId: string, field: string) {
  const member = await currentMember(projections, events, memberId);
  if (!member) throw invalidField(`${field}.memberId`, 'UNKNOWN_REFERENCE', `no member ${memberId} is in the register`);
  return member;
}

/** W4c: a person's enrolments as volunteer, exact at the head of the store (see {@link currentMember}). */
export const volunteerPeople: FoldableView<VolunteerPersonDoc> = {
  projector: WORK_VOLUNTEERS,
  collection: 'people',
  types: VOLUNTEER_PERSON_TYPES,
  idOf: volunteerPersonOf,
  fold: foldVolunteerPerson,
};

const workMembers: FoldableView<WorkMemberDoc> = {
  projector: WORK_MEMBERS,
  collection: 'members',
  types: MEMBER_FACT_TYPES,
  idOf: (data) => data.memberId as string | undefined,
  fold: foldMemberFact,
};

export interface SignContractRequest {
  contractId: string;
  worker: Worker;
  terms: ContractTerms;
  signedOn: string;
  boardResolutionId: string | null;
}

export class SignContract extends Command<CommandResult & { contractId: string }> {
  constructor(
    readonly request: SignContractRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** W1 needs the member on the contract's first day, from the work context's own view of the register. */
@CommandHandler(SignContract)
export class SignContractHandler implements ICommandHandler<SignContract> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
  ) {}

  async execute({ request: given, meta }: SignContract) {
    const request = { ...given, worker: await identified(this.vault, this.blindIndex, given.worker) };
    const member =
      request.worker.kind === 'member'
        ? memberOn(await knownMember(this.projections, this.events, request.worker.memberId, 'worker'), request.terms.startsOn)
        : null;
    const personId = personIdOf(request.worker);
    const volunteering =
      (await documentsNow(this.projections, this.events, volunteerPeople, [personId])).get(personId)?.enrolments ?? [];
    const result = await this.commands.execute(
      WORKFORCE_STREAM,
      workforceDecider,
      { type: 'SignContract', ...request, member, volunteering },
      meta,
    );
    return { contractId: request.contractId, ...result };
  }
}

/** W4c, W6: the person's contracts, read from the workforce stream itself, with their last day (null while open). */
export async function paidWorkOf(commands: CommandProcessor, personId: string): Promise<PaidWork[]> {
  const { state } = await commands.load(WORKFORCE_STREAM, workforceDecider);
  return [...state.contracts.values()]
    .filter((c) => personIdOf(c.worker) === personId)
    .map((c) => ({ contractId: c.contractId, startsOn: c.terms.startsOn, until: lastDayOf(c) }));
}

export class RecordOnWorkforce extends Command<CommandResult> {
  constructor(
    readonly command: Exclude<WorkforceCommand, { type: 'SignContract' }>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordOnWorkforce)
export class RecordOnWorkforceHandler implements ICommandHandler<RecordOnWorkforce> {
  constructor(@Inject(CommandProcessor) private readonly commands: CommandProcessor) {}

  execute({ command, meta }: RecordOnWorkforce) {
    return this.commands.execute(WORKFORCE_STREAM, workforceDecider, command, meta);
  }
}

/** What a client asks of a volunteer's stream: personal data still plain, sealed by the handler. */
export type VolunteerRequest =
  | DistributiveOmit<
      Exclude<VolunteerCommand, { type: 'EraseVolunteerData' | 'InsureVolunteer' | 'ReimburseVolunteerExpenses' }>,
      'member' | 'paidWork'
    >
  | ({ type: 'InsureVolunteer'; volunteerId: string; insurer: string; policyNumber: string } & Coverage)
  | { type: 'ReimburseVolunteerExpenses'; volunteerId: string; reimbursementId: string; paidOn: string; expenses: Expense[] };

export class RecordOnVolunteer extends Command<CommandResult & { volunteerId: string }> {
  constructor(
    readonly command: VolunteerRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Volunteers: enrolment (W4 asks a member volunteer's category on the day), insurance, activity, reimbursements. */
@CommandHandler(RecordOnVolunteer)
export class RecordOnVolunteerHandler implements ICommandHandler<RecordOnVolunteer> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(BLIND_INDEX) private readonly blindIndex: BlindIndex,
  ) {}

  async execute({ command: given, meta }: RecordOnVolunteer) {
    let full: VolunteerCommand;
    const command =
      given.type === 'EnrollVolunteer'
        ? { ...given, volunteer: await identified(this.vault, this.blindIndex, given.volunteer) }
        : given;
    if (command.type === 'EnrollVolunteer') {
      const member =
        command.volunteer.kind === 'member'
          ? memberOn(
              await knownMember(this.projections, this.events, command.volunteer.memberId, 'volunteer'),
              command.enrolledOn,
            )
          : null;
      const paidWork = await this.paidWorkOf(personIdOf(command.volunteer), command.enrolledOn);
      full = { ...command, member, paidWork };
    } else if (command.type === 'InsureVolunteer') {
      const { policyNumber, ...cover } = command;
      full = { ...cover, policy: await this.vault.seal(await this.subjectOf(command.volunteerId), { policyNumber }) };
    } else if (command.type === 'ReimburseVolunteerExpenses') {
      const subject = await this.subjectOf(command.volunteerId);
      const expenses = [];
      for (const { description, ...expense } of command.expenses)
        expenses.push({ ...expense, details: await this.vault.seal(subject, { description }) });
      full = { ...command, expenses };
    } else full = command;
    const result = await this.commands.execute(volunteerStream(command.volunteerId), volunteerDecider, full, meta);
    return { volunteerId: command.volunteerId, ...result };
  }

  /** Whom a volunteer's data are sealed for: a non-member's own subject, a member's as the register sealed them. */
  private async subjectOf(volunteerId: string): Promise<string> {
    const { state } = await this.commands.load(volunteerStream(volunteerId), volunteerDecider);
    if (!state.enrolled) throw new NotFoundError('volunteer', volunteerId);
    if (state.subject) return state.subject;
    return (await currentMember(this.projections, this.events, state.personId))?.person?.subject ?? state.personId;
  }

  private async paidWorkOf(personId: string, from: string): Promise<PaidWork[]> {
    return (await paidWorkOf(this.commands, personId)).filter((c) => c.until === null || c.until >= from);
  }
}
