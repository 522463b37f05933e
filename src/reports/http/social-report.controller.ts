import { Controller, Get, Inject, Res, StreamableFile } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CommandProcessor, type CommandMetadata } from '../../platform/commands/command-processor.js';
import { invalidField, NotFoundError, stateConflict } from '../../platform/errors/domain-errors.js';
import type { EventStore } from '../../platform/event-store/event-store.js';
import { businessDate } from '../../platform/clock.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import {
  EconomicDocumentContent,
  economicDocumentSha256,
  SocialReportEconomicDocumentRecorded,
  socialReportDecider,
  socialReportStream,
} from '../domain/social-report-approval.js';
import type { Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CLOCK, EVENT_STORE } from '../../platform/http/tokens.js';
import { buildSocialReport } from '../domain/social-report.js';
import { SOCIAL_REPORT_CSS } from '../domain/social-report.style.js';
import { economicDocumentOf, SocialReportSourceReader } from '../social-report.sources.js';
import { refusalsOf } from './refusals.js';
import { lazy } from '../../platform/lazy.js';

const YearParams = z.object({ year: z.coerce.number().int().min(1900).max(2999) });
const FormatQuery = z.object({ format: z.enum(['json', 'html', 'pdf']).default('json') });
const READERS = ['board', 'secretary'] as const;
/** The rendering (echarts, pdfkit), loaded by the first report rendered: a service that renders none never holds it. */
const rendering = lazy(() => import('../domain/social-report.render.js'));
const ApprovalBody = z.object({ assemblyResolutionId: z.string().min(1) });
const EconomicDocumentView = z.object({
  year: z.number().int(),
  document: SocialReportEconomicDocumentRecorded.schema.nullable().describe('null until the cooperative enters one'),
});
const FigureView = z.object({
  year: z.number().int(),
  figure: z.object({
    key: z.string(),
    label: z.string(),
    value: z.number().nullable().describe('null: non rilevato'),
    unit: z.enum(['count', 'hours', 'cents', 'ratio', 'share', 'score']),
    source: z.object({
      report: z.string().describe('the API report (GET) the value is read from'),
      field: z.string(),
      eventTypes: z.array(z.string()),
      from: z.string().nullable(),
      to: z.string(),
    }),
  }),
  count: z.number().int(),
  events: z.array(z.object({ id: z.string(), type: z.string(), stream: z.string(), occurredOn: z.string() })),
});
const FigureParams = YearParams.extend({
  key: z
    .string()
    .regex(/^s[1-7]-[a-z0-9-]+$/)
    .max(300),
});
/** The governance read model of resolutions, by its public name (a read model, not governance's domain). */
const DECISION_TRAIL = 'decision-trail';
type ResolutionView = { _id: string; body: 'board' | 'assembly'; outcome: 'adopted' | 'rejected' };

