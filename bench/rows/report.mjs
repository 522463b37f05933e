// report.review: `coop report review --year Y` on the seed's five-year history: read the whole
// history, run every review check for the last full year, render the pack as HTML and PDF/A.
// The history is seeded once here (the seed's members, governance, contracts and services).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { contexts } from '../../dist/contexts.js';
import { loadConfig } from '../../dist/platform/config/config.js';
import { createRuntime } from '../../dist/platform/runtime.js';
import { readHistory } from '../../dist/reports/review/review.cli.js';
import { reviewHtml } from '../../dist/reports/review/review-html.js';
import { reviewPack } from '../../dist/reports/review/review-pack.js';
import { reviewPdf } from '../../dist/reports/review/review-pdf.js';
import { seedHistory } from '../../dist/seed/history.js';
import { rowMain } from '../lib/child.mjs';
import { now } from '../lib/measure.mjs';

rowMain(async ({ dir, members = 1_000, years = 5, until = '2026-01-01' }) => {
  const dataDir = mkdtempSync(join(dir, 'review-'));
  const { eventStoreUrl: _e, mongoDbUrl: _m, ...config } = loadConfig(); // the embedded stores, always
  const runtime = await createRuntime({ ...config, dataDir }, contexts, {
    logger: pino({ level: 'warn' }),
  });
  try {
    await seedHistory({
      events: runtime.events,
      members,
      years,
      seed: 1,
      until,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
      governance: true,
    });
    const year = Number(until.slice(0, 4)) - 1;
    const started = now();
    const history = await readHistory(runtime);
    const pack = reviewPack(history, year, '2026-02-01T00:00:00.000Z');
    const html = reviewHtml(pack);
    const pdf = await reviewPdf(pack);
    const elapsedMs = now() - started;
    return {
      elapsedMs,
      events: history.length,
      year,
      htmlBytes: html.length,
      pages: pdf.pageCount,
      outcomes: pack.checks.map((c) => `${c.code}:${c.status}`).join(' '),
    };
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
