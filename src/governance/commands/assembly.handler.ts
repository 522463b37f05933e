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
import { voterLine, votersList, type RegisteredMember, type VoterLine } from '../domain/voters-list.js';
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

/** The fields of governance's member view the voters' list reads. */
const REGISTERED = { _id: 1, memberNumber: 1, category: 1, admittedOn: 1, endedOn: 1 } as const;

/** The voters of an assembly as its commands take them: the votes of each, and the financing members among them. */
interface Rights {
  voters: Map<string, number>;
  financing: Set<string>;
}

function addRight(rights: Rights, line: VoterLine | null) {
  if (!line || line.votes <= 0) return;
  rights.voters.set(line.memberId, line.votes);
  if (line.category === 'financing') rights.financing.add(line.memberId);
}

function rightsOf(lines: readonly VoterLine[]): Rights {
  const rights: Rights = { voters: new Map(), financing: new Set() };
  for (const line of lines) addRight(rights, line);
  return rights;
}

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
      const { voters, financing } =
        request.type === 'OpenAssembly'
          ? await this.votingRights(request.assemblyId)
          : rightsOf(
              await this.voters(
                request.assemblyId,
                request.type === 'GrantProxy' ? [request.grantor, request.holder] : [request.memberId],
              ),
            );
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
    if (named) {
      const members = await documentsNow(this.projections, this.events, governanceMembers, named);
      return votersList(
        [...members.values()].filter((m) => m !== null),
        date,
        statute.legalPersonVotes,
      );
    }
    const lines: VoterLine[] = [];
    for await (const member of await this.registered()) {
      const line = voterLine(member, date, statute.legalPersonVotes);
      if (line) lines.push(line);
    }
    return lines.sort((a, b) => a.memberNumber - b.memberNumber);
  }

  /**
   * Who holds how many votes on the assembly's first-call date, and which of them are
   * financing members: what the opening's quorum counts (G2, G4), read member by member
   * without the list's lines or the sealed names, so an opening holds one entry per voter.
   */
  private async votingRights(assemblyId: string): Promise<Rights> {
    const date = await this.firstCall(assemblyId);
    const statute = (await this.commands.load(STATUTE_STREAM, statuteDecider)).state;
    const rights: Rights = { voters: new Map(), financing: new Set() };
    for await (const member of await this.registered()) addRight(rights, voterLine(member, date, statute.legalPersonVotes));
    return rights;
  }

  /** Every member of governance's view, caught up, streamed without the sealed person. */
  private async registered(): Promise<AsyncIterable<RegisteredMember>> {
    return (await currentMembers(this.projections)).stream({}, { projection: REGISTERED });
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