/** The social report of a year (bilancio sociale, D.Lgs. 112/2017 art. 9 c. 2; DM 4 luglio 2019). */
@Controller('reports/social')
export class SocialReportController {
  constructor(
    @Inject(SocialReportSourceReader) private readonly sources: SocialReportSourceReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @CommandRoute(':year/economic-document', {
    ...refusalsOf('RecordEconomicDocument'),
    roles: ['secretary'],
    tags: ['reports'],
    summary: 'Enter the economic document of a year’s social report (other economic figures, included in section 6)',
    description:
      'Records `SocialReportEconomicDocumentRecorded` with the document and the sha256 of its canonical JSON; a later one replaces it. 409 SOCIAL_REPORT_APPROVED once the report is approved: it is fixed.',
    params: YearParams,
    body: EconomicDocumentContent,
    example: {
      request: {
        title: 'Rendiconto economico 2025',
        text: 'Dati del bilancio d’esercizio approvato dall’assemblea del 28 aprile 2026.',
        amounts: [
          { label: 'Valore della produzione', amountCents: 184_250_000 },
          { label: 'Costo del personale', amountCents: 139_870_000 },
          { label: 'Risultato d’esercizio', amountCents: 2_315_000 },
        ],
      },
    },
  })
  async recordEconomicDocument(
    @ValidParams() { year }: z.infer<typeof YearParams>,
    @ValidBody() body: z.infer<typeof EconomicDocumentContent>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const result = await this.commands.execute(
      socialReportStream(year),
      socialReportDecider,
      { type: 'RecordEconomicDocument', year, ...body },
      meta,
    );
    return { ...result, year, sha256: economicDocumentSha256(body) };
  }

  @Get(':year/economic-document')
  @Operation({
    roles: READERS,
    tags: ['reports'],
    summary: 'The economic document entered for a year’s social report (`document` null when none was entered)',
    params: YearParams,
    response: EconomicDocumentView,
  })
  async economicDocument(@ValidParams() { year }: z.infer<typeof YearParams>) {
    return economicDocumentOf(this.commands, year);
  }

  @Get(':year/figures/:key')
  @Operation({
    roles: READERS,
    tags: ['reports'],
    summary: 'One figure of the social report with the events behind it',
    description:
      'The figure as the report gives it (its API report, field and event types) and the ids of the recorded events of those types that occurred in its period (`from`–`to`, business dates): the events the figure is computed from. 404 if the report has no figure by that key.',
    params: FigureParams,
    response: FigureView,
  })
  async figure(@ValidParams() { year, key }: z.infer<typeof FigureParams>) {
    const report = buildSocialReport(await this.sources.read(year));
    const figure = report.sections.flatMap((s) => s.figures).find((f) => f.key === key);
    if (!figure) throw new NotFoundError('figure of the social report', `${year}/${key}`);
    const { from, to, eventTypes } = figure.source;
    const events: { id: string; type: string; stream: string; occurredOn: string }[] = [];
    for await (const event of this.events.readAll({ types: eventTypes })) {
      const occurredOn = businessDayOf(event.data, event.metadata.occurredAt);
      if ((from !== null && occurredOn < from) || occurredOn > to) continue;
      // The economic document belongs to its year's report, whenever it was entered.
      if (event.type === SocialReportEconomicDocumentRecorded.type && event.stream !== socialReportStream(year)) continue;
      events.push({ id: event.id, type: event.type, stream: event.stream, occurredOn });
    }
    return { year, figure, count: events.length, events };
  }

  @CommandRoute(':year/approval', {
    ...refusalsOf('ApproveSocialReport'),
    example: { request: { assemblyResolutionId: 'ass-2026-04-28-2' } },
    roles: ['secretary'],
    tags: ['reports'],
    summary: 'Record the assembly’s approval of the social report of a year: the document is fixed from then on',
    description:
      'Prints the report as it stands and records `SocialReportApproved` with the PDF, its sha256 and the adopted assembly resolution. 400 UNKNOWN_REFERENCE if the resolution names nothing; 409 RESOLUTION_NOT_ADOPTED if it is not an adopted assembly resolution; 409 SOCIAL_REPORT_APPROVED once approved.',
    params: YearParams,
    body: ApprovalBody,
  })
  async approve(
    @ValidParams() { year }: z.infer<typeof YearParams>,
    @ValidBody() { assemblyResolutionId }: z.infer<typeof ApprovalBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const resolutions = await this.projections.collection<ResolutionView>(DECISION_TRAIL, 'resolutions');
    const resolution = await resolutions.findOne({ _id: assemblyResolutionId });
    if (!resolution)
      throw invalidField('assemblyResolutionId', 'UNKNOWN_REFERENCE', `no resolution ${assemblyResolutionId} is recorded`);
    if (resolution.body !== 'assembly' || resolution.outcome !== 'adopted')
      throw stateConflict('RESOLUTION_NOT_ADOPTED', `resolution ${assemblyResolutionId} is not an adopted assembly resolution`);
    const { state } = await this.commands.load(socialReportStream(year), socialReportDecider);
    if (state.approved)
      throw stateConflict('SOCIAL_REPORT_APPROVED', `the social report of ${year} is approved already: it is fixed`);
    const { renderSocialReportPdf } = await rendering();
    const pdf = await renderSocialReportPdf(buildSocialReport(await this.sources.read(year)), this.clock.now());
    const result = await this.commands.execute(
      socialReportStream(year),
      socialReportDecider,
      { type: 'ApproveSocialReport', year, sha256: pdf.sha256, assemblyResolutionId, document: pdf.bytes.toString('base64') },
      meta,
    );
    return { ...result, year, sha256: pdf.sha256 };
  }

  @Get('style.css')
  @Operation({
    roles: 'public',
    tags: ['reports'],
    summary: 'The stylesheet of the social report’s HTML page',
    produces: ['text/css'],
  })
  style(@Res({ passthrough: true }) response: Response) {
    response.setHeader('Content-Type', 'text/css; charset=utf-8');
    return SOCIAL_REPORT_CSS;
  }

  @Get(':year')
  @Operation({
    roles: READERS,
    tags: ['reports'],
    summary: 'The social report of a year, by the sections of DM 4/7/2019, as JSON, HTML or PDF/A',
    description:
      'Each figure names the API report and field it is read from and the event types behind it; a figure not recorded that year reads "non rilevato". The PDF is PDF/A-2b; its sha256 is in the `X-Content-SHA256` header.',
    params: YearParams,
    query: FormatQuery,
    produces: ['text/html', 'application/pdf'],
  })
  async report(
    @ValidParams() { year }: z.infer<typeof YearParams>,
    @ValidQuery() { format }: z.infer<typeof FormatQuery>,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (format === 'pdf') {
      const { state } = await this.commands.load(socialReportStream(year), socialReportDecider);
      if (state.approved) {
        const bytes = Buffer.from(state.approved.document, 'base64');
        if (createHash('sha256').update(bytes).digest('hex') !== state.approved.sha256)
          throw stateConflict('SOCIAL_REPORT_ALTERED', `the approved social report of ${year} does not match its recorded hash`);
        response.setHeader('Content-Type', 'application/pdf');
        response.setHeader('Content-Disposition', `inline; filename="bilancio-sociale-${year}.pdf"`);
        response.setHeader('X-Content-SHA256', state.approved.sha256);
        response.setHeader('X-Social-Report-Status', 'approved');
        return new StreamableFile(bytes, { type: 'application/pdf' });
      }
    }
    const report = buildSocialReport(await this.sources.read(year));
    if (format === 'json') return report;
    if (format === 'html') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      return (await rendering()).socialReportHtml(report, '/reports/social/style.css');
    }
    const pdf = await (await rendering()).renderSocialReportPdf(report, this.clock.now());
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="bilancio-sociale-${year}.pdf"`);
    response.setHeader('X-Content-SHA256', pdf.sha256);
    response.setHeader('X-Social-Report-Status', 'draft');
    return new StreamableFile(pdf.bytes, { type: 'application/pdf' });
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The business day an event records: its own date field (`date`, else the first `…On` field,
 * e.g. `diedOn`, `heldOn`, `paidOn`), as the secretariat enters facts after they happen; the
 * day it was recorded only for an event that carries no date of its own.
 */
const businessDayOf = (data: unknown, occurredAt: string): string => {
  const fields = Object.entries((data ?? {}) as Record<string, unknown>);
  const own =
    fields.find(([k, v]) => k === 'date' && typeof v === 'string' && DAY.test(v)) ??
    fields.find(([k, v]) => k.endsWith('On') && typeof v === 'string' && DAY.test(v));
  return own ? (own[1] as string) : businessDate(new Date(occurredAt));
};
