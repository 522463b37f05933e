import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { contexts } from '../../src/contexts.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { canRenderPng, readPdf, renderPageToPng } from '../../src/platform/documents/pdf-inspection.js';
import { createRuntime } from '../../src/platform/runtime.js';
import { SECTION_TITLES, type SocialReport } from '../../src/reports/domain/social-report.js';
import { seedHistory } from '../../src/seed/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Reads a figure's field from its report: a dotted path, or `[date^=Y].length` over an array. */
const fieldOf = (report: unknown, field: string): unknown => {
  const filter = /^\[(\w+)\^=([^\]]+)\]\.length$/.exec(field);
  if (filter)
    return (report as Record<string, string>[]).filter((item) => String(item[filter[1]!]).startsWith(filter[2]!)).length;
  return field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], report);
};

const binary = (res: NodeJS.ReadableStream, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('the social report of a seeded year', () => {
  let t: TestApp;
  let dir: string;
  let key: string;
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${key}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-social-'));
    const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dir }), contexts, { logger: pino({ level: 'silent' }) });
    await seedHistory({
      events: runtime.events,
      members: 80,
      years: 2,
      seed: 7,
      batchSize: 40,
      governance: true,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
    });
    await runtime.close();
    t = await startTestApp({ COOP_DATA_DIR: dir });
    expect(await t.runtime.projections.catchUp(60_000)).toBe(true);
    key = await t.keyFor('board');
  }, 240_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every figure the value of the API report and field it names', async () => {
    const report = (await get('/reports/social/2025').expect(200)).body as SocialReport;
    expect(report.sections.map((s) => s.title)).toEqual([...SECTION_TITLES]);
    const figures = report.sections.flatMap((s) => s.figures);
    expect(figures.length).toBeGreaterThan(20);
    const answers = new Map<string, unknown>();
    for (const figure of figures) {
      if (!answers.has(figure.source.report))
        answers.set(figure.source.report, (await get(figure.source.report).expect(200)).body);
      const expected = fieldOf(answers.get(figure.source.report), figure.source.field) ?? null;
      expect({ label: figure.label, value: figure.value }).toEqual({
        label: figure.label,
        value: figure.value === null ? null : expected,
      });
      if (figure.value === null) expect([null, 0, undefined]).toContain(expected);
      expect(figure.source.eventTypes.length).toBeGreaterThan(0);
    }
    // the seeded year has members, assemblies, deliveries and children: not an empty report
    const value = (label: string) => figures.find((f) => f.label === label)?.value;
    expect(value('Soci a fine anno: totale')).toBeGreaterThan(0);
    expect(value('Assemblee tenute')).toBeGreaterThan(0);
    expect(value('Minori serviti')).toBeGreaterThan(0);
  });

  it('says "non rilevato" for a year without a satisfaction survey, instead of 0', async () => {
    expect((await get('/services/reports/surveys?year=2025').expect(200)).body.surveys).toEqual([]);
    const report = (await get('/reports/social/2025').expect(200)).body as SocialReport;
    const survey = report.sections[4]!.figures.find((f) => f.source.report.startsWith('/services/reports/surveys'));
    expect(survey?.value).toBeNull();
    const html = (await get('/reports/social/2025?format=html').expect(200)).text;
    expect(html).toMatch(/Indagini di soddisfazione registrate<\/td><td class="num">non rilevato/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('<link rel="stylesheet" href="/reports/social/style.css">');
  });

  it('prints a PDF/A with every section title, that renders', async () => {
    const response = await get('/reports/social/2025?format=pdf')
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/application\/pdf/);
    const bytes = response.body as Buffer;
    const read = await readPdf(bytes);
    expect(read.pageCount).toBeGreaterThanOrEqual(2);
    const text = read.pages.join(' ');
    for (const [i, title] of SECTION_TITLES.entries()) expect(text).toContain(`${i + 1}. ${title}`);
    expect(text).toContain('non rilevato');
    expect(read.xmp).toMatch(/pdfaid:part(>|=")2/);
    expect(read.fonts.every((f) => f.embedded)).toBe(true);
    if (await canRenderPng()) {
      const png = await renderPageToPng(bytes, 1);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
  });

  describe('approved by the assembly', () => {
    const pdfOf = async () => {
      const response = await get('/reports/social/2025?format=pdf')
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      return {
        bytes: response.body as Buffer,
        status: response.headers['x-social-report-status'],
        sha256: response.headers['x-content-sha256'],
      };
    };

    it('refuses a resolution that names nothing (400 UNKNOWN_REFERENCE on body.assemblyResolutionId)', async () => {
      const response = await t
        .http()
        .post('/reports/social/2025/approval')
        .set('Authorization', `Bearer ${await t.keyFor('secretary')}`)
        .send({ assemblyResolutionId: 'no-such-resolution' })
        .expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ path: 'body.assemblyResolutionId', code: 'UNKNOWN_REFERENCE' }),
      ]);
    });

    it('fixes the document: later GETs are byte-identical to the approved hash, and a second approval is refused (409)', async () => {
      const resolutions = await t.runtime.projections.collection<{ _id: string; body: string; outcome: string }>(
        'decision-trail',
        'resolutions',
      );
      const adopted = (await resolutions.find()).find((r) => r.body === 'assembly' && r.outcome === 'adopted');
      expect(adopted).toBeDefined();
      const secretary = await t.keyFor('secretary');
      const draft = await pdfOf();
      expect(draft.status).toBe('draft');
      const approved = await t
        .http()
        .post('/reports/social/2025/approval')
        .set('Authorization', `Bearer ${secretary}`)
        .send({ assemblyResolutionId: adopted!._id })
        .expect(201);
      t.clock.advance(86_400_000); // a draft printed now would carry another creation date
      const first = await pdfOf();
      const second = await pdfOf();
      expect(first.status).toBe('approved');
      expect(first.sha256).toBe(approved.body.sha256);
      expect(createHash('sha256').update(first.bytes).digest('hex')).toBe(approved.body.sha256);
      expect(Buffer.compare(first.bytes, second.bytes)).toBe(0);
      const again = await t
        .http()
        .post('/reports/social/2025/approval')
        .set('Authorization', `Bearer ${secretary}`)
        .send({ assemblyResolutionId: adopted!._id })
        .expect(409);
      expect(again.body.code).toBe('SOCIAL_REPORT_APPROVED');
    });
  });
});
