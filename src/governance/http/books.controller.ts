import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { comparePositions, type Position } from '../../platform/event-store/position.js';
import { Operation, ValidQuery } from '../../platform/http/operation.js';
import { VAULT } from '../../platform/http/tokens.js';
import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { membersNamedIn, namedMembers } from './member-names.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { ASSEMBLY_BOOK, readAssemblies } from '../projections/assembly-book.projection.js';
import {
  DECISION_TRAIL,
  isBoardResolution,
  type MeetingDoc,
  type ResolutionDoc,
} from '../projections/decision-trail.projection.js';
import { GOVERNANCE_MEMBERS, type GovernanceMemberDoc } from '../projections/governance-members.projection.js';
import { assemblyBookHtml, boardBookHtml } from './books.js';
import { directorNames, directorOffices, readableAssembly, readableMeeting, readableResolution } from './readable.js';
import { ParticipationAnswer } from './governance.answers.js';

const BookQuery = z.object({
  format: z.enum(['json', 'html']).default('json'),
  after: z.string().optional(),
  year: z.coerce.number().int().min(1900).max(9999).optional().describe('Only the meetings held in this year'),
  asOf: z.iso.date().optional().describe('Only the meetings held on or before this date (YYYY-MM-DD)'),
});
type BookQuery = z.infer<typeof BookQuery>;

/** A meeting belongs to the book asked for by its business date: the day it was held. */
const inBook = (date: string, { year, asOf }: Pick<BookQuery, 'year' | 'asOf'>) =>
  (year === undefined || date.startsWith(`${year}-`)) && (asOf === undefined || date <= asOf);
const readers = { roles: ['board', 'secretary'], tags: ['governance'], query: BookQuery, produces: ['text/html'] } as const;

/** The two books of minutes (c.c. art. 2421 c. 1 n. 3–4), chronological, as JSON or printable HTML. */
@Controller('governance')
export class BooksController {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Get('books/assemblies')
  @Operation({
    ...readers,
    readModels: [ASSEMBLY_BOOK, GOVERNANCE_MEMBERS],
    summary: 'Libro delle adunanze e delle deliberazioni delle assemblee',
  })
  async assemblies(@ValidQuery() query: BookQuery, @Res({ passthrough: true }) response: Response) {
    const book = await this.assemblyBook(query);
    if (query.format === 'json') return book.json;
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    return assemblyBookHtml(book.assemblies, book.numbers, book.names);
  }

  /** The assemblies' book as the API gives it: the JSON and what its HTML and the printed book read. */
  async assemblyBook(query: Pick<BookQuery, 'year' | 'asOf'>) {
    const assemblies = await Promise.all(
      (await readAssemblies((name) => this.projections.collection(ASSEMBLY_BOOK, name)))
        .filter((a) => inBook(a.opening?.heldOn ?? a.firstCall.date, query))
        .map((a) => readableAssembly(a, this.vault)),
    );
    const { year = null, asOf = null } = query;
    const members = await namedMembers(this.projections, membersNamedIn(assemblies));
    const numbers = new Map(members.map((m) => [m._id, m.memberNumber]));
    const names = new Map<string, string | null>();
    for (const member of members) names.set(member._id, await openName(this.vault, member.person));
    return {
      assemblies,
      numbers,
      names,
      json: {
        year,
        asOf,
        index: assemblies.map((a) => ({ assemblyId: a._id, kind: a.kind, date: a.opening?.heldOn ?? a.firstCall.date })),
        // c.c. art. 2375: the minutes identify who voted for, against and abstaining, by name (null once erased).
        assemblies: assemblies.map((a) => ({
          ...a,
          motions: a.motions.map((m) => ({
            ...m,
            votes: m.votes.map((v) => ({
              ...v,
              name: names.get(v.memberId) ?? null,
              memberNumber: numbers.get(v.memberId) ?? null,
              castByName: names.get(v.castBy) ?? null,
            })),
          })),
        })),
      },
    };
  }

