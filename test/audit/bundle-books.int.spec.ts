import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { BUNDLE_BOOKS, type BundleBook } from '../../src/audit/bundle/bundle-books.js';
import { checkBundle, type EvidenceChecker } from '../../src/audit/bundle/check-bundle.js';
import { compareBook } from '../../src/audit/book-compare.js';
import { BOOK_PROJECTORS } from '../../src/audit/book-replay.js';
import { writeBundle } from '../../src/audit/bundle/write-bundle.js';
import { sealHistory } from '../../src/audit/seal.js';
import { contexts } from '../../src/contexts.js';
import { loadConfig } from '../../src/platform/config/config.js';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { seedHistory } from '../../src/seed/history.js';
import { actor, envelope, tempDir, volunteerId } from './support.js';

/** Every book a bundle carries, over a seeded cooperative with its assemblies and board meetings. */
describe('a bundle of each book', () => {
  let dir: string;
  let runtime: Runtime;
  const asOf = '2025-12-31';

  beforeAll(async () => {
    dir = tempDir('coop-bundle-books-');
    runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: join(dir, 'data') }), contexts, {
      logger: pino({ level: 'silent' }),
      projectionPollMs: 20,
    });
    await seedHistory({
      events: runtime.events,
      members: 40,
      years: 2,
      seed: 3,
      batchSize: 40,
      governance: true,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
    });
    // The seed keeps no register of volunteers: one volunteer, enrolled in the year.
    await runtime.events.append(
      `volunteer-${volunteerId(1)}`,
      [
        envelope(1, 'VolunteerEnrolled', {
          volunteerId: volunteerId(1),
          volunteer: {
            kind: 'non_member',
            personId: volunteerId(101),
            person: await runtime.vault.seal(volunteerId(101), { givenName: 'Luca', familyName: 'Bianchi' }),
          },
          enrolledOn: '2025-06-01',
          unit: 'centro estivo',
          contactWithMinors: false,
          criminalRecordCheckedOn: null,
        }),
      ],
      'no_stream',
    );
    await sealHistory(runtime.events, actor);
  }, 180_000);
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bundle = (book: BundleBook) =>
    writeBundle(runtime.events.storage, runtime.registry, runtime.vault, { book, asOf, out: join(dir, book) });

  it.each(BUNDLE_BOOKS)(
    '%s: written, checked, and its book is not empty',
    async (book) => {
      const receipt = await bundle(book);
      expect(receipt.events).toBeGreaterThan(0);
      const report = await checkBundle(join(dir, book), runtime.registry);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      const csv = readFileSync(join(dir, book, 'book.csv'), 'utf8').split('\r\n');
      expect(csv.length).toBeGreaterThan(2); // the header, at least one entry, the last CRLF
      if (book === 'register')
        expect(csv[0]).toBe(
          'numero,nome,id_socio,categoria,sezione,data_ammissione,delibera_ammissione,quote_sottoscritte,capitale_sottoscritto_eur,capitale_versato_eur,capitale_rimborsato_eur,data_uscita,causa_uscita',
        );
      expect(readFileSync(join(dir, book, 'book.html'), 'utf8')).toMatch(/^<!doctype html>\n<html lang="it">/);
    },
    60_000,
  );

  it('replay --compare of the assemblies, the board, the admissions and the volunteers says NOT BUILT before the service ran', async () => {
    for (const book of ['assemblies', 'board', 'admissions', 'volunteers'] as const)
      expect(await compareBook(runtime.events, runtime.projections, runtime.readModels, book, asOf)).toMatchObject({
        book,
        status: 'not-built',
        checkpoint: null,
        readModel: BOOK_PROJECTORS[book].name,
      });
  });

  it('replay --compare of the assemblies and the board says SAME once projected, and BEHIND when an event of the book came after', async () => {
    await runtime.projections.start();
    // The two books' projectors at the head (the others need not be).
    const names: string[] = [BOOK_PROJECTORS.assemblies.name, BOOK_PROJECTORS.board.name];
    const head = await runtime.events.headPosition();
    const atHead = async () =>
      (await runtime.projections.status()).filter(
        (s) => names.includes(s.name) && s.position === head && s.activeBuild === s.build,
      );
    for (let i = 0; i < 600 && (await atHead()).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await runtime.projections.stop();
    expect((await atHead()).map((s) => s.name).sort()).toEqual([...names].sort());
    for (const [i, book] of (['assemblies', 'board'] as const).entries()) {
      const compare = () => compareBook(runtime.events, runtime.projections, runtime.readModels, book, asOf);
      expect(await compare()).toMatchObject({ book, status: 'same', differences: 0 });
      // One more event of the book's own types (a copy of the last, on a stream of its own), not projected.
      let last: RecordedEvent | undefined;
      for await (const event of runtime.events.readAll({ types: BOOK_PROJECTORS[book].eventTypes })) last = event;
      await runtime.events.append(
        `${last!.stream.split('-')[0]}-${randomUUID()}`,
        [envelope(2 + i, last!.type, last!.data)],
        'no_stream',
      );
      expect(await compare()).toMatchObject({ book, status: 'behind', unprojected: 1, differences: 0 });
    }
  }, 120_000);

  it('runs the evidence checkers it is given, and a finding against the seal fails the check', async () => {
    const seen: string[] = [];
    const checker: EvidenceChecker = ({ seal, evidence }) => {
      seen.push(seal.record.id, ...evidence.map((e) => e.stream));
      return [{ checker: 'test', ok: false, message: 'the seal is not signed' }];
    };
    const report = await checkBundle(join(dir, 'register'), runtime.registry, [checker]);
    expect(seen).toContain('ledgerSeal-main');
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ file: 'evidence.json', problem: 'test: the seal is not signed' }]);
  });
});
