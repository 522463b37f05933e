import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { checkBundle } from '../../src/audit/bundle/check-bundle.js';
import { BUNDLE_FILES, MANIFEST, manifestText, sha256, type BundleManifest } from '../../src/audit/bundle/bundle-format.js';
import { sealHistory } from '../../src/audit/seal.js';
import { contexts } from '../../src/contexts.js';
import { applicationStream, memberStream, REGISTER_STREAM } from '../../src/membership/domain/membership-events.js';
import { admitted, appId, applied, memberId } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { createRuntime } from '../../src/platform/runtime.js';
import { buildIfNeeded, root } from '../support/service-process.js';
import { actor, envelope, tempDir } from './support.js';

/**
 * The offline bundle as an auditor uses it: written by `coop audit bundle` on the machine
 * that holds the books, checked by `coop audit check-bundle` in a fresh process that has
 * nothing but the bundle (no store, no keys, no service).
 */
describe('coop audit bundle / check-bundle', () => {
  let dir: string;
  let data: string;
  const registry = () => {
    const r = new EventRegistry();
    for (const context of contexts) r.register(...context.events);
    return r;
  };
  const coop = (args: string[], env: Record<string, string>, cwd = dir) =>
    spawnSync(process.execPath, [join(root, 'bin/coop.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });

  beforeAll(async () => {
    buildIfNeeded();
    dir = tempDir('coop-bundle-');
    data = join(dir, 'books');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: data }), contexts, {
      clock,
      logger: pino({ level: 'silent' }),
    });
    try {
      let n = 0;
      const put = (stream: string, type: string, payload: unknown, expected: 'no_stream' | bigint) =>
        runtime.events.append(stream, [envelope(++n, type, payload)], expected);
      for (let i = 1; i <= 3; i++) {
        const applicant = await runtime.vault.seal(appId(i), { givenName: 'Maria', familyName: `Rossi ${i}` });
        await put(applicationStream(appId(i)), 'MembershipApplied', applied(i, { applicant }), 'no_stream');
      }
      for (let i = 1; i <= 3; i++) {
        const event = admitted(i, 'worker', `2026-02-0${i}`);
        await put(REGISTER_STREAM, event.type, event.data, i === 1 ? 'no_stream' : BigInt(i - 2));
        await put(
          memberStream(memberId(i)),
          'SharesSubscribed',
          { memberId: memberId(i), count: i, nominalValueCents: 2_500, subscribedOn: '2026-02-10' },
          'no_stream',
        );
      }
      // Maria Rossi 3 asked to be forgotten: her key is deleted.
      await runtime.vault.erase(appId(3));
      clock.advance(60_000);
      await sealHistory(runtime.events, actor, { clock, commandId: 'seal-1' });
    } finally {
      await runtime.close();
    }
    // The cooperative signs the seal with its key (created in the data directory on first use).
    const signed = coop(['audit', 'sign', '--seal', '0', '--data-dir', data], {});
    if (signed.status !== 0) throw new Error(`audit sign: ${signed.stderr}${signed.stdout}`);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bundleDir = () => join(dir, 'bundle');

  it('writes the register as of a date with its events, proofs, seal and manifest', () => {
    const run = coop(['audit', 'bundle', '--book', 'register', '--as-of', '2026-02-28', '--out', bundleDir()], {
      COOP_DATA_DIR: data,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('9 source events'); // 3 applications, 3 admissions, 3 subscriptions
    expect(readdirSync(bundleDir()).sort()).toEqual([MANIFEST, ...BUNDLE_FILES].sort());
    const csv = readFileSync(join(bundleDir(), 'book.csv'), 'utf8');
    expect(csv.split('\r\n')[1]).toMatch(/^1,Rossi 1 Maria,/);
    // Erased personal data read as erased in the bundle too.
    expect(csv.split('\r\n')[3]).toMatch(/^3,dati cancellati,/);
    const html = readFileSync(join(bundleDir(), 'book.html'), 'utf8');
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('dati cancellati');
    expect(html).not.toMatch(/<script|<link|src=|https?:/);
    const people = Object.values(JSON.parse(readFileSync(join(bundleDir(), 'people.json'), 'utf8')) as object);
    expect(people).toEqual(
      expect.arrayContaining([
        null,
        { givenName: 'Maria', familyName: 'Rossi 1' },
        { givenName: 'Maria', familyName: 'Rossi 2' },
      ]),
    );
    expect(people).toHaveLength(3);
  });

  it('never carries a personal-data key', () => {
    const keys = new Database(join(data, 'keys.sqlite'), { readonly: true });
    const stored = keys.prepare<[], { key: Buffer | null }>('SELECT key FROM personal_keys').all();
    keys.close();
    const held = stored.flatMap((row) => (row.key ? [row.key] : []));
    expect(held.length).toBe(2);
    for (const name of [MANIFEST, ...BUNDLE_FILES]) {
      const bytes = readFileSync(join(bundleDir(), name));
      for (const key of held) {
        expect(bytes.includes(key)).toBe(false);
        for (const encoding of ['base64', 'hex', 'base64url'] as const)
          expect(bytes.toString('utf8')).not.toContain(key.toString(encoding));
      }
    }
  });

  it('is checked in a fresh directory by a fresh process with no store', () => {
    const fresh = tempDir('coop-bundle-fresh-');
    try {
      cpSync(bundleDir(), join(fresh, 'bundle'), { recursive: true });
      const run = coop(['audit', 'check-bundle', 'bundle'], { COOP_DATA_DIR: join(fresh, 'nowhere') }, fresh);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('INTACT');
      // The seal's signature by the cooperative's key travels with the bundle and is checked there.
      expect(run.stdout).toMatch(/seal \d+ signature VALID/);
      expect(run.status).toBe(0);
      expect(readdirSync(fresh)).toEqual(['bundle']);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  describe('fails after any byte of it changes', () => {
    let copy: string;
    beforeAll(() => {
      copy = tempDir('coop-bundle-flip-');
      cpSync(bundleDir(), copy, { recursive: true });
    });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it.each([MANIFEST, ...BUNDLE_FILES])(
      'a byte flipped anywhere in %s',
      async (name) => {
        const file = join(copy, name);
        const original = readFileSync(file);
        const at = [
          0,
          Math.floor(original.length / 3),
          Math.floor(original.length / 2),
          original.length - 2,
          original.length - 1,
        ];
        try {
          for (const i of at) {
            const flipped = Buffer.from(original);
            flipped[i] = flipped[i]! ^ 0x01;
            writeFileSync(file, flipped);
            const report = await checkBundle(copy, registry());
            expect({ at: i, ok: report.ok }).toEqual({ at: i, ok: false });
          }
        } finally {
          writeFileSync(file, original);
        }
        expect((await checkBundle(copy, registry())).ok).toBe(true);
      },
      60_000,
    );

    /** Edits a file and writes its new sha256 into the manifest, as a careful forger would. */
    const forge = (name: string, edit: (text: string) => string) => {
      const text = readFileSync(join(copy, name), 'utf8');
      const manifestFile = join(copy, MANIFEST);
      const manifestBefore = readFileSync(manifestFile, 'utf8');
      const edited = edit(text);
      expect(edited).not.toBe(text);
      writeFileSync(join(copy, name), edited);
      const manifest = JSON.parse(manifestBefore) as BundleManifest;
      manifest.files = manifest.files.map((f) =>
        f.name === name ? { ...f, sha256: sha256(Buffer.from(edited)), bytes: Buffer.byteLength(edited) } : f,
      );
      writeFileSync(manifestFile, manifestText(manifest));
      return () => {
        writeFileSync(join(copy, name), text);
        writeFileSync(manifestFile, manifestBefore);
      };
    };

    it('a book edited with the manifest updated is not the book the events give', async () => {
      const restore = forge('book.csv', (csv) => csv.replace('Rossi 2 Maria', 'Bianchi 2 Maria'));
      try {
        const report = await checkBundle(copy, registry());
        expect(report.ok).toBe(false);
        expect(report.problems).toEqual([expect.objectContaining({ file: 'book.csv' })]);
      } finally {
        restore();
      }
    });

    it('an event edited with the manifest updated fails its hash', async () => {
      const restore = forge('events.json', (json) => json.replace('"count": 2', '"count": 20'));
      try {
        const report = await checkBundle(copy, registry());
        expect(report.ok).toBe(false);
        expect(report.problems.map((p) => p.file)).toContain('events.json');
        expect(report.problems.find((p) => p.file === 'events.json')?.problem).toMatch(/hashes to/);
      } finally {
        restore();
      }
    });

    it('an event left out, rehashed and all, no longer gives the book', async () => {
      const restore = forge('events.json', (json) => {
        const parsed = JSON.parse(json) as { events: Array<{ type: string; data: { memberId?: string } }> };
        parsed.events = parsed.events.filter((e) => !(e.type === 'SharesSubscribed' && e.data.memberId === memberId(2)));
        return JSON.stringify(parsed, null, 1) + '\n';
      });
      try {
        const report = await checkBundle(copy, registry());
        expect(report.ok).toBe(false);
        expect(report.problems.map((p) => p.file)).toEqual(expect.arrayContaining(['book.csv']));
      } finally {
        restore();
      }
    });
  });

  it('a bundle is written into a new or empty directory only', () => {
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'x'), 'x');
    const run = coop(['audit', 'bundle', '--book', 'register', '--as-of', '2026-02-28', '--out', join(dir, 'busy')], {
      COOP_DATA_DIR: data,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not empty');
  });
});
