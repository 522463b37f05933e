import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { auditCommands, type AuditIo } from '../../src/audit/audit.cli.js';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { EventStoreDbStorage } from '../../src/platform/event-store/eventstoredb/esdb-event-storage.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import type { EventStorage } from '../../src/platform/event-store/storage.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { tempDir, writeMembershipHistory } from '../audit/support.js';
import { hasOpenssl, makeCa, makeTsa } from '../audit/tsa-fixture.js';
import { eventStoreDbServer } from '../support/eventstoredb-server.js';
import { reportSkip } from '../support/skip.js';

/**
 * The auditors' evidence (seals, the cooperative's signatures, a witness's cosignature, an
 * RFC 3161 time-stamp) made on the embedded store survives `coop copy`: to a second data
 * directory always, and to EventStoreDB and back where a server is given. Seals are defined
 * by log index, so the target's own positions do not matter; verify on each target must pass
 * with every seal, signature, cosignature and time-stamp valid.
 */
const server = await eventStoreDbServer({ fresh: true });
/** Why the EventStoreDB half does not run here, if it does not. */
async function whyNotEventStoreDb(): Promise<string | undefined> {
  if ('skip' in server) return server.skip;
  // Seals count every event of $all: a server already holding another suite's events is not this history's log.
  const storage = new EventStoreDbStorage(server.url);
  const head = await storage.headPosition().finally(() => storage.close());
  return head === undefined
    ? undefined
    : 'the EventStoreDB holds events already (another suite’s): seals count every event of $all, so this needs a fresh node (set EVENTSTORE_FRESH_URL)';
}
const esdbSkip = await whyNotEventStoreDb();
if (esdbSkip) reportSkip('Evidence across coop copy to EventStoreDB', esdbSkip);
if (!hasOpenssl) reportSkip('Evidence across coop copy', 'no openssl on this machine for the local time-stamping authority');
const suite = hasOpenssl ? describe : describe.skip;

suite('the evidence survives coop copy', () => {
  let root: string;
  let books: string;
  let anchors: string;
  // The authority stamps with this machine's time: the history is recorded just before it, the reply imported on it.
  const clock = new FixedClock(new Date(Date.now() - 10 * 60_000));

  const withRuntimeOn =
    (dir: string, env: Record<string, string> = {}) =>
    async <T>(work: (runtime: Runtime) => Promise<T>): Promise<T> => {
      const r = await createRuntime(loadConfig({ COOP_DATA_DIR: dir, ...env }), contexts, {
        clock,
        logger: pino({ level: 'silent' }),
      });
      try {
        return await work(r);
      } finally {
        await r.close();
      }
    };
  /** `coop audit …` in-process over the stores `env` names (a data directory, or EVENTSTORE_URL too). */
  async function coopOn(dir: string, env: Record<string, string>, ...args: string[]) {
    const result = { out: '', err: '', code: 0 };
    const io: AuditIo = {
      out: (text) => void (result.out += text),
      err: (text) => void (result.err += text),
      exit: (code) => void (result.code = code),
      progress: false,
    };
    const program = new Command().exitOverride().configureOutput({ writeErr: (text) => void (result.err += text) });
    auditCommands(program, withRuntimeOn(dir, env), io);
    await program.parseAsync(args, { from: 'user' });
    return result;
  }
  const coop = (...args: string[]) => coopOn(books, {}, ...args);
  const ok = (run: { code: number; err: string }) => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  };

  /** Verify on a target: intact, and every seal's signature, cosignature and time-stamp valid. */
  async function expectEvidenceValid(dir: string, env: Record<string, string> = {}) {
    const run = await coopOn(dir, env, 'audit', 'verify', '--json', '--trust', anchors);
    const report = JSON.parse(run.out);
    expect(report.firstBreak).toBeUndefined();
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ ok: true, breaks: 0, seals: 3, signatures: { ok: true, problems: [] } });
    const signed = report.signatures.seals.filter((s: { signature: { status: string } }) => s.signature.status !== 'missing');
    expect(signed.map((s: { seal: number }) => s.seal)).toEqual([2]);
    expect(signed[0]).toMatchObject({
      signature: { status: 'valid' },
      cosigners: [{ witness: 'collegio.example', status: 'valid' }],
    });
    expect(report.timestamps).toMatchObject({ ok: true, tokens: [{ seal: 2, status: 'valid' }] });
  }

  beforeAll(async () => {
    root = tempDir('coop-evidence-copy-');
    books = join(root, 'books');
    anchors = join(root, 'anchors.pem');
    const ca = makeCa(root, 'trusted');
    writeFileSync(anchors, ca.caPem);
    const reply = makeTsa(root, 'trusted', ca.issue('Test TSA', true), join(root, 'trusted-ca.pem'));
    await withRuntimeOn(books)((r) => writeMembershipHistory(r.events, clock));
    // Seal 2, signed by the cooperative's key; the witness's key made on its own machine; its cosignature.
    ok(await coop('audit', 'seal'));
    mkdirSync(join(root, 'witness'));
    const witnessKey = join(root, 'witness', 'collegio.key');
    const init = await coopOn(
      join(root, 'witness'),
      {},
      'audit',
      'witness-init',
      '--name',
      'collegio.example',
      '--out',
      witnessKey,
    );
    ok(await coop('audit', 'witness-add', init.out.trim()));
    ok(await coop('audit', 'cosign', '--seal', '2', '--key', witnessKey));
    // The time-stamp of seal 2: the query, the authority's reply, the import.
    const query = join(root, 'seal-2.tsq');
    ok(await coop('audit', 'timestamp-request', '--seal', '2', '--out', query));
    writeFileSync(join(root, 'seal-2.tsr'), reply(readFileSync(query)));
    clock.set(new Date());
    ok(await coop('audit', 'timestamp-import', '--seal', '2', join(root, 'seal-2.tsr'), '--trust', anchors));
    await expectEvidenceValid(books);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const copy = async (from: EventStorage, to: EventStorage) => {
    try {
      return await copyHistory(from, to, { window: to.name === 'sqlite' ? 64 : 1 });
    } finally {
      await from.close();
      await to.close();
    }
  };
  const embedded = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    return new SqliteEventStorage(join(dir, 'events.sqlite'));
  };

  it('to a second data directory, where verify passes with every seal, signature, cosignature and time-stamp', async () => {
    const target = join(root, 'copy');
    await copy(embedded(books), embedded(target));
    await expectEvidenceValid(target);
  });

  (esdbSkip ? describe.skip : describe)(`to EventStoreDB and back${esdbSkip ? ` (skipped: ${esdbSkip})` : ''}`, () => {
    afterAll(async () => {
      if (!('skip' in server)) await server.stop();
    });

    it('verify on EventStoreDB passes with every piece of evidence, and so does verify on a copy back', async () => {
      const url = (server as { url: string }).url;
      const copied = await copy(embedded(books), new EventStoreDbStorage(url));
      expect(copied.copied).toBeGreaterThan(20);
      // The runtime over EventStoreDB (its read models and keys in a data directory of their own).
      await expectEvidenceValid(join(root, 'esdb-side'), { EVENTSTORE_URL: url });
      const back = join(root, 'back');
      await copy(new EventStoreDbStorage(url), embedded(back));
      await expectEvidenceValid(back);
    }, 120_000);
  });
});
