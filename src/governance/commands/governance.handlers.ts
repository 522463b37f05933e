import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { NotCaughtUpError } from '../../platform/http/http-errors.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { boardDecider, type BoardCommand } from '../domain/board.js';
import type { DirectorInput } from '../domain/governance-events.js';
import { VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { sealDirectors } from './governance-people.js';
import { boardMeetingDecider, type BoardMeetingCommand } from '../domain/board-meeting.js';
import { BOARD_STREAM, boardMeetingStream } from '../domain/governance-events.js';
import { STATUTE_STREAM, statuteDecider, type AdoptStatuteSettings as AdoptStatuteSettingsCommand } from '../domain/statute.js';
import { isMemberOn } from '../domain/voters-list.js';
import { GOVERNANCE_MEMBERS, type GovernanceMemberDoc } from '../projections/governance-members.projection.js';

/** Governance's member view, caught up with everything recorded so far (G2, G6 read it). */
export async function currentMembers(projections: ProjectionRunner) {
  if (!(await projections.catchUp(5_000, [GOVERNANCE_MEMBERS]))) throw new NotCaughtUpError('head', [GOVERNANCE_MEMBERS]);
  return projections.collection<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members');
}

export class ElectBoard extends Command<CommandResult> {
  constructor(
    readonly command: Omit<BoardCommand, 'activeMembers' | 'directors'> & { directors: DirectorInput[] },
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * G6 needs who is a member on the election date: governance's own view, caught up first.
 * The directors' names are sealed: a member's with the member's own key, another's with a key of their own.
 */
@CommandHandler(ElectBoard)
export class ElectBoardHandler implements ICommandHandler<ElectBoard> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ command, meta }: ElectBoard) {
    const memberIds = command.directors.flatMap((d) => (d.memberId ? [d.memberId] : []));
    const members = await (await currentMembers(this.projections)).find({ _id: { $in: memberIds } });
    const activeMembers = new Set(members.filter((m) => isMemberOn(m, command.electedOn)).map((m) => m._id));
    const subjects = new Map(members.flatMap((m) => (m.person ? [[m._id, m.person.subject] as const] : [])));
    const directors = await sealDirectors(this.vault, command.directors, subjects);
    return this.commands.execute(BOARD_STREAM, boardDecider, { ...command, directors, activeMembers }, meta);
  }
}

type NeedsBoard = 'RecordBoardAttendance' | 'ConveneBoardMeeting';
export type MeetingRequest =
  Exclude<BoardMeetingCommand, { type: NeedsBoard }> | Omit<Extract<BoardMeetingCommand, { type: NeedsBoard }>, 'board'>;

export class RecordOnBoardMeeting extends Command<CommandResult> {
  constructor(
    readonly request: MeetingRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** Meeting commands; the convening and the attendance are checked against the board in office on the meeting's date (G6). */
@CommandHandler(RecordOnBoardMeeting)
export class RecordOnBoardMeetingHandler implements ICommandHandler<RecordOnBoardMeeting> {
  constructor(@Inject(CommandProcessor) private readonly commands: CommandProcessor) {}

  async execute({ request, meta }: RecordOnBoardMeeting) {
    const command =
      request.type === 'RecordBoardAttendance' || request.type === 'ConveneBoardMeeting'
        ? ({ ...request, board: (await this.commands.load(BOARD_STREAM, boardDecider)).state } as BoardMeetingCommand)
        : (request as BoardMeetingCommand);
    return this.commands.execute(boardMeetingStream(request.meetingId), boardMeetingDecider, command, meta);
  }
}

export class AdoptStatuteSettings extends Command<CommandResult> {
  constructor(
    readonly command: AdoptStatuteSettingsCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(AdoptStatuteSettings)
export class AdoptStatuteSettingsHandler implements ICommandHandler<AdoptStatuteSettings> {
  constructor(@Inject(CommandProcessor) private readonly commands: CommandProcessor) {}

  execute({ command, meta }: AdoptStatuteSettings) {
    return this.commands.execute(STATUTE_STREAM, statuteDecider, command, meta);
  }
}
