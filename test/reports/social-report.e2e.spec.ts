import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { contexts } from '../../src/contexts.js';
import { canRenderPng, readPdf, renderPageToPng } from '../../src/platform/documents/pdf-inspection.js';
import { SECTION_TITLES, type SocialReport } from '../../src/reports/domain/social-report.js';
import { fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';
import { writeFileSync } from 'node:fs';
import { seededDataDir } from '../support/seeded-data-dir.js';

/** Reads a figure's field from its report: a dotted path, or `[key^=prefix].length` / `[key=value].length` over an array. */
const fieldOf = (report: unknown, field: string): unknown => {
  const at = (value: unknown, path: string) =>
    path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
  const filter = /^(?:(.+)\.)?\[(\w+)(\^=|=)([^\]]+)\]\.length$/.exec(field);
  if (filter) {
    const [, path, key, op, wanted] = filter;
    const items = (path ? at(report, path) : report) as Record<string, unknown>[];
    return items.filter((item) => (op === '=' ? String(item[key!]) === wanted : String(item[key!]).startsWith(wanted!))).length;
  }
  return at(report, field);
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
    ({ dir } = await seededDataDir('coop-social-', { members: 80, years: 2, seed: 7 }));
    t = await startTestApp({ COOP_DATA_DIR: dir });
    expect(await t.runtime.projections.catchUp(60_000)).toBe(true);
    key = await t.keyFor('board');
    await recordThroughTheApi(2025);
    expect(await t.runtime.projections.catchUp(60_000)).toBe(true);
  }, 240_000);

  const IDENTITY = {
    name: 'Il Girasole Società Cooperativa Sociale',
    registeredOffice: 'Via Roma 1, 16121 Genova',
    purpose: 'Servizi socio-educativi per l’infanzia e le famiglie (L. 381/1991 art. 1 lett. a)',
    activities: ['nidi d’infanzia', 'assistenza scolastica'],
    territory: 'Città metropolitana di Genova',
  };
  const ECONOMIC = {
    title: 'Dati del bilancio d’esercizio 2025',
    text: 'Importi tratti dal bilancio d’esercizio approvato dall’assemblea.',
    amounts: [
      { label: 'Valore della produzione', amountCents: 1_234_567_00 },
      { label: 'Risultato d’esercizio', amountCents: 12_345_00 },
    ],
  };
  let deadMemberId: string;

  /** What the seed does not record, recorded over HTTP as the secretariat and the board would: the year's other facts. */
  async function recordThroughTheApi(year: number) {
    const secretary = await t.keyFor('secretary');
    const post = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${secretary}`).send(body);
    const settings = (await get('/governance/statute-settings').expect(200)).body.settings;
    await post('/governance/statute-settings', {
      adoptedOn: `${year}-01-15`,
      assemblyResolutionId: `ass-${year}-statute`,
      settings: { ...settings, ...IDENTITY },
    }).expect(201);
    const [unit] = (await get('/services/units').expect(200)).body.units as { unitId: string; name: string }[];
    await post('/services/surveys', {
      kind: 'wellbeing',
      unitId: unit!.unitId,
      period: `${year}`,
      responses: 12,
      meanScore: 4.1,
      recordedOn: `${year}-12-15`,
    }).expect(201);
    await post('/services/surveys', {
      kind: 'satisfaction',
      unitId: unit!.unitId,
      respondents: 'families',
      period: `${year}`,
      responses: 30,
      meanScore: 4.5,
      recordedOn: `${year}-12-15`,
    }).expect(201);
    const volunteer = await post('/work/volunteers', {
      volunteer: { kind: 'non_member', givenName: 'Carla', familyName: 'Blu', fiscalCode: fiscalCodeOf(950) },
      enrolledOn: `${year}-02-01`,
      unit: unit!.name,
      activity: 'laboratorio di lettura',
      contactWithMinors: false,
    }).expect(201);
    const volunteerId = volunteer.body.volunteerId as string;
    await post(`/work/volunteers/${volunteerId}/insurance`, {
      insurer: 'Mutua Assicurazioni',
      policyNumber: `RC-${year}-1`,
      coveredFrom: `${year}-02-01`,
      coveredUntil: `${year}-12-31`,
    }).expect(201);
    await post(`/work/volunteers/${volunteerId}/activities`, {
      date: `${year}-03-10`,
      minutes: 150,
      unit: unit!.name,
      activity: 'laboratorio di lettura',
    }).expect(201);
    const active = (await get(`/membership/register?status=active&asOf=${year}-05-31`).expect(200)).body.items as {
      memberId: string;
      shares: { paidCents: number };
    }[];
    const dead = active.find((m) => m.shares.paidCents > 0)!;
    deadMemberId = dead.memberId;
    await post(`/membership/members/${dead.memberId}/death`, { diedOn: `${year}-06-10` }).expect(201);
    await post(`/membership/members/${dead.memberId}/shares/refunds`, {
      amountCents: dead.shares.paidCents,
      refundedOn: `${year}-09-01`,
    }).expect(201);
    const term = (
      (await get('/governance/board').expect(200)).body.terms as { electedOn: string; directors: { directorId: string }[] }[]
    )
      .filter((x) => x.electedOn <= `${year}-11-20`)
      .at(-1)!;
    const meeting = 'aa000000-0000-4000-8000-000000000001';
    const present = term.directors.map((d) => d.directorId);
    await post(`/governance/board-meetings/${meeting}`, {
      convenedOn: `${year}-11-10`,
      heldOn: `${year}-11-20`,
      place: 'sede',
      agenda: ['partnerships'],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting}/attendance`, { present }).expect(201);
    await post(`/governance/board-meetings/${meeting}/resolutions`, {
      resolutionId: `cda-${year}-11-20-1`,
      item: 1,
      text: 'Joins the local consortium',
      votes: present.map((directorId) => ({ directorId, vote: 'for' })),
      decides: [
        {
          kind: 'agree-partnership',
          partnershipId: 'dd000000-0000-4000-8000-000000000001',
          terms: {
            partner: { name: 'Consorzio Sociale Liguria', kind: 'consortium', fiscalCode: '01234567890', country: 'IT' },
            form: 'consortium_membership',
            purpose: 'joint tenders for educational services',
            scope: 'local',
            startsOn: `${year}-11-20`,
            endsOn: null,
          },
        },
      ],
    }).expect(201);
    await post(`/reports/social/${year}/economic-document`, ECONOMIC).expect(201);
    // the partnership is recorded by the board's process manager: wait for it
    for (let i = 0; i < 200; i++) {
      const inForce = (await get(`/cooperation/partnerships?asOf=${year}-12-31`).expect(200)).body.partnerships;
      if (inForce.length) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Every figure of a year's report against the API report and field it names, read over HTTP. */
  async function figuresMatchTheApi(year: number) {
    const report = (await get(`/reports/social/${year}`).expect(200)).body as SocialReport;
    expect(report.sections.map((s) => s.title)).toEqual([...SECTION_TITLES]);
    const registered = new Set(contexts.flatMap((c) => c.events.map((e) => e.type)));
    const figures = report.sections.flatMap((s) => s.figures);
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
      for (const type of figure.source.eventTypes)
        expect({ figure: figure.label, type, registered: registered.has(type) }).toEqual({
          figure: figure.label,
          type,
          registered: true,
        });
    }
    expect(new Set(figures.map((f) => f.key)).size).toBe(figures.length);
    return { report, figures, value: (label: string) => figures.find((f) => f.label === label)?.value };
  }
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every figure the value of the API report and field it names, the new ones computed', async () => {
    const { report, figures, value } = await figuresMatchTheApi(2025);
    expect(figures.length).toBeGreaterThan(40);
    // the seeded year has members, assemblies, deliveries and children: not an empty report
    expect(value('Soci a fine anno: totale')).toBeGreaterThan(0);
    expect(value('Assemblee tenute')).toBeGreaterThan(0);
    expect(value('Minori serviti')).toBeGreaterThan(0);
    // what the seed and the API recorded above: every new figure computed
    for (const label of [
      'Attività statutarie registrate',
      'Unità operative registrate',
      'Soci a inizio anno: sezione ordinaria',
      'Soci a fine anno: sezione dei soci volontari',
      'Cessazioni nell’anno',
      'Cessazioni per decesso',
      'Consiglieri in carica al 31/12',
      'Riunioni del consiglio di amministrazione',
      'Accordi di collaborazione in essere al 31/12',
      'Contratti di lavoro in vigore al 31/12',
      'Ore settimanali contrattuali',
      'Lavoratori soci',
      'Lavoratori non soci',
      'Ore di volontariato: laboratorio di lettura',
      'Indagini sul benessere dei lavoratori',
      'Indagini di soddisfazione registrate',
      'Ore di servizio erogate da personale',
      'Capitale sociale versato al 31/12',
      'Rimborsi di quote nell’anno',
      'Importo delle quote rimborsate nell’anno',
      'Valore della produzione',
      'Risultato d’esercizio',
    ])
      expect({ label, value: value(label) }).toEqual({ label, value: expect.any(Number) });
    expect(value('Cessazioni per decesso')).toBeGreaterThanOrEqual(1);
    expect(value('Accordi di collaborazione in essere al 31/12')).toBe(1);
    expect(value('Valore della produzione')).toBe(1_234_567_00);
    expect(figures.some((f) => f.label.startsWith('Ore previste, convenzione') && f.value !== null)).toBe(true);
    expect(figures.some((f) => f.label.startsWith('Benessere dei lavoratori, ') && f.value === 4.1)).toBe(true);
    expect(figures.some((f) => f.label.startsWith('Contratti di livello ') && f.value !== null)).toBe(true);
    const general = report.sections[1]!.paragraphs.join(' ');
    expect(general).toContain(`Denominazione: ${IDENTITY.name}.`);
    expect(general).toContain(`Territorio di riferimento: ${IDENTITY.territory}.`);
    expect(report.sections[3]!.paragraphs.join(' ')).toMatch(
      /Compensi ai titolari di cariche sociali: non rilevato \(nessun evento/,
    );
    const board = report.sections[2]!.tables.find((x) => x.columns[0] === 'Consigliere')!;
    expect(board.rows.length).toBe(value('Consiglieri in carica al 31/12'));
    const exits = report.sections[2]!.tables.find((x) => x.columns[3] === 'Causa')!;
    expect(exits.rows.map((r) => r[3])).toContain('decesso');
  });

  it('says "non rilevato", never 0, for each new figure of a year with nothing recorded, and the API gives nothing there', async () => {
    const { report, value } = await figuresMatchTheApi(2019);
    for (const label of [
      'Soci a fine anno: totale',
      'Soci a fine anno: sezione dei soci volontari',
      'Cessazioni nell’anno',
      'Consiglieri in carica al 31/12',
      'Riunioni del consiglio di amministrazione',
      'Accordi di collaborazione in essere al 31/12',
      'Contratti di lavoro in vigore al 31/12',
      'Lavoratori soci',
      'Indagini sul benessere dei lavoratori',
      'Indagini di soddisfazione registrate',
      'Ore di servizio erogate da personale',
      'Capitale sociale versato al 31/12',
      'Importo delle quote rimborsate nell’anno',
      'Documento economico: importi',
    ])
      expect({ label, value: value(label) }).toEqual({ label, value: null });
    expect(report.sections[5]!.paragraphs.join(' ')).toContain(
      'Documento economico della cooperativa (altri dati economici): non rilevato.',
    );
    const html = (await get('/reports/social/2019?format=html').expect(200)).text;
    expect(html).toMatch(/Indagini di soddisfazione registrate<\/td><td class="num">non rilevato/);
    expect(html).toMatch(/Capitale sociale versato al 31\/12<\/td><td class="num">non rilevato/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('<link rel="stylesheet" href="/reports/social/style.css">');
  });

  it('lists the events behind a figure (GET /reports/social/{year}/figures/{key})', async () => {
    const report = (await get('/reports/social/2025').expect(200)).body as SocialReport;
    const deaths = report.sections.flatMap((s) => s.figures).find((f) => f.label === 'Cessazioni per decesso')!;
    const answer = (await get(`/reports/social/2025/figures/${deaths.key}`).expect(200)).body;
    expect(answer.figure).toEqual(deaths);
    expect(answer.count).toBe(answer.events.length);
    const listed = new Set(answer.events.map((e: { id: string }) => e.id));
    const ofTheDeath: string[] = [];
    for await (const e of t.runtime.events.readAll({ types: deaths.source.eventTypes }))
      if ((e.data as { memberId?: string }).memberId === deadMemberId) ofTheDeath.push(e.id);
    expect(ofTheDeath.length).toBeGreaterThan(0);
    for (const id of ofTheDeath) expect(listed.has(id)).toBe(true);
    for (const e of answer.events) {
      expect(deaths.source.eventTypes).toContain(e.type);
      expect(e.occurredOn >= '2025-01-01' && e.occurredOn <= '2025-12-31').toBe(true);
    }
    const document = report.sections[5]!.figures.find((f) => f.label === 'Valore della produzione')!;
    const recorded = (await get(`/reports/social/2025/figures/${document.key}`).expect(200)).body;
    expect(recorded.events.map((e: { type: string }) => e.type)).toEqual(['SocialReportEconomicDocumentRecorded']);
    await get('/reports/social/2025/figures/s3-no-such-figure').expect(404);
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
    // the new sections' text: the statute's identity, exits by cause, the board, people, agreements, the economic document
    for (const words of [
      IDENTITY.name,
      IDENTITY.registeredOffice,
      'Cessazioni per decesso',
      'Consiglieri in carica al 31/12',
      'Consorzio Sociale Liguria',
      'Contratti di lavoro in vigore al 31/12',
      'laboratorio di lettura',
      'Benessere dei lavoratori',
      'Ore previste',
      'Capitale sociale versato al 31/12',
      ECONOMIC.title,
      'Valore della produzione',
      // the charts' own text, drawn by ECharts' SVG with the shipped font
      'Soci per categoria al 31/12/2025',
    ])
      expect({ words, found: text.includes(words) }).toEqual({ words, found: true });
    expect(read.xmp).toMatch(/pdfaid:part(>|=")2/);
    expect(read.fonts.every((f) => f.embedded)).toBe(true);
    if (await canRenderPng()) {
      const page = read.pages.findIndex((p) => p.includes('Soci per categoria al 31/12/2025')) + 1;
      expect(page).toBeGreaterThan(0);
      const png = await renderPageToPng(bytes, page);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      if (process.env.SOCIAL_REPORT_PNG) writeFileSync(process.env.SOCIAL_REPORT_PNG, png);
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
      // the economic document is fixed with the report: a new one is a clash with the record
      const late = await t
        .http()
        .post('/reports/social/2025/economic-document')
        .set('Authorization', `Bearer ${secretary}`)
        .send({ ...ECONOMIC, title: 'Dati rettificati' })
        .expect(409);
      expect(late.body.code).toBe('SOCIAL_REPORT_APPROVED');
      const kept = (await get('/reports/social/2025/economic-document').expect(200)).body;
      expect(kept.document).toMatchObject({ title: ECONOMIC.title });
    });
  });
});
