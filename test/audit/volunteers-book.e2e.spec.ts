import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { sealHistory } from '../../src/audit/seal.js';
import { contexts } from '../../src/contexts.js';
import { memberId } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { collectionName } from '../../src/platform/projections/projection-state.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { WORK_VOLUNTEERS } from '../../src/work/projections/volunteers.projection.js';
import { buildIfNeeded, root } from '../support/service-process.js';
import { actor, envelope, tempDir, volunteerId, writeMembershipHistory, writeVolunteerHistory } from './support.js';

/**
 * The register of volunteers (registro dei volontari, W4b) where the other books are: replayed
 * from the events and compared with the service's read model (`coop audit replay --book
 * volunteers --compare`), and bundled for an auditor who checks it in a fresh process with
 * nothing but the bundle (`coop audit bundle --book volunteers`, `coop audit check-bundle`).
 */
describe('the register of volunteers for the auditors', () => {
  let dir: string;
  let data: string;
  const clock = new FixedClock('2026-03-20T10:00:00Z');
  const coop = (args: string[], cwd = dir) =>
    spawnSync(process.execPath, [join(root, 'bin/coop.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
  const withRuntime = async <T>(work: (runtime: Runtime) => Promise<T>): Promise<T> => {
    const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: data }), contexts, {
      clock,
      logger: pino({ level: 'silent' }),
      projectionPollMs: 20,
    });
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  };
  const project = () =>
    withRuntime(async (r) => {
      await r.projections.start();
      expect(await r.projections.catchUp(10_000)).toBe(true);
    });
  const compare = (asOf = '2026-02-28') =>
    coop(['audit', 'replay', '--book', 'volunteers', '--as-of', asOf, '--compare', '--data-dir', data]);

  beforeAll(async () => {
    buildIfNeeded();
    dir = tempDir('coop-volunteers-book-');
    data = join(dir, 'data');
    await withRuntime(async (r) => {
      await writeMembershipHistory(r.events, clock);
      await writeVolunteerHistory(r.events);
    });
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replay --compare says NOT BUILT (exit 1) before the service projected the volunteers', () => {
    const run = compare();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^NOT BUILT: work-volunteers build \S+ at checkpoint \(none\)/);
  });

  it('replays the register as of a date from the events, the same as the read model answers', async () => {
    await project();
    const run = compare();
    expect(run.stderr).toMatch(/^SAME: the volunteers as of 2026-02-28 from the events is the read model's/);
    expect(run.status).toBe(0);
    const book = JSON.parse(run.stdout) as { volunteers: Array<Record<string, unknown>> };
    // Verdi Anna enrolled after the date; Bianchi Luca left before it; member no. 4 is insured on it.
    expect(book.volunteers.map((v) => [v.number, v.familyName, v.kind, v.leftOn, v.insuredOn])).toEqual([
      [1, 'Rossi 4', 'member', null, true],
      [2, 'Bianchi', 'non_member', '2026-02-20', false],
    ]);
    expect(book.volunteers[0]!.insurance).toEqual([
      { insurer: 'Cattolica Assicurazioni', policyNumber: 'POL-1', coveredFrom: '2026-02-05', coveredUntil: '2026-12-31' },
    ]);
    const later = JSON.parse(compare('2026-03-31').stdout) as { volunteers: unknown[] };
    expect(later.volunteers).toHaveLength(3);
  });

  it('exits 1 naming the first volunteer the read model gives otherwise than the events', async () => {
    await withRuntime(async (r) => {
      const status = (await r.projections.inspect()).find((s) => s.name === WORK_VOLUNTEERS)!;
      const volunteers = collectionName(WORK_VOLUNTEERS, status.activeBuild ?? status.build, 'volunteers');
      await r.readModels.transaction((tx) =>
        tx.collection(volunteers).updateOne({ _id: volunteerId(2) }, { $set: { leftOn: '2026-02-27' } }),
      );
    });
    const run = compare();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^DIFFERENT: 1 entry differs .*; the first: volunteers\\[1\\] ${volunteerId(2)}`));
    await withRuntime(async (r) => {
      const status = (await r.projections.inspect()).find((s) => s.name === WORK_VOLUNTEERS)!;
      const volunteers = collectionName(WORK_VOLUNTEERS, status.activeBuild ?? status.build, 'volunteers');
      await r.readModels.transaction((tx) =>
        tx.collection(volunteers).updateOne({ _id: volunteerId(2) }, { $set: { leftOn: '2026-02-20' } }),
      );
    });
    expect(compare().status).toBe(0);
  });

  it('exits 1 when the read model is behind the volunteers recorded since', async () => {
    await withRuntime((r) =>
      r.events.append(
        `volunteer-${volunteerId(1)}`,
        [
          envelope(400, 'VolunteerLeft', {
            volunteerId: volunteerId(1),
            personId: memberId(4),
            leftOn: '2026-02-25',
            reason: 'end_of_activity',
          }),
        ],
        1n,
      ),
    );
    const run = compare();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^BEHIND: work-volunteers build \S+ at checkpoint \d+, events head \d+: 1 event\(s\) of the volunteers/,
    );
    await project();
    expect(compare().status).toBe(0);
  });

  it('bundles the register, and a fresh process with nothing but the bundle reproduces it', async () => {
    await withRuntime((r) => sealHistory(r.events, actor, { clock, commandId: 'seal-volunteers' }));
    const out = join(dir, 'bundle');
    const written = coop(['audit', 'bundle', '--book', 'volunteers', '--as-of', '2026-02-28', '--out', out, '--data-dir', data]);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(written.stdout).toMatch(/bundle of the volunteers as of 2026-02-28/);
    const csv = readFileSync(join(out, 'book.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^numero,cognome,nome,codice_fiscale,/);
    expect(csv[1]).toMatch(/^1,Rossi 4,Maria,,,no,sì,2026-02-05,2026-02-25,end_of_activity,nido Girasole,animazione,/);
    expect(csv[2]).toMatch(/^2,Bianchi,Luca,BIALCU80A01H501Z,,no,no,2026-02-10,2026-02-20,resignation,centro diurno,/);
    expect(csv).toHaveLength(4); // the header, two volunteers, the last CRLF
    const html = readFileSync(join(out, 'book.html'), 'utf8');
    expect(html).toContain('<title>Registro dei volontari</title>');
    expect(html).toContain('Bianchi');

    const elsewhere = join(dir, 'auditor');
    mkdirSync(elsewhere);
    const checked = coop(['audit', 'check-bundle', out], elsewhere);
    expect(checked.stdout).toMatch(/INTACT/);
    expect(checked.status).toBe(0);

    // A changed byte of the book is found.
    writeFileSync(join(out, 'book.csv'), readFileSync(join(out, 'book.csv'), 'utf8').replace('Bianchi', 'Bianco'));
    const tampered = coop(['audit', 'check-bundle', out], elsewhere);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/book\.csv/);
  }, 120_000);
});
