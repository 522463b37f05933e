// books.print: each legal book of the last full year rendered as PDF/A (`coop books print`
// without recording) on the seed's five-year history, through the service's own queries; and
// report.social: that year's social report as `coop report social` drafts it (its sources read
// from the read models, built, rendered as PDF/A). The history is seeded here, the read models
// caught up, then each document timed on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../dist/app.js';
import { contexts } from '../../dist/contexts.js';
import { loadConfig } from '../../dist/platform/config/config.js';
import { createRuntime } from '../../dist/platform/runtime.js';
import { BookPrinter } from '../../dist/reports/books/book-printer.js';
import { LEGAL_BOOKS } from '../../dist/reports/books/book-printed.js';
import { buildSocialReport } from '../../dist/reports/domain/social-report.js';
import { renderSocialReportPdf } from '../../dist/reports/domain/social-report.render.js';
import { SocialReportSourceReader } from '../../dist/reports/social-report.sources.js';
import { seedHistory } from '../../dist/seed/history.js';
import { rowMain } from '../lib/child.mjs';
import { now } from '../lib/measure.mjs';

rowMain(async ({ dir, members = 1_000, years = 5, until = '2026-01-01' }) => {
  const dataDir = mkdtempSync(join(dir, 'books-'));
  const { eventStoreUrl: _e, mongoDbUrl: _m, ...config } = loadConfig(); // the embedded stores, always
  const runtime = await createRuntime({ ...config, dataDir }, contexts, { logger: pino({ level: 'warn' }) });
  try {
    const seeded = await seedHistory({
      events: runtime.events,
      members,
      years,
      seed: 1,
      until,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
      governance: true,
    });
    const app = await createApp(runtime, { print: () => undefined }); // starts the projections
    await app.init();
    try {
      if (!(await runtime.projections.catchUp(900_000))) throw new Error('the read models did not catch up');
      const year = Number(until.slice(0, 4)) - 1;
      const books = {};
      for (const book of LEGAL_BOOKS) {
        const started = now();
        const { pdf } = await app.get(BookPrinter).render(book, year);
        books[book] = { ms: Math.round(now() - started), pages: pdf.pageCount };
      }
      const started = now();
      const report = buildSocialReport(await app.get(SocialReportSourceReader).read(year));
      const pdf = await renderSocialReportPdf(report, new Date('2026-02-01T00:00:00Z'));
      const social = { ms: Math.round(now() - started), pages: pdf.pageCount };
      return { year, events: seeded.eventsWritten, books, social };
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
