import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { BusinessDate } from '../../platform/schemas/values.js';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { CommandRoute, Operation, ValidBody, ValidParams } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { VAULT } from '../../platform/http/tokens.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { memberNames, membersNamedIn } from './member-names.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { ASSEMBLY_BOOK, readAssemblies, type Opening } from '../projections/assembly-book.projection.js';
import { GOVERNANCE_MEMBERS } from '../projections/governance-members.projection.js';
import { AssemblyView } from './progress.schemas.js';
import { readableAssembly } from './readable.js';
import { AssemblyDecision } from '../domain/assembly-events.js';
import { sealSignatories } from '../commands/governance-people.js';
import { RecordOnAssembly, RecordOnAssemblyHandler, type AssemblyRequest } from '../commands/assembly.handler.js';
import { VotersAnswer } from './governance.answers.js';
import { refusalsOf } from '../commands/refusals.js';

const Member = z.uuid();
const Call = z.object({ date: BusinessDate, place: z.string().trim().min(1).max(200) });
const Params = z.object({ assemblyId: z.uuid() });
const ConveneBody = z
  .object({
    kind: z.enum(['ordinary', 'extraordinary']),
    firstCall: Call,
    secondCall: Call.nullable().default(null),
    agenda: z.array(z.string().trim().min(1).max(500)).min(1).max(100),
    noticeSentOn: BusinessDate,
    motionTexts: z
      .array(z.string().trim().min(1).max(20_000))
      .nullable()
      .default(null)
      .describe('G5: the full text of each motion, one per agenda item; required where the statute allows remote votes'),
  })
  .describe('G5: at least the statute’s notice days (8 by default) before the first call, with the agenda');
const ProxyBody = z
  .object({ grantor: Member, holder: Member })
  .describe('G3: to another member with a vote, never a director, at most 10 per holder');
const AttendanceBody = z.object({ memberId: Member });
const OpenBody = z.object({ call: z.enum(['first', 'second']) }).describe('G4: the quorum of the call');
const MotionBody = z.object({
  motionId: z.string().trim().min(1).max(100),
  item: z.number().int().min(1),
  text: z.string().trim().min(1).max(20_000),
  decides: z
    .array(AssemblyDecision)
    .max(500)
    .default([])
    .describe('What the motion decides if adopted, carried out by the process manager (G7), e.g. an appeal (M3)'),
});
const VoteBody = z.object({
  motionId: z.string().trim().min(1),
  memberId: Member,
  vote: z.enum(['for', 'against', 'abstain']),
  remote: z.boolean().default(false).describe('G5: a vote by post or remote means, where the statute allows it'),
});
const ResultBody = z.object({ motionId: z.string().trim().min(1), resolutionId: z.string().trim().min(1).max(100) });
const CloseBody = z.object({ closedOn: BusinessDate });
const MinutesBody = z.object({
  president: z.string().trim().min(1),
  secretary: z.string().trim().min(1),
  minutesText: z.string().min(1).max(1_000_000),
});

type Id = { assemblyId: string };
const op = { roles: ['secretary', 'board'], tags: ['governance'], idempotent: true, params: Params } as const;