  @Get('books/board')
  @Operation({
    ...readers,
    readModels: [DECISION_TRAIL, GOVERNANCE_MEMBERS],
    summary: 'Libro delle adunanze e delle deliberazioni del consiglio di amministrazione',
  })
  async board(@ValidQuery() query: BookQuery, @Res({ passthrough: true }) response: Response) {
    const book = await this.boardBook(query);
    if (query.format === 'json') return book.json;
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    return boardBookHtml(book.meetings, book.resolutions, book.names, book.offices);
  }

  /** The board's book as the API gives it: the JSON and what its HTML and the printed book read. */
  async boardBook(query: Pick<BookQuery, 'year' | 'asOf'>) {
    const [names, offices] = await Promise.all([directorNames(this.projections, this.vault), directorOffices(this.projections)]);
    const meetings = await Promise.all(
      (await this.projections.reader<MeetingDoc>(DECISION_TRAIL, 'meetings').find({}, { sort: { heldOn: 1, _id: 1 } }))
        .filter((m) => inBook(m.heldOn, query))
        .map((m) => readableMeeting(m, names, this.vault)),
    );
    const held = new Set(meetings.map((m) => m._id));
    const resolutions = (await this.projections.reader<ResolutionDoc>(DECISION_TRAIL, 'resolutions').find({}))
      // In $all order, by the port's comparison: positions as text sort "1000" before "999".
      .sort((a, b) => comparePositions(a.position as Position, b.position as Position))
      .filter(isBoardResolution)
      .filter((r) => held.has(r.resolution.meetingId))
      .map((r) => readableResolution(r, names));
    const { year = null, asOf = null } = query;
    return {
      meetings,
      resolutions,
      names,
      offices,
      json: {
        year,
        asOf,
        index: meetings.map((m) => ({
          meetingId: m._id,
          heldOn: m.heldOn,
          resolutions: resolutions.filter((r) => r.resolution.meetingId === m._id).length,
        })),
        meetings: meetings.map((m) => ({ ...m, resolutions: resolutions.filter((r) => r.resolution.meetingId === m._id) })),
      },
    };
  }

  @Get('reports/participation')
  @Operation({
    response: ParticipationAnswer,
    roles: ['board', 'secretary'],
    tags: ['governance'],
    readModels: [ASSEMBLY_BOOK, GOVERNANCE_MEMBERS],
    query: BookQuery.omit({ format: true }),
    summary: 'Attendance and votes per assembly and per member category, over time',
  })
  async participation() {
    const assemblies = await readAssemblies((name) => this.projections.collection(ASSEMBLY_BOOK, name));
    const members = await this.projections.reader<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members').find();
    const category = new Map(members.map((m) => [m._id, m.category]));
    return assemblies.map((a) => {
      const byCategory: Record<string, { present: number; represented: number; votes: number }> = {};
      const bump = (id: string, field: 'present' | 'represented' | 'votes') =>
        ((byCategory[category.get(id) ?? 'unknown'] ??= { present: 0, represented: 0, votes: 0 })[field] += 1);
      // Those present at the call the assembly was held on (a deserted first call's attendance aside).
      a.attendance.filter((p) => p.call === null || p.call === a.opening?.call).forEach((p) => bump(p.memberId, 'present'));
      a.proxies.filter((p) => a.attendance.some((x) => x.memberId === p.holder)).forEach((p) => bump(p.grantor, 'represented'));
      a.motions.forEach((m) => m.votes.forEach((v) => bump(v.memberId, 'votes')));
      return {
        assemblyId: a._id,
        date: a.opening?.heldOn ?? a.firstCall.date,
        kind: a.kind,
        votesPresent: a.opening?.votesPresent ?? 0,
        totalVotes: a.opening?.totalVotes ?? null,
        turnout: a.opening && a.opening.totalVotes ? a.opening.votesPresent / a.opening.totalVotes : null,
        byCategory,
      };
    });
  }
}
