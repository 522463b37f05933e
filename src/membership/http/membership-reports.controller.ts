import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { businessDate, type Clock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { Operation, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { BLIND_SEARCH, CLOCK, VAULT } from '../../platform/http/tokens.js';
import type { BlindSearch } from '../../platform/personal-data/blind-search.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import type { Filter } from '../../platform/read-models/read-model-store.js';
import { STATUTE, type StatuteSource } from '../commands/record-shares.handler.js';
import {
  MEMBER_REGISTER,
  type ApplicationDoc,
  type CompositionChangeDoc,
  type MemberDoc,
} from '../projections/member-register.projection.js';
import {
  admissionsOfYear,
  appealsAwaiting,
  compositionSeries,
  overdueApplications,
  pendingWithdrawals,
  refundsDue,
  registerLine,
  type RegisterLine,
  specialCategoryTerms,
  warnings,
} from '../projections/register-queries.js';
import { MEMBER_TIMELINE, type TimelineEntryDoc } from '../projections/member-timeline.projection.js';
import { REGISTER_SEARCH, type SearchEntryDoc } from '../projections/register-search.projection.js';
import { comparePositions, type Position } from '../../platform/event-store/position.js';
import {
  AfterQuery,
  ApplicationParams,
  ApplicationsQuery,
  ExportQuery,
  MemberParams,
  RegisterQuery,
  YearQuery,
} from './membership.schemas.js';
import {
  AdmissionsReport,
  AppealsReport,
  ApplicationsPage,
  ApplicationView,
  CompositionReport,
  MemberView,
  MemberTimeline,
  OverdueReport,
  RefundsDueReport,
  RegisterYearReport,
  RegisterPage,
  SpecialCategoryReport,
  WarningsReport,
  WithdrawalsReport,
} from './membership-answers.schemas.js';
import {
  applicationView,
  registerLines,
  searchedMembers,
  toCsv,
  withPersons,
  type Entry,
  type RegisterFilter,
} from './register-lines.js';
import { registerYear } from '../projections/register-year.js';
import type { z } from 'zod';

const READERS = ['secretary', 'board'] as const;
const reads = { tags: ['membership'], roles: READERS, readModels: [MEMBER_REGISTER] } as const;

/**
 * The register and the reports auditors and the board ask for, from the register's read model
 * (its lines, the search, the persons and the CSV are put together in `register-lines.ts`).
 */
@Controller('membership')
export class MembershipReportsController {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(STATUTE) private readonly statute: StatuteSource,
    @Inject(BLIND_SEARCH) private readonly search: BlindSearch,
  ) {}

  @Get('register')
  @Operation({
    ...reads,
    summary: 'The member register (libro soci), as it stands or as of a date',
    description:
      'Volunteers form their own section (L. 381/1991 art. 2 c. 1). `asOf` answers from validity intervals. Paginated.',
    query: RegisterQuery,
    response: RegisterPage,
    readModels: [MEMBER_REGISTER, REGISTER_SEARCH],
  })
  async register(@ValidQuery() query: z.infer<typeof RegisterQuery>) {
    let lines = await this.lines(query.asOf, query);
    if (query.q) {
      // Over the whole register before the page is cut: a member number as it is, words by the
      // register's search index (blind hashes of names and fiscal codes), so only the page's
      // members are opened from the vault.
      const found = await this.searched(query.q);
      lines = lines.filter((line) => found(line));
    }
    const page = lines.slice(query.offset, query.offset + query.limit);
    return {
      asOf: query.asOf ?? null,
      total: lines.length,
      limit: query.limit,
      offset: query.offset,
      items: await this.withPersons(page),
    };
  }

  @Get('register/export')
  @Operation({
    ...reads,
    summary: 'The whole register as JSON or CSV (every field of the libro soci)',
    query: ExportQuery,
    produces: ['text/csv'],
  })
  async export(@ValidQuery() query: z.infer<typeof ExportQuery>, @Res({ passthrough: true }) response: Response) {
    const entries = await this.entries(query.asOf);
    if (query.format === 'json') return { asOf: query.asOf ?? null, members: entries };
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="libro-soci${query.asOf ? `-${query.asOf}` : ''}.csv"`);
    return toCsv(entries);
  }

  /** Every line of the libro soci as of a date (the end of the day), persons opened: the export and the printed book. */
  async entries(asOf?: string): Promise<Entry[]> {
    return this.withPersons(await this.lines(asOf, { status: 'all' }));
  }

  @Get('members/:memberId')
  @Operation({
    response: MemberView,
    ...reads,
    summary: 'One member’s register entry with withdrawal and exclusion details',
    params: MemberParams,
  })
  async member(@ValidParams() { memberId }: { memberId: string }) {
    const doc = await this.members().findOne({ _id: memberId });
    if (!doc) throw new NotFoundError('member', memberId);
    const [entry] = await this.withPersons([registerLine(doc)!]);
    return {
      ...entry,
      status: doc.status,
      withdrawal: doc.withdrawal,
      exclusion: doc.exclusion,
      diedOn: doc.diedOn,
      categories: doc.categories,
    };
  }

  @Get('members/:memberId/timeline')
  @Operation({
    tags: ['membership'],
    roles: READERS,
    readModels: [MEMBER_REGISTER, MEMBER_TIMELINE],
    summary: 'Every recorded fact about a member, in the order the book recorded it',
    description:
      'From the application to the erasure: business date, recording time, the key that recorded it and the resolution that caused it. No personal data.',
    params: MemberParams,
    response: MemberTimeline,
  })
  async timeline(@ValidParams() { memberId }: { memberId: string }) {
    const doc = await this.members().findOne({ _id: memberId });
    if (!doc) throw new NotFoundError('member', memberId);
    const entries = await this.projections.collection<TimelineEntryDoc>(MEMBER_TIMELINE, 'entries');
    const found = new Map<string, TimelineEntryDoc>();
    for (const entry of [...(await entries.find({ memberId })), ...(await entries.find({ applicationId: doc.applicationId }))])
      found.set(entry._id, entry);
    const ordered = [...found.values()].sort((a, b) => comparePositions(a.position as Position, b.position as Position));
    return {
      memberId,
      applicationId: doc.applicationId,
      entries: ordered.map(({ _id, applicationId: _a, memberId: _m, ...entry }) => ({ eventId: _id, ...entry })),
    };
  }

  @Get('applications')
  @Operation({ ...reads, summary: 'Membership applications, by date', query: ApplicationsQuery, response: ApplicationsPage })
  async applications(@ValidQuery() query: z.infer<typeof ApplicationsQuery>) {
    const filter: Filter = query.status ? { status: query.status } : {};
    const applications = await this.projections.collection<ApplicationDoc>(MEMBER_REGISTER, 'applications'); // one build for both reads
    const [total, docs] = await Promise.all([
      applications.count(filter),
      applications.find(filter, { sort: { appliedOn: 1, _id: 1 }, skip: query.offset, limit: query.limit }),
    ]);
    return {
      total,
      limit: query.limit,
      offset: query.offset,
      items: await Promise.all(docs.map((doc) => this.applicationView(doc))),
    };
  }

  @Get('applications/:applicationId')
  @Operation({
    ...reads,
    summary: 'One membership application and its status',
    params: ApplicationParams,
    response: ApplicationView,
  })
  async application(@ValidParams() { applicationId }: { applicationId: string }) {
    const doc = await this.applicationsCollection().findOne({ _id: applicationId });
    if (!doc) throw new NotFoundError('membership application', applicationId);
    return this.applicationView(doc);
  }

  @Get('reports/admissions')
  @Operation({
    response: AdmissionsReport,
    ...reads,
    summary: 'Admissions and rejections of a year, with reasons (c.c. art. 2528 c. 5)',
    query: YearQuery,
  })
  async admissions(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    return admissionsOfYear(await this.applicationsCollection().find(), await this.members().find(), year);
  }

  @Get('reports/year')
  @Operation({
    ...reads,
    summary:
      'The year in the register: members by category and section at its start and end, exits with their causes (c.c. art. 2528 c. 5), capital paid up at its end, refunds paid in it',
    query: YearQuery,
    response: RegisterYearReport,
  })
  async year(@ValidQuery() { year }: z.infer<typeof YearQuery>) {
    return registerYear(await this.members().find(), year);
  }

  @Get('reports/overdue-applications')
  @Operation({
    ...reads,
    summary: 'M2: applications undecided after 60 days, and rejections communicated late',
    query: AfterQuery,
    response: OverdueReport,
  })
  async overdue() {
    return overdueApplications(await this.applicationsCollection().find(), this.today());
  }

  @Get('reports/appeals')
  @Operation({ ...reads, summary: 'M3: appeals awaiting the assembly', query: AfterQuery, response: AppealsReport })
  async appeals() {
    return {
      rule: 'M3',
      legalBasis: 'c.c. art. 2528 c. 3',
      awaiting: appealsAwaiting(await this.applicationsCollection().find({ status: 'appealed' })),
    };
  }

  @Get('reports/withdrawals')
  @Operation({
    ...reads,
    summary: 'M7: withdrawal requests awaiting the board, overdue after 60 days',
    query: AfterQuery,
    response: WithdrawalsReport,
  })
  async withdrawals() {
    return {
      rule: 'M7',
      legalBasis: 'c.c. art. 2532 c. 2',
      requests: pendingWithdrawals(await this.members().find(), this.today()),
    };
  }

  @Get('reports/refunds-due')
  @Operation({
    ...reads,
    summary: 'M7b: shares to refund to former members, and by when',
    query: AfterQuery,
    response: RefundsDueReport,
  })
  async refunds() {
    return {
      rule: 'M7b',
      legalBasis: 'c.c. art. 2535 c. 3',
      refunds: refundsDue(await this.members().find({ status: 'ended' }), this.today()),
    };
  }

  @Get('reports/special-category')
  @Operation({
    ...reads,
    summary: 'M7c: members of the special category and the end of their five-year term',
    query: AfterQuery,
    response: SpecialCategoryReport,
  })
  async specialCategory() {
    return {
      rule: 'M7c',
      legalBasis: 'c.c. art. 2527 c. 3',
      members: specialCategoryTerms(await this.members().find({ category: 'special' }), this.today()),
    };
  }

  @Get('reports/composition')
  @Operation({
    ...reads,
    summary: 'Member counts by category over time, and the volunteers’ share',
    query: AfterQuery,
    response: CompositionReport,
  })
  async composition() {
    const series = compositionSeries(await this.compositionChanges().find());
    const last = series.at(-1);
    return { current: last ?? null, volunteerShare: last && last.total ? last.volunteers / last.total : 0, series };
  }

  @Get('reports/warnings')
  @Operation({
    ...reads,
    summary: 'Open warnings: M4 (volunteers above half after an exit), M8 (below the minimum, with the deadline)',
    query: AfterQuery,
    response: WarningsReport,
  })
  async warnings() {
    const series = compositionSeries(await this.compositionChanges().find());
    return { warnings: warnings(series, (await this.statute()).minimumMembers) };
  }

  private lines(asOf: string | undefined, query: RegisterFilter) {
    return registerLines(this.members(), asOf, query);
  }

  private searched(q: string) {
    return searchedMembers(this.search, this.projections.reader<SearchEntryDoc>(REGISTER_SEARCH, 'entries'), q);
  }

  private withPersons(lines: RegisterLine[]): Promise<Entry[]> {
    return withPersons(this.vault, this.members(), lines);
  }

  private applicationView(doc: ApplicationDoc) {
    return applicationView(this.vault, doc);
  }

  private today(): string {
    return businessDate(this.clock.now());
  }
  private members() {
    return this.projections.reader<MemberDoc>(MEMBER_REGISTER, 'members');
  }
  private applicationsCollection() {
    return this.projections.reader<ApplicationDoc>(MEMBER_REGISTER, 'applications');
  }
  private compositionChanges() {
    return this.projections.reader<CompositionChangeDoc>(MEMBER_REGISTER, 'composition');
  }
}
