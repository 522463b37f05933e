#!/usr/bin/env node
// The first page of the social report and of the review pack as PNG under docs/, made the way
// the service makes them, over a seeded history (the seed's members, governance, contracts and
// services, five years up to 1 January 2026), sealed, for the year 2025:
//
//   docs/bilancio-sociale-p1.png   the social report's draft (coop report social)
//   docs/revisione-p1.png          the review pack (coop report review --format pdf)
//
// `npm run docs:pages` runs it, then the legal books' e2e test with COOP_BOOKS_PNG_DIR=docs,
// which writes docs/libro-<book>-p1.png from its history (the seed keeps no register of
// volunteers; that test records one through the API).
//
// Rerun it whenever a document's layout changes (the social report's charts, a book's columns):
// the history and the clock are fixed, so only a change of the documents changes the pages.
// Needs `pdftoppm` (Debian's poppler-utils). --out DIR writes elsewhere; --members N (default 200).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';

const root = join(new URL('.', import.meta.url).pathname, '..');
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'docs') }, members: { type: 'string', default: '200' } },
});
const dist = (path) => import(join(root, 'dist', path));
const [
  { contexts },
  { loadConfig },
  { createRuntime },
  { FixedClock },
  { seedHistory },
  { sealHistory },
  { withCaughtUpApp },
  { readHistory },
  { reviewPack },
  { reviewPdf },
  { buildSocialReport },
  { renderSocialReportPdf },
  { SocialReportSourceReader },
  { canRenderPng, renderPageToPng },
  { recordedCooperativeName },
  { SEED_STATUTE },
] = await Promise.all(
  [
    'contexts.js',
    'platform/config/config.js',
    'platform/runtime.js',
    'platform/clock.js',
    'seed/history.js',
    'audit/seal.js',
    'reports/cli-app.js',
    'reports/review/review.cli.js',
    'reports/review/review-pack.js',
    'reports/review/review-pdf.js',
    'reports/domain/social-report.js',
    'reports/http/social-report.controller.js',
    'reports/social-report.sources.js',
    'platform/documents/pdf-inspection.js',
    'governance/public.js',
    'seed/governance.js',
  ].map(dist),
);

if (!(await canRenderPng())) {
  console.error('pdftoppm is not installed (Debian: apt-get install poppler-utils): no page can be drawn');
  process.exit(1);
}
const YEAR = 2025;
const dataDir = mkdtempSync(join(tmpdir(), 'coop-docs-pages-'));
const clock = new FixedClock('2026-02-01T09:00:00Z');
const {
  eventStoreUrl: _e,
  mongoDbUrl: _m,
  ...config
} = loadConfig({
  ...process.env,
  COOP_DATA_DIR: dataDir,
  COOP_NAME: process.env.COOP_NAME ?? 'Cooperativa sociale Il Girasole',
});
const runtime = await createRuntime({ ...config, dataDir }, contexts, { logger: pino({ level: 'warn' }), clock });
const pages = [];
const page = async (name, pdf) => {
  const file = join(values.out, `${name}-p1.png`);
  writeFileSync(file, await renderPageToPng(pdf, 1, 110));
  pages.push(file);
  console.log(`${file} (${name}, page 1)`);
};
try {
  mkdirSync(values.out, { recursive: true });
  console.log(`seeding ${values.members} members over five years in ${dataDir} …`);
  await seedHistory({
    events: runtime.events,
    members: Number(values.members),
    years: 5,
    seed: 1,
    until: '2026-01-01',
    governance: true,
    statute: SEED_STATUTE,
    vault: runtime.vault,
    blindIndex: runtime.blindIndex,
  });
  await sealHistory(runtime.events, { keyId: 'docs', role: 'admin' }, { clock, commandId: 'docs-pages-seal' });
  await withCaughtUpApp(runtime, async (app) => {
    const report = buildSocialReport(await app.get(SocialReportSourceReader).read(YEAR));
    await page('bilancio-sociale', (await renderSocialReportPdf(report, clock.now())).bytes);
    // Headed as `coop report review` heads it: the name the statute settings record, else COOP_NAME.
    const cooperative = await recordedCooperativeName(runtime.events, config.cooperativeName, `${YEAR}-12-31`);
    const pack = reviewPack(await readHistory(runtime), YEAR, clock.now().toISOString(), cooperative);
    await page('revisione', (await reviewPdf(pack)).bytes);
  });
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${pages.length} pages written`);
