import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealHistory } from '../../src/audit/seal.js';
import { italianDate } from '../../src/platform/documents/dates.js';
import { canRenderPng, readPdf, renderPageToPng } from '../../src/platform/documents/pdf-inspection.js';
import { booksCommands } from '../../src/reports/books/books.cli.js';
import { fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';
import { seededDataDir } from '../support/seeded-data-dir.js';
import { SEED_STATUTE } from '../../src/seed/governance.js';

const binary = (res: NodeJS.ReadableStream, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const COOPERATIVE = SEED_STATUTE.name!;

describe('the legal books as PDF/A, on a seeded history', () => {
  let t: TestApp;
  let dir: string;
  let secretary: string;
  let board: string;
  const pdf = async (path: string, key = board) =>
    (
      await t
        .http()
        .get(path)
        .set('Authorization', `Bearer ${key}`)
        .buffer(true)
        .parse(binary as never)
        .expect(200)
    ).body as Buffer;
  const print = (book: string, year: number) =>
    t.http().post(`/books/${book}/${year}/prints`).set('Authorization', `Bearer ${secretary}`).send({});
  const seal = () => sealHistory(t.runtime.events, { keyId: 'test', role: 'admin' }, { clock: t.clock });

  beforeAll(async () => {
    ({ dir } = await seededDataDir('coop-books-', { members: 60, years: 2, seed: 11 }));
    t = await startTestApp({ COOP_DATA_DIR: dir, COOP_NAME: COOPERATIVE });
    expect(await t.runtime.projections.catchUp(60_000)).toBe(true);
    secretary = await t.keyFor('secretary');
    board = await t.keyFor('board');
  }, 240_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the libro soci of a year: heading, every member with fiscal code, "pagina", PDF/A-2 with fonts embedded', async () => {
    const bytes = await pdf('/books/register/2025.pdf');
    const read = await readPdf(bytes);
    const text = read.pages.join('\n');
    expect(read.pages.every((page) => page.includes(COOPERATIVE) && page.includes('Libro soci'))).toBe(true);
    read.pages.forEach((page, i) => expect(page).toContain(`pagina ${i + 1}`));
    const { members } = (
      await t.http().get('/membership/register/export?asOf=2025-12-31').set('Authorization', `Bearer ${board}`).expect(200)
    ).body as { members: Array<{ memberNumber: number; name: string; fiscalCode: string; exit: { date: string } | null }> };
    const onTheBook = members.filter((m) => !m.exit || m.exit.date >= '2025-01-01');
    expect(onTheBook.length).toBeGreaterThan(10);
    for (const member of onTheBook) {
      expect(text).toContain(member.name);
      expect(text).toContain(member.fiscalCode);
    }
    expect(read.xmp).toMatch(/pdfaid:part(>|=")2/);
    expect(read.fonts.every((f) => f.embedded)).toBe(true);
  });

  it('says on each page that the book is not yet sealed, until a seal covers its last entry; then names that seal', async () => {
    const unsealed = await readPdf(await pdf('/books/board/2025.pdf'));
    expect(unsealed.pages.every((page) => page.includes('non ancora sigillate'))).toBe(true);
    const receipt = await seal();
    const sealed = await readPdf(await pdf('/books/board/2025.pdf'));
    for (const page of sealed.pages) {
      expect(page).toContain(`radice ${receipt.logRoot}`);
      expect(page).toContain(`${receipt.treeSize} eventi`);
      expect(page).not.toContain('non ancora sigillate');
    }
  });

  it('prints the board’s book with each meeting from a new page and every director’s vote', async () => {
    const { meetings } = (
      await t.http().get('/governance/books/board?year=2025').set('Authorization', `Bearer ${board}`).expect(200)
    ).body as { meetings: Array<{ heldOn: string; resolutions: Array<{ resolution: { resolutionId: string } }> }> };
    expect(meetings.length).toBeGreaterThan(1);
    const read = await readPdf(await pdf('/books/board/2025.pdf'));
    expect(read.pageCount).toBeGreaterThanOrEqual(meetings.length);
    meetings.forEach((meeting) => {
      const page = read.pages.findIndex((p) =>
        p.includes(`Riunione del consiglio di amministrazione del ${italianDate(meeting.heldOn)}`),
      );
      expect(page).toBeGreaterThanOrEqual(0);
      // a new page: its heading is the first thing under the page's header
      expect(read.pages[page]!.indexOf(`Riunione del consiglio`)).toBeLessThan(read.pages[page]!.indexOf('Ordine del giorno'));
      for (const r of meeting.resolutions) expect(read.pages.join('\n')).toContain(`Delibera ${r.resolution.resolutionId}`);
    });
    expect(read.pages.join('\n')).toMatch(/favorevole/);
  });

  it('renders the same bytes twice (deterministic), and a print records their sha256 once', async () => {
    await seal();
    const first = await pdf('/books/register/2024.pdf');
    t.clock.advance(3_600_000); // an hour later, the same entries under the same seal
    const second = await pdf('/books/register/2024.pdf', secretary);
    expect(second.equals(first)).toBe(true);
    const printed = (await print('register', 2024).expect(201)).body;
    expect(printed).toMatchObject({ recorded: true, sha256: sha256(first), firstPage: 1, stream: 'legalBook-register-2024' });
    const events = [];
    for await (const event of t.runtime.events.readStream('legalBook-register-2024')) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['BookPrinted']);
    expect(events[0]!.data).toMatchObject({
      book: 'register',
      year: 2024,
      sha256: sha256(first),
      firstPage: 1,
      lastPage: (await readPdf(first)).pageCount,
      printedAt: t.clock.now().toISOString(),
      actor: { role: 'secretary' },
    });
    expect((events[0]!.data as { seal: { root: string } }).seal.root).toMatch(/^[0-9a-f]{64}$/);
    // the same bytes again: nothing new is recorded
    expect((await print('register', 2024).expect(201)).body).toMatchObject({ recorded: false, sha256: sha256(first) });
    const after = [];
    for await (const event of t.runtime.events.readStream('legalBook-register-2024')) after.push(event);
    expect(after).toHaveLength(1);
  });

  it('continues the page numbering of the year before: the first page of 2025 is the last printed of 2024 plus one', async () => {
    const { lastPage } = (await print('board', 2024).expect(201)).body as { lastPage: number };
    const bytes = await pdf('/books/board/2025.pdf');
    const read = await readPdf(bytes);
    expect(read.pages[0]).toContain(`pagina ${lastPage + 1}`);
    expect(read.pages.at(-1)).toContain(`pagina ${lastPage + read.pageCount}`);
    const printed = (await print('board', 2025).expect(201)).body;
    expect(printed).toMatchObject({ firstPage: lastPage + 1, lastPage: lastPage + read.pageCount, sha256: sha256(bytes) });
  });

  it('prints the assemblies’ book with the votes by name and member number', async () => {
    const read = await readPdf(await pdf('/books/assemblies/2025.pdf'));
    const text = read.pages.join('\n');
    expect(text).toContain('Libro delle adunanze e delle deliberazioni dell’assemblea');
    expect(text).toMatch(/Assemblea (ordinaria|straordinaria) del \d\d\/\d\d\/2025/);
    expect(text).toMatch(/\(socio n\. \d+\)/);
    expect(text).toMatch(/favorevole/);
  });

  it('prints the register of volunteers with their insurance', async () => {
    const post = (path: string, body: object) =>
      t.http().post(path).set('Authorization', `Bearer ${secretary}`).send(body).expect(201);
    const enrolled = (
      await post('/work/volunteers', {
        volunteer: { kind: 'non_member', givenName: 'Paolo', familyName: 'Riva', fiscalCode: fiscalCodeOf(901) },
        enrolledOn: '2026-01-10',
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-01-05',
      })
    ).body as { volunteerId: string; position: string };
    await post(`/work/volunteers/${enrolled.volunteerId}/insurance`, {
      insurer: 'Mutua',
      policyNumber: 'RC-1',
      coveredFrom: '2026-01-10',
      coveredUntil: '2026-12-31',
    });
    await t.runtime.projections.catchUp(10_000);
    const text = (await readPdf(await pdf('/books/volunteers/2026.pdf'))).pages.join('\n');
    expect(text).toContain('Registro dei volontari');
    expect(text).toContain('Riva Paolo');
    expect(text).toContain(fiscalCodeOf(901));
    expect(text).toContain('Mutua RC-1');
  });

  it('turns one page of each book into PNG', async () => {
    if (!(await canRenderPng())) return console.warn('pdftoppm is not installed: the PNG check is skipped');
    for (const path of [
      '/books/register/2025.pdf',
      '/books/board/2025.pdf',
      '/books/assemblies/2025.pdf',
      '/books/volunteers/2026.pdf',
    ]) {
      const png = await renderPageToPng(await pdf(path), 1, 110);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // COOP_BOOKS_PNG_DIR=docs writes the pages the README shows
      if (process.env.COOP_BOOKS_PNG_DIR)
        writeFileSync(join(process.env.COOP_BOOKS_PNG_DIR, `libro-${path.split('/')[2]}-p1.png`), png);
    }
  });

  it('coop books print writes the book the API renders and records its print', async () => {
    const program = new Command().exitOverride();
    booksCommands(program, (work) => work(t.runtime));
    const out = join(dir, 'assemblies-2025.pdf');
    await seal();
    await program.parseAsync(['books', 'print', '--book', 'assemblies', '--year', '2025', '--out', out], { from: 'user' });
    const written = readFileSync(out);
    expect(written.equals(await pdf('/books/assemblies/2025.pdf'))).toBe(true);
    const events = [];
    for await (const event of t.runtime.events.readStream('legalBook-assemblies-2025')) events.push(event);
    expect(events.map((e) => [e.type, (e.data as { sha256: string }).sha256])).toEqual([['BookPrinted', sha256(written)]]);
    expect(events[0]!.data).toMatchObject({ actor: { keyId: 'cli' } });
    expect(() => program.parse(['books', 'print', '--book', 'ledger', '--year', '2025'], { from: 'user' })).toThrow();
  });

  it('is in the OpenAPI document: the PDF as application/pdf, the print for the secretariat', async () => {
    const paths = (await t.http().get('/openapi.json').expect(200)).body.paths as Record<string, Record<string, any>>;
    expect(Object.keys(paths['/books/{book}/{year}.pdf']!.get.responses['200'].content)).toContain('application/pdf');
    expect(paths['/books/{book}/{year}/prints']!.post).toBeDefined();
  });

  it('answers 400 for a book or year that is no book, 404 for a year without entries, 403 to the board printing', async () => {
    await t.http().get('/books/ledger/2025.pdf').set('Authorization', `Bearer ${board}`).expect(400);
    await t.http().get('/books/register/25.pdf').set('Authorization', `Bearer ${board}`).expect(400);
    await t.http().get('/books/register/1990.pdf').set('Authorization', `Bearer ${board}`).expect(404);
    await print('register', 1990).expect(404);
    await print('board', 2025).set('Authorization', `Bearer ${board}`).expect(403);
  });
});
