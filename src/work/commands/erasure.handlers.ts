import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { businessDate, type Clock } from '../../platform/clock.js';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import type { EventStore } from '../../platform/event-store/event-store.js';
import { CLOCK, EVENT_STORE, VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { documentsNow } from '../../platform/projections/documents-now.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { volunteerStream } from '../domain/volunteer-events.js';
import { volunteerDecider } from '../domain/volunteer.js';
import { WORKFORCE_STREAM } from '../domain/work-events.js';
import { workforceDecider } from '../domain/workforce.js';
import { nonMemberVolunteerId, nonMemberWorkerId, paidWorkOf, volunteerPeople } from './work.handlers.js';

/** W6: erase a non-member worker's personal data, once their work records' retention has passed. */
export class EraseWorkerData extends Command<CommandResult & { personId: string }> {
  constructor(
    readonly personId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** W6: erase a non-member volunteer's personal data, once the register's retention has passed. */
export class EraseVolunteerData extends Command<CommandResult & { volunteerId: string }> {
  constructor(
    readonly volunteerId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * Records the erasure, then deletes every key the person's data were sealed under: their one
 * person id and the ids older events derived from their contracts and enrolments. A crash
 * between the two is mended by repeating the request (same Idempotency-Key).
 */
@CommandHandler(EraseWorkerData)
export class EraseWorkerDataHandler implements ICommandHandler<EraseWorkerData> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ personId, meta }: EraseWorkerData) {
    const enrolments =
      (await documentsNow(this.projections, this.events, volunteerPeople, [personId])).get(personId)?.enrolments ?? [];
    const contracts = await paidWorkOf(this.commands, personId);
    const otherSubjects = [
      ...enrolments.map((e) => nonMemberVolunteerId(e.volunteerId)),
      ...contracts.map((c) => nonMemberWorkerId(c.contractId)),
    ];
    const result = await this.commands.execute(
      WORKFORCE_STREAM,
      workforceDecider,
      { type: 'EraseWorkerData', personId, erasedOn: businessDate(this.clock.now()), volunteering: enrolments, otherSubjects },
      meta,
    );
    for (const subject of new Set([personId, ...otherSubjects])) await this.vault.erase(subject);
    return { personId, ...result };
  }
}

@CommandHandler(EraseVolunteerData)
export class EraseVolunteerDataHandler implements ICommandHandler<EraseVolunteerData> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ volunteerId, meta }: EraseVolunteerData) {
    const { state } = await this.commands.load(volunteerStream(volunteerId), volunteerDecider);
    const personId = state.enrolled ? state.personId : null;
    const enrolments = personId
      ? ((await documentsNow(this.projections, this.events, volunteerPeople, [personId])).get(personId)?.enrolments ?? [])
      : [];
    const others = enrolments.filter((e) => e.volunteerId !== volunteerId);
    const paidWork = personId ? await paidWorkOf(this.commands, personId) : [];
    const result = await this.commands.execute(
      volunteerStream(volunteerId),
      volunteerDecider,
      { type: 'EraseVolunteerData', volunteerId, erasedOn: businessDate(this.clock.now()), paidWork, otherEnrolments: others },
      meta,
    );
    if (personId) {
      const subjects = [
        personId,
        ...enrolments.map((e) => nonMemberVolunteerId(e.volunteerId)),
        nonMemberVolunteerId(volunteerId),
        ...paidWork.map((c) => nonMemberWorkerId(c.contractId)),
      ];
      for (const subject of new Set(subjects)) await this.vault.erase(subject);
    }
    return { volunteerId, ...result };
  }
}
