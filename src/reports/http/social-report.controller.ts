import { Controller, Get, Inject, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import { renderPdf } from '../../platform/documents/pdf-document.js';
import { Operation, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { CLOCK } from '../../platform/http/tokens.js';
import { buildSocialReport } from '../domain/social-report.js';
import { SOCIAL_REPORT_CSS, socialReportBlocks, socialReportHtml } from '../domain/social-report.render.js';
import { SocialReportSourceReader } from '../social-report.sources.js';

const YearParams = z.object({ year: z.coerce.number().int().min(1900).max(2999) });
const FormatQuery = z.object({ format: z.enum(['json', 'html', 'pdf']).default('json') });
const READERS = ['board', 'secretary'] as const;

/** The social report of a year (bilancio sociale, D.Lgs. 112/2017 art. 9 c. 2; DM 4 luglio 2019). */
@Controller('reports/social')
export class SocialReportController {
  constructor(
    @Inject(SocialReportSourceReader) private readonly sources: SocialReportSourceReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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
    const report = buildSocialReport(await this.sources.read(year));
    if (format === 'json') return report;
    if (format === 'html') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      return socialReportHtml(report, '/reports/social/style.css');
    }
    const pdf = await renderSocialReportPdf(report, this.clock.now());
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="bilancio-sociale-${year}.pdf"`);
    response.setHeader('X-Content-SHA256', pdf.sha256);
    return new StreamableFile(pdf.bytes, { type: 'application/pdf' });
  }
}

export const renderSocialReportPdf = (report: ReturnType<typeof buildSocialReport>, createdAt: Date) =>
  renderPdf({
    title: report.title,
    subject: 'Bilancio sociale (D.Lgs. 112/2017 art. 9 c. 2; DM 4 luglio 2019)',
    keywords: ['bilancio sociale', `${report.year}`],
    createdAt,
    header: () => report.title,
    footer: (page) => `Pagina ${page.number} di ${page.count}`,
    blocks: socialReportBlocks(report),
  });
