import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { assemblyDecider, type AssemblyCommand } from '../domain/assembly.js';
import { assemblyStream } from '../domain/assembly-events.js';
import { boardDecider } from '../domain/board.js';
import { BOARD_STREAM } from '../domain/governance-events.js';
import { STATUTE_STREAM, statuteDecider } from '../domain/statute.js';
import { votersList, type VoterLine } from '../projections/governance-members.projection.js';
import { currentMembers } from './governance.handlers.js';

type Facts = 'voters' | 'financing' | 'directors' | 'proxyLimit' | 'noticeDays' | 'remoteVoting';
/** An assembly command as the secretariat sends it; the handler adds the facts it needs. */
export type AssemblyRequest = AssemblyCommand extends infer C
  ? C extends AssemblyCommand
    ? Omit<C, Extract<keyof C, Facts>>
    : never
  : never;

export class RecordOnAssembly extends Command<CommandResult> {
  constructor(
    readonly request: AssemblyRequest,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * Assembly commands with their facts: the statute's settings, the directors in office, and
 * who may vote on the assembly's date (G1, G2) from governance's own member view.
 */
@CommandHandler(RecordOnAssembly)
export class RecordOnAssemblyHandler implements ICommandHandler<RecordOnAssembly> {
  constructor(
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  async execute({ request, meta }: RecordOnAssembly) {
    const statute = (await this.commands.load(STATUTE_STREAM, statuteDecider)).state;
    let command: AssemblyCommand;
    if (request.type === 'ConveneAssembly')
      command = { ...request, noticeDays: statute.noticeDays, remoteVoting: statute.remoteVoting };
    else if (
      request.type === 'GrantProxy' ||
      request.type === 'RecordAttendance' ||
      request.type === 'OpenAssembly' ||
      request.type === 'CastVote'
    ) {
      const list = (await this.voters(request.assemblyId)).filter((v) => v.votes > 0);
      const voters = new Map(list.map((v) => [v.memberId, v.votes]));
      const financing = new Set(list.filter((v) => v.category === 'financing').map((v) => v.memberId));
      const board = (await this.commands.load(BOARD_STREAM, boardDecider)).state;
      const directors = new Set(board.directors.flatMap((d) => (d.memberId ? [d.memberId] : [])));
      command = { ...request, voters, financing, directors, proxyLimit: statute.proxyLimit } as unknown as AssemblyCommand;
    } else command = request as AssemblyCommand;
    return this.commands.execute(assemblyStream(request.assemblyId), assemblyDecider, command, meta);
  }

  /** The voters' list on the assembly's first-call date. */
  async voters(assemblyId: string): Promise<VoterLine[]> {
    const { state } = await this.commands.load(assemblyStream(assemblyId), assemblyDecider);
    if (state.status === 'none') throw new NotFoundError('assembly', assemblyId);
    const statute = (await this.commands.load(STATUTE_STREAM, statuteDecider)).state;
    const members = await (await currentMembers(this.projections)).find();
    return votersList(members, state.firstCall, statute.legalPersonVotes);
  }
}