/** The members' assembly (assemblea dei soci), step by step as the secretary records it. */
@Controller('governance/assemblies/:assemblyId')
export class AssembliesController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(RecordOnAssemblyHandler) private readonly handler: RecordOnAssemblyHandler,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}

  private run(request: AssemblyRequest, meta: CommandMetadata) {
    return this.commandBus.execute(new RecordOnAssembly(request, meta));
  }

  @CommandRoute(undefined, {
    ...refusalsOf('ConveneAssembly'),
    example: {
      request: {
        kind: 'ordinary',
        firstCall: { date: '2026-04-27', place: 'sede sociale, Via Roma 1, Genova' },
        secondCall: { date: '2026-04-28', place: 'sede sociale, Via Roma 1, Genova' },
        agenda: ['Approvazione del bilancio 2025', 'Approvazione del bilancio sociale 2025'],
        noticeSentOn: '2026-04-10',
      },
    },
    ...op,
    summary: 'Convene an assembly with its calls and agenda (G5)',
    body: ConveneBody,
  })
  convene(
    @ValidParams() { assemblyId }: Id,
    @ValidBody() body: z.infer<typeof ConveneBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.run({ type: 'ConveneAssembly', assemblyId, ...body }, meta);
  }

  @Get()
  @Operation({
    roles: ['board', 'secretary'],
    tags: ['governance'],
    params: Params,
    query: z.object({ after: z.string().optional() }),
    readModels: [ASSEMBLY_BOOK, GOVERNANCE_MEMBERS],
    response: AssemblyView,
    description: 'Answers 404 (problem+json) for an id that names no meeting.',
    summary:
      'An assembly as it stands (assemblea dei soci): convening, calls, attendance with the votes held in person and by proxy, quorum, motions',
  })
  async assembly(@ValidParams() { assemblyId }: Id): Promise<z.infer<typeof AssemblyView>> {
    const [found] = await readAssemblies((name) => this.projections.collection(ASSEMBLY_BOOK, name), { _id: assemblyId });
    if (!found) throw new NotFoundError('assembly', assemblyId);
    const assembly = await readableAssembly(found, this.vault);
    // Only the members the assembly names, each read by its id.
    const ids = membersNamedIn([assembly]);
    const names = await memberNames(this.projections, this.vault, ids);
    const named = (id: string) => {
      const name = names.get(id) ?? null;
      return name === null ? { name, personalDataErased: true as const } : { name };
    };
    const weights = new Map((await this.handler.voters(assemblyId, [...ids])).map((v) => [v.memberId, v.votes]));
    const votesOf = (id: string) => weights.get(id) ?? 0;
    const openings = assembly.openings?.length ? assembly.openings : assembly.opening ? [assembly.opening] : [];
    const opening = assembly.opening;
    const deserted = (o: Opening) => o.call === 'first' && !o.quorumReached;
    return {
      assemblyId,
      kind: assembly.kind,
      status: assembly.closedOn ? 'closed' : !opening ? 'convened' : deserted(opening) ? 'deserted' : 'opened',
      noticeSentOn: assembly.noticeSentOn,
      firstCall: assembly.firstCall,
      secondCall: assembly.secondCall,
      agenda: assembly.agenda,
      calls: openings.map((o) => ({
        call: o.call,
        heldOn: o.heldOn,
        place: o.place ?? (o.call === 'first' ? assembly.firstCall.place : (assembly.secondCall?.place ?? null)),
        votesPresent: o.votesPresent,
        totalVotes: o.totalVotes,
        quorumRequired: o.quorumRequired,
        quorumReached: o.quorumReached,
        deserted: deserted(o),
      })),
      quorum: opening ? { reached: opening.quorumReached, call: opening.call } : null,
      financingWeight: opening?.financingWeight ?? null,
      attendance: assembly.attendance.map((p) => {
        const proxies = assembly.proxies
          .filter((x) => x.holder === p.memberId)
          .map((x) => ({ grantor: x.grantor, ...named(x.grantor), votes: votesOf(x.grantor) }));
        const votesInPerson = p.hasVote ? votesOf(p.memberId) : 0;
        const votesByProxy = proxies.reduce((n, x) => n + x.votes, 0);
        return {
          memberId: p.memberId,
          ...named(p.memberId),
          call: p.call,
          hasVote: p.hasVote,
          votesInPerson,
          proxies,
          votesByProxy,
          votesHeld: votesInPerson + votesByProxy,
        };
      }),
      proxies: assembly.proxies,
      motions: assembly.motions.map((m) => {
        const cast = { for: 0, against: 0, abstain: 0 };
        for (const v of m.votes) cast[v.vote as keyof typeof cast] += v.weight;
        return {
          motionId: m.motionId,
          item: m.item,
          text: m.text,
          state: !m.outcome ? 'open' : m.outcome.adopted ? 'adopted' : 'rejected',
          votesCast: m.votes.length,
          tally: m.outcome?.tally ?? cast,
          majorityRule: m.outcome?.majorityRule ?? null,
          votes: m.votes.map((v) => ({
            memberId: v.memberId,
            ...named(v.memberId),
            vote: v.vote as 'for' | 'against' | 'abstain',
            weight: v.weight,
            byProxy: v.byProxy,
            castBy: v.castBy,
          })),
          resolutionId: m.outcome?.resolutionId ?? null,
        };
      }),
      closedOn: assembly.closedOn,
      minutes: assembly.minutes,
    };
  }

  @Get('voters')
  @Operation({
    response: VotersAnswer,
    roles: ['secretary', 'board'],
    tags: ['governance'],
    params: Params,
    summary: 'The voters’ list on the assembly’s date, with the reason for every member without a vote (G2)',
  })
  async voters(@ValidParams() { assemblyId }: Id) {
    const names = await memberNames(this.projections, this.vault);
    return {
      assemblyId,
      voters: (await this.handler.voters(assemblyId)).map((v) => ({ ...v, name: names.get(v.memberId) ?? null })),
    };
  }

  @CommandRoute('proxies', {
    ...refusalsOf('GrantProxy'),
    example: { request: { grantor: 'c4e2d3f5-6a7b-4c81-9d92-a3b4c5d6e7f8', holder: 'b3f1c2d4-5e6f-4a70-8b81-92a3b4c5d6e7' } },
    ...op,
    summary: 'Record a proxy (G3)',
    body: ProxyBody,
  })
  proxy(@ValidParams() { assemblyId }: Id, @ValidBody() body: z.infer<typeof ProxyBody>, @CommandMeta() meta: CommandMetadata) {
    return this.run({ type: 'GrantProxy', assemblyId, ...body }, meta);
  }

  @CommandRoute('attendance', {
    ...refusalsOf('RecordAttendance'),
    example: { request: { memberId: 'b3f1c2d4-5e6f-4a70-8b81-92a3b4c5d6e7' } },
    ...op,
    summary: 'Record a member present in person',
    body: AttendanceBody,
  })
  attend(
    @ValidParams() { assemblyId }: Id,
    @ValidBody() body: z.infer<typeof AttendanceBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.run({ type: 'RecordAttendance', assemblyId, ...body }, meta);
  }

  @CommandRoute('opening', {
    ...refusalsOf('OpenAssembly'),
    example: { request: { call: 'second' } },
    ...op,
    summary: 'Open the assembly on a call, counting the votes present (G4)',
    body: OpenBody,
  })
  open(@ValidParams() { assemblyId }: Id, @ValidBody() body: z.infer<typeof OpenBody>, @CommandMeta() meta: CommandMetadata) {
    return this.run({ type: 'OpenAssembly', assemblyId, ...body }, meta);
  }

  @CommandRoute('motions', {
    ...refusalsOf('PutMotion'),
    example: { request: { motionId: 'bilancio-2025', item: 1, text: 'L’assemblea approva il bilancio dell’esercizio 2025' } },
    ...op,
    summary: 'Put a motion on an agenda item (G5: nothing off the agenda)',
    body: MotionBody,
  })
  motion(@ValidParams() { assemblyId }: Id, @ValidBody() body: z.infer<typeof MotionBody>, @CommandMeta() meta: CommandMetadata) {
    return this.run({ type: 'PutMotion', assemblyId, ...body }, meta);
  }

  @CommandRoute('votes', {
    ...refusalsOf('CastVote'),
    example: { request: { motionId: 'bilancio-2025', memberId: 'b3f1c2d4-5e6f-4a70-8b81-92a3b4c5d6e7', vote: 'for' } },
    ...op,
    summary: 'Record a member’s vote, in person or by their proxy holder (G1, G2, G4)',
    body: VoteBody,
  })
  vote(@ValidParams() { assemblyId }: Id, @ValidBody() body: z.infer<typeof VoteBody>, @CommandMeta() meta: CommandMetadata) {
    return this.run({ type: 'CastVote', assemblyId, ...body }, meta);
  }

  @CommandRoute('results', {
    ...refusalsOf('DeclareResult'),
    example: { request: { motionId: 'bilancio-2025', resolutionId: 'ass-2026-04-28-1' } },
    ...op,
    summary: 'Declare a motion adopted or rejected, with the tally',
    body: ResultBody,
  })
  result(@ValidParams() { assemblyId }: Id, @ValidBody() body: z.infer<typeof ResultBody>, @CommandMeta() meta: CommandMetadata) {
    return this.run({ type: 'DeclareResult', assemblyId, ...body }, meta);
  }

  @CommandRoute('closing', {
    ...refusalsOf('CloseAssembly'),
    example: { request: { closedOn: '2026-04-28' } },
    ...op,
    summary: 'Close the assembly',
    body: CloseBody,
  })
  close(@ValidParams() { assemblyId }: Id, @ValidBody() body: z.infer<typeof CloseBody>, @CommandMeta() meta: CommandMetadata) {
    return this.run({ type: 'CloseAssembly', assemblyId, ...body }, meta);
  }

  @CommandRoute('minutes', {
    ...refusalsOf('ApproveMinutes'),
    example: {
      request: {
        president: 'Maria Rossi',
        secretary: 'Luca Bianchi',
        minutesText:
          'Il giorno 28 aprile 2026 alle ore 17:30, in seconda convocazione, si è riunita l’assemblea ordinaria dei soci…',
      },
    },
    ...op,
    summary: 'Approve the minutes (c.c. art. 2375); their sha256 is recorded',
    body: MinutesBody,
  })
  async minutes(
    @ValidParams() { assemblyId }: Id,
    @ValidBody() body: z.infer<typeof MinutesBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const { president, secretary, minutesText } = body;
    const signatories = await sealSignatories(this.vault, assemblyId, { president, secretary });
    return this.run({ type: 'ApproveMinutes', assemblyId, signatories, minutesText }, meta);
  }
}
