import { Controller, Get, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { VAULT } from '../../platform/http/tokens.js';
import { type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { directorNames, nameOf, readableMeeting } from './readable.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { AdoptStatuteSettings, ElectBoard, RecordOnBoardMeeting } from '../commands/governance.handlers.js';
import { STATUTE_STREAM, statuteDecider } from '../domain/statute.js';
import type { Decision } from '../domain/governance-events.js';
import { sealWorker } from '../../work/public.js';
import { sealSignatories } from '../commands/governance-people.js';
import { boardDecider, boardOn } from '../domain/board.js';
import { BOARD_STREAM } from '../domain/governance-events.js';
import { GOVERNANCE_MEMBERS } from '../projections/governance-members.projection.js';
import { BoardMeetingView, BoardTermsView } from './progress.schemas.js';
import { CommandProcessor } from '../../platform/commands/command-processor.js';
import {
  DECISION_TRAIL,
  isBoardResolution,
  type MeetingDoc,
  type ResolutionDoc,
} from '../projections/decision-trail.projection.js';
import {
  AttendanceBody,
  ConflictBody,
  ConveneBody,
  type DecisionInput,
  ElectBoardBody,
  MeetingParams,
  ResolutionBody,
  MinutesBody,
  StatuteBody,
  TrailQuery,
} from './governance.schemas.js';
import { StatuteAnswer } from './governance.answers.js';
import { refusalsOf } from '../commands/refusals.js';
import { readers } from './readers.js';

type MeetingId = { meetingId: string };
const recorders = { roles: ['secretary', 'board'], tags: ['governance'], idempotent: true } as const;

/** The board (consiglio di amministrazione): the statute, the election, meetings and their resolutions. */
@Controller('governance')
export class GovernanceController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @CommandRoute('statute-settings', {
    ...refusalsOf('AdoptStatuteSettings'),
    example: {
      request: {
        adoptedOn: '2026-04-28',
        assemblyResolutionId: 'ass-2026-04-28-1',
        settings: {
          shareValueCents: 2500,
          maxHoldingCents: 10000000,
          minimumMembers: 9,
          noticeDays: 8,
          proxyLimit: 10,
          legalPersonVotes: 1,
          remoteVoting: false,
          specialCategory: false,
        },
      },
    },
    ...recorders,
    summary: 'Record the statute settings adopted by the assembly (share value, limits, minimum members, notice, proxies)',
    body: StatuteBody,
  })
  adoptStatute(@ValidBody() body: z.infer<typeof StatuteBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new AdoptStatuteSettings({ type: 'AdoptStatuteSettings', ...body }, meta));
  }

  @Get('statute-settings')
  @Operation({
    response: StatuteAnswer,
    roles: ['board', 'secretary'],
    tags: ['governance'],
    summary: 'The statute settings in force (legal defaults until adopted)',
  })
  async statute() {
    const { state, revision } = await this.commands.load(STATUTE_STREAM, statuteDecider);
    return { settings: state, adopted: revision !== undefined };
  }

  @CommandRoute('board', {
    ...refusalsOf('ElectBoard'),
    example: {
      request: {
        electedOn: '2026-04-28',
        termEndsOn: '2029-04-30',
        assemblyResolutionId: 'ass-2026-04-28-3',
        directors: [
          { directorId: 'rossi', name: 'Maria Rossi', memberId: 'b3f1c2d4-5e6f-4a70-8b81-92a3b4c5d6e7', role: 'president' },
          {
            directorId: 'bianchi',
            name: 'Luca Bianchi',
            memberId: 'c4e2d3f5-6a7b-4c81-9d92-a3b4c5d6e7f8',
            role: 'vice_president',
          },
          { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
        ],
      },
    },
    ...recorders,
    summary: 'Record the board elected by the assembly (G6)',
    body: ElectBoardBody,
  })
  elect(@ValidBody() body: z.infer<typeof ElectBoardBody>, @CommandMeta() meta: CommandMetadata) {
    return this.commandBus.execute(new ElectBoard({ type: 'ElectBoard', ...body }, meta));
  }

  @Get('board')
  @Operation({
    roles: ['board', 'secretary'],
    tags: ['governance'],
    readModels: [DECISION_TRAIL, GOVERNANCE_MEMBERS],
    query: TrailQuery,
    response: BoardTermsView,
    summary:
      'Every board term recorded (consiglio di amministrazione), oldest first: its directors by name and role, and its term',
  })
  async boards(): Promise<z.infer<typeof BoardTermsView>> {
    const { state } = await this.commands.load(BOARD_STREAM, boardDecider);
    const names = await directorNames(this.projections, this.vault);
    return {
      terms: state.terms.map((term) => ({
        electedOn: term.electedOn,
        termEndsOn: term.termEndsOn,
        directors: term.directors.map((d) => ({
          directorId: d.directorId,
          ...nameOf(names, d.directorId),
          role: d.role,
          memberId: d.memberId,
        })),
      })),
    };
  }

  @CommandRoute('board-meetings/:meetingId', {
    ...refusalsOf('ConveneBoardMeeting'),
    example: {
      request: {
        convenedOn: '2026-03-02',
        heldOn: '2026-03-09',
        place: 'sede sociale, Via Roma 1, Genova',
        agenda: ['ammissione di nuovi soci', 'varie ed eventuali'],
      },
    },
    ...recorders,
    summary: 'Convene a board meeting with its agenda',
    params: MeetingParams,
    body: ConveneBody,
  })
  convene(
    @ValidParams() { meetingId }: MeetingId,
    @ValidBody() body: z.infer<typeof ConveneBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnBoardMeeting({ type: 'ConveneBoardMeeting', meetingId, ...body }, meta));
  }

  @Get('board-meetings/:meetingId')
  @Operation({
    ...readers,
    readModels: [DECISION_TRAIL, GOVERNANCE_MEMBERS],
    params: MeetingParams,
    query: TrailQuery,
    response: BoardMeetingView,
    description: 'Answers 404 (problem+json) for an id that names no meeting.',
    summary:
      'A board meeting as it stands (riunione del consiglio): the directors in office, who is present, conflicts declared, resolutions',
  })
  async meeting(@ValidParams() { meetingId }: MeetingId): Promise<z.infer<typeof BoardMeetingView>> {
    const found = await this.projections.reader<MeetingDoc>(DECISION_TRAIL, 'meetings').findOne({ _id: meetingId });
    if (!found) throw new NotFoundError('board meeting', meetingId);
    const names = await directorNames(this.projections, this.vault);
    const meeting = await readableMeeting(found, names, this.vault);
    const term = boardOn((await this.commands.load(BOARD_STREAM, boardDecider)).state, meeting.heldOn);
    const resolutions = (
      await this.projections.reader<ResolutionDoc>(DECISION_TRAIL, 'resolutions').find({
        'resolution.meetingId': meetingId,
      })
    )
      .filter(isBoardResolution)
      .sort((a, b) => a.resolution.item - b.resolution.item || a._id.localeCompare(b._id));
    return {
      meetingId,
      status: meeting.present ? 'held' : 'convened',
      convenedOn: meeting.convenedOn,
      heldOn: meeting.heldOn,
      place: meeting.place,
      agenda: meeting.agenda,
      directorsInOffice: (term?.directors ?? []).map((d) => ({
        directorId: d.directorId,
        ...nameOf(names, d.directorId),
        role: d.role,
        memberId: d.memberId,
      })),
      present: meeting.presentDirectors,
      quorumReached: meeting.quorumReached,
      conflicts: meeting.conflicts,
      resolutions: resolutions.map(({ outcome, resolution: r }) => ({
        resolutionId: r.resolutionId,
        item: r.item,
        text: r.text,
        outcome,
        votes: r.votes.map((v) => ({ ...v, ...nameOf(names, v.directorId) })),
        tally: r.tally,
        majorityRule: r.majorityRule,
        reasons: r.reasons ?? null,
      })),
      minutes: meeting.minutes,
    };
  }

  @CommandRoute('board-meetings/:meetingId/attendance', {
    ...refusalsOf('RecordBoardAttendance'),
    example: { request: { present: ['rossi', 'bianchi', 'verdi'] } },
    ...recorders,
    summary: 'Record who attended; the quorum is a majority of the directors in office (G6, c.c. art. 2388)',
    params: MeetingParams,
    body: AttendanceBody,
  })
  attend(
    @ValidParams() { meetingId }: MeetingId,
    @ValidBody() body: z.infer<typeof AttendanceBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnBoardMeeting({ type: 'RecordBoardAttendance', meetingId, ...body }, meta));
  }

  @CommandRoute('board-meetings/:meetingId/conflicts', {
    ...refusalsOf('DeclareConflictOfInterest'),
    example: { request: { item: 1, directorId: 'bianchi', interest: 'La richiedente è sua parente di secondo grado' } },
    ...recorders,
    summary: 'Record a director’s declared interest in an item (c.c. art. 2391)',
    params: MeetingParams,
    body: ConflictBody,
  })
  conflict(
    @ValidParams() { meetingId }: MeetingId,
    @ValidBody() body: z.infer<typeof ConflictBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.commandBus.execute(new RecordOnBoardMeeting({ type: 'DeclareConflictOfInterest', meetingId, ...body }, meta));
  }

  @CommandRoute('board-meetings/:meetingId/resolutions', {
    ...refusalsOf('ResolveOnItem'),
    example: {
      request: {
        resolutionId: 'cda-2026-03-09-1',
        item: 1,
        text: 'Il consiglio delibera l’ammissione della richiedente a socia lavoratrice',
        votes: [
          { directorId: 'rossi', vote: 'for' },
          { directorId: 'bianchi', vote: 'abstain' },
          { directorId: 'verdi', vote: 'for' },
        ],
        decides: [{ kind: 'admit', applicationId: '0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00', admittedOn: '2026-03-09' }],
        reasons: 'La richiedente ha i requisiti professionali che il nido cerca (c.c. art. 2391 c. 2)',
      },
    },
    ...recorders,
    summary: 'Record a resolution with each director’s vote and what it decides',
    params: MeetingParams,
    body: ResolutionBody,
  })
  async resolve(
    @ValidParams() { meetingId }: MeetingId,
    @ValidBody() body: z.infer<typeof ResolutionBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const decides = await Promise.all(body.decides.map((decision) => this.sealed(decision)));
    return this.commandBus.execute(new RecordOnBoardMeeting({ type: 'ResolveOnItem', meetingId, ...body, decides }, meta));
  }

  /** A contract's non-member worker enters the resolution sealed, as personal data always do. */
  private async sealed(decision: DecisionInput): Promise<Decision> {
    if (decision.kind !== 'approve-contract') return decision;
    return { ...decision, worker: await sealWorker(this.vault, decision.contractId, decision.worker) };
  }

  @CommandRoute('board-meetings/:meetingId/minutes', {
    ...refusalsOf('ApproveBoardMinutes'),
    example: {
      request: {
        president: 'Maria Rossi',
        secretary: 'Luca Bianchi',
        minutesText:
          'Il giorno 9 marzo 2026 alle ore 18:00, presso la sede sociale, si è riunito il consiglio di amministrazione…',
      },
    },
    ...recorders,
    summary: 'Approve the minutes of a board meeting; their sha256 is recorded',
    params: MeetingParams,
    body: MinutesBody,
  })
  async minutes(
    @ValidParams() { meetingId }: MeetingId,
    @ValidBody() body: z.infer<typeof MinutesBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const { president, secretary, minutesText } = body;
    const signatories = await sealSignatories(this.vault, meetingId, { president, secretary });
    return this.commandBus.execute(
      new RecordOnBoardMeeting({ type: 'ApproveBoardMinutes', meetingId, signatories, minutesText }, meta),
    );
  }
}
