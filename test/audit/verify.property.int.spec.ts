import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerSealed, SEAL_STREAM, sealHistory } from '../../src/audit/seal.js';
import { verifyHistory, type BreakReason } from '../../src/audit/verify.js';
import { FixedClock } from '../../src/platform/clock.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { testRegistry } from '../support/test-events.js';
import { actor, envelope, openStore, Tamper, tempDir, withoutText, type Row } from './support.js';

/**
 * Whatever the history and whichever single alteration an intruder makes to the file,
 * verification notices, and says where; and it never cries wolf on an untouched history.
 */

const STREAMS = ['alpha-1', 'beta-2', 'gamma-3', 'delta-4'];
const KINDS = [
  'edit-data',
  'edit-metadata',
  'delete',
  'swap',
  'truncate',
  'delete-stream',
  'forge',
  'forge-rechained',
  'rewrite-tail',
] as const;
type Kind = (typeof KINDS)[number];

const history = fc.record({
  events: fc.array(fc.record({ stream: fc.nat(STREAMS.length - 1), noted: fc.boolean(), n: fc.integer({ min: -9, max: 9 }) }), {
    minLength: 2,
    maxLength: 14,
  }),
  /** Before which event a seal is also taken, if any. */
  midSeal: fc.option(fc.nat(13), { nil: undefined }),
});
const tampering = fc.record({ kind: fc.constantFrom(...KINDS), pick: fc.nat(), other: fc.nat() });

interface Expected {
  stream: string;
  revision?: bigint;
  reasons: BreakReason[];
}

const edited = (row: Row) => (data: Record<string, unknown>) =>
  row.type === 'Noted' ? { text: `${String(data.text)}~` } : { ...data, n: Number(data.n) + 1 };

/** Alters the file and says where the first break must be found. */
function tamper(t: Tamper, kind: Kind, pick: number, other: number): Expected {
  const all = t.rows();
  const rows = all.filter((r) => r.stream !== SEAL_STREAM);
  const target = rows[pick % rows.length]!;
  const stream = t.streamRows(target.stream);
  const seals = t.seals();
  const coveringSeal = (position: number) => seals.find((s) => Number(s.sealed.position) >= position)!;
  /** Where deleting `deleted` (all of one stream) is first seen: a revision gap, or the seal. */
  const afterDeleting = (deleted: Row[]): Expected => {
    const gone = new Set(deleted.map((r) => r.position));
    const first = Math.min(...gone);
    const seal = coveringSeal(first);
    const survivors = stream.filter((r) => !gone.has(r.position));
    const next = survivors.find((r) => r.position > first);
    if (next && next.position < seal.position)
      return { stream: next.stream, revision: BigInt(next.revision), reasons: ['revision'] };
    const left = survivors.filter((r) => r.position <= Number(seal.sealed.position)).length;
    return { stream: SEAL_STREAM, revision: BigInt(seal.revision), reasons: [left === 0 ? 'seal-missing-stream' : 'seal-count'] };
  };
  const at = { stream: target.stream, revision: BigInt(target.revision) };

  switch (kind) {
    case 'edit-data':
      t.editData(target.position, edited(target));
      return { ...at, reasons: ['hash'] };
    case 'edit-metadata':
      t.editMetadata(target.position, (m) => ({ ...m, commandId: 'not-the-command' }));
      return { ...at, reasons: ['hash'] };
    case 'delete':
      t.delete(target.position);
      return afterDeleting([target]);
    case 'swap': {
      let second = rows[other % rows.length]!;
      if (second.position === target.position) second = rows[(rows.indexOf(target) + 1) % rows.length]!;
      const [a, b] = target.position < second.position ? [target, second] : [second, target];
      t.swapContents(a.position, b.position);
      return { stream: a.stream, revision: BigInt(a.revision), reasons: ['prevHash'] };
    }
    case 'truncate': {
      const count = 1 + (other % stream.length);
      t.truncate(target.stream, count);
      return afterDeleting(stream.slice(stream.length - count));
    }
    case 'delete-stream':
      t.deleteStream(target.stream);
      return afterDeleting(stream);
    case 'forge':
      // Chained from its predecessor; the genuine event it displaces no longer chains.
      t.insertForged(target.stream, target.revision, 'Noted', { text: 'forged' }, { rechain: false });
      return { stream: target.stream, revision: BigInt(target.revision) + 1n, reasons: ['prevHash'] };
    case 'forge-rechained': {
      // Every chain intact: the covering seal's position now holds the forged event instead
      // of the one that was there, so its log tree (or its streams) differ.
      const seal = coveringSeal(target.position);
      t.insertForged(target.stream, target.revision, 'Noted', { text: 'forged' }, { rechain: true });
      return { stream: SEAL_STREAM, revision: BigInt(seal.revision), reasons: ['seal-log-root', 'seal-missing-stream'] };
    }
    case 'rewrite-tail': {
      const seal = coveringSeal(target.position);
      t.editData(target.position, edited(target));
      t.rechain(target.stream, target.revision);
      return { stream: SEAL_STREAM, revision: BigInt(seal.revision), reasons: ['seal-log-root'] };
    }
  }
}

describe('verifyHistory over random histories and one random alteration', () => {
  let dir: string;
  let runs = 0;
  beforeAll(() => {
    dir = tempDir('coop-audit-prop-');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const registry = () => testRegistry().register(LedgerSealed);

  it('finds every alteration where it is first visible, and nothing in an untouched history', async () => {
    await fc.assert(
      fc.asyncProperty(history, tampering, async ({ events, midSeal }, { kind, pick, other }) => {
        const file = join(dir, `run-${++runs}.sqlite`);
        const clock = new FixedClock('2026-03-02T10:00:00Z');
        const store = openStore(file, registry(), clock);
        const revisions = new Map<string, bigint>();
        for (const [i, event] of events.entries()) {
          if (i === midSeal) await sealHistory(store, actor, { clock, commandId: `seal-mid-${runs}` });
          const stream = STREAMS[event.stream]!;
          const revision = revisions.get(stream);
          const type = event.noted ? 'Noted' : 'Counted';
          await store.append(
            stream,
            [envelope(i + 1, type, event.noted ? { text: `t${event.n}` } : { n: event.n })],
            revision ?? 'no_stream',
          );
          revisions.set(stream, (revision ?? -1n) + 1n);
        }
        await sealHistory(store, actor, { clock, commandId: `seal-end-${runs}` });
        const clean = await verifyHistory(store.storage, registry());
        await store.close();
        expect(clean).toMatchObject({
          ok: true,
          breaks: 0,
          events: events.length + (midSeal !== undefined && midSeal < events.length ? 2 : 1),
        });

        const t = new Tamper(file);
        let expected: Expected;
        try {
          expected = tamper(t, kind, pick, other);
        } finally {
          t.close();
        }
        const storage = new SqliteEventStorage(file);
        const report = await verifyHistory(storage, registry());
        const parsedReport = await verifyHistory(withoutText(storage), registry());
        await storage.close();
        expect(parsedReport).toEqual(report);
        rmSync(file, { force: true });

        expect(report.ok).toBe(false);
        expect(report.firstBreak).toMatchObject({
          stream: expected.stream,
          ...(expected.revision !== undefined ? { revision: expected.revision } : {}),
        });
        expect(expected.reasons).toContain(report.firstBreak!.reason);
      }),
      { numRuns: 50, seed: 2_215 },
    );
  }, 240_000); // 50 stores built and verified twice: minutes on a loaded 2-core machine, not a speed check
});
