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
import { votersList, type VoterLine } from '../domain/voters-list.js';
import { currentMembers } from './governance.handlers.js';
import type { EventStore } from '../../platform/event-store/event-store.js';
import { EVENT_STORE } from '../../platform/http/tokens.js';
import { documentsNow, type FoldableView } from '../../platform/projections/documents-now.js';
import {
  foldMemberEvent,
  GOVERNANCE_MEMBERS,
  MEMBER_EVENT_TYPES,
  type GovernanceMemberDoc,
} from '../projections/governance-members.projection.js';

/** Governance's member view, as `documentsNow` brings it forward. */
const governanceMembers: FoldableView<GovernanceMemberDoc> = {
  projector: GOVERNANCE_MEMBERS,
  collection: 'members',
  types: MEMBER_EVENT_TYPES,
  idOf: (data) => data.memberId as string | undefined,
  fold: foldMemberEvent,
};

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
    @Inject(EVENT_STORE) private readonly events: EventStore,
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
      // Only the opening counts everyone (the quorum); the other commands concern the members they name.
      const named =
        request.type === 'GrantProxy'
          ? [request.grantor, request.holder]
          : request.type === 'OpenAssembly'
            ? undefined
            : [request.memberId];
      const list = (await this.voters(request.assemblyId, named)).filter((v) => v.votes > 0);
      const voters = new Map(list.map((v) => [v.memberId, v.votes]));
      const financing = new Set(list.filter((v) => v.category === 'financing').map((v) => v.memberId));
      const board = (await this.commands.load(BOARD_STREAM, boardDecider)).state;
      const directors = new Set(board.directors.flatMap((d) => (d.memberId ? [d.memberId] : [])));
      command = { ...request, voters, financing, directors, proxyLimit: statute.proxyLimit } as unknown as AssemblyCommand;
    } else command = request as AssemblyCommand;
    return this.commands.execute(assemblyStream(request.assemblyId), assemblyDecider, command, meta);
  }

  /**
   * The voters' list on the assembly's first-call date: of every member, or only of those
   * named (each read by its id, so a vote costs the same with 50 members or 50,000).
   */
  async voters(assemblyId: string, named?: readonly string[]): Promise<VoterLine[]> {
    const date = await this.firstCall(assemblyId);
    const statute = (await this.commands.load(STATUTE_STREAM, statuteDecider)).state;
    const members = named
      ? [...(await documentsNow(this.projections, this.events, governanceMembers, named)).values()].filter((m) => m !== null)
      : await (await currentMembers(this.projections)).find();
    return votersList(members, date, statute.legalPersonVotes);
  }

  /** The first-call date, fixed once convened: kept, so a vote does not wait in the assembly stream's queue to read it. */
  private readonly firstCalls = new Map<string, string>();
  private async firstCall(assemblyId: string): Promise<string> {
    const known = this.firstCalls.get(assemblyId);
    if (known) return known;
    const { state } = await this.commands.load(assemblyStream(assemblyId), assemblyDecider);
    if (state.status === 'none') throw new NotFoundError('assembly', assemblyId);
    this.firstCalls.set(assemblyId, state.firstCall);
    return state.firstCall;
  }
}
