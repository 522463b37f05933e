import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { computeSeal, LedgerSealed, SEAL_STREAM, sealHistory } from '../../src/audit/seal.js';
import { verifyHistory, type VerifyReport } from '../../src/audit/verify.js';
import {
  applicationStream,
  memberStream,
  membershipEvents,
  REGISTER_STREAM,
} from '../../src/membership/domain/membership-events.js';
import { appId, fiscalIndex, memberId } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { WrongExpectedRevisionError } from '../../src/platform/event-store/event-store.js';
import { positionOf, type Position } from '../../src/platform/event-store/position.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import type { EventStorage, StoredRecord, StoredText } from '../../src/platform/event-store/storage.js';
import { chainHash, genesisHash, storedTextChains } from '../../src/platform/integrity/hash-chain.js';
import { Noted, testRegistry } from '../support/test-events.js';
import { envelope, membershipRegistry, openStore, Tamper, tempDir, withoutText, writeMembershipHistory } from './support.js';

/**
 * Each way an intruder with the file can alter the books, done in the SQLite file itself,
 * and where `verifyHistory` says the history first stops being what was written.
 */
describe('verifyHistory over a membership history with two seals', () => {
  let dir: string;
  let template: string;
  let cases = 0;

  beforeAll(async () => {
    dir = tempDir();
    template = join(dir, 'template.sqlite');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(template, membershipRegistry(), clock);
    await writeMembershipHistory(store, clock);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the history, altered by `edit`, then verified through a fresh adapter. */
  async function tampered<T>(
    edit: (t: Tamper) => T,
    registry = membershipRegistry(),
  ): Promise<{ report: VerifyReport; found: T }> {
    const file = join(dir, `case-${++cases}.sqlite`);
    copyFileSync(template, file);
    if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${file}-wal`);
    const t = new Tamper(file);
    let found: T;
    try {
      found = edit(t);
    } finally {
      t.close();
    }
    const storage = new SqliteEventStorage(file);
    try {
      const report = await verifyHistory(storage, registry);
      // Hashing the stored text gives the very verdict that parsing every event gives.
      expect(await verifyHistory(withoutText(storage), registry)).toEqual(report);
      return { report, found };
    } finally {
      await storage.close();
    }
  }

  const seal = (t: Tamper, n: number) => t.seals()[n]!;

  it('chains the stored text of every event the platform wrote as it is, without parsing it', async () => {
    const storage = new SqliteEventStorage(template);
    const heads = new Map<string, { revision: bigint; hash: string }>();
    const verdicts: boolean[] = [];
    for await (const page of storage.readAllText())
      for (const text of page) {
        const known = heads.get(text.stream);
        verdicts.push(
          storedTextChains(known?.hash ?? genesisHash(text.stream), known ? known.revision + 1n : 0n, text) !== undefined,
        );
        heads.set(text.stream, { revision: text.revision, hash: (JSON.parse(text.metadata) as { hash: string }).hash });
      }
    await storage.close();
    expect(verdicts).toHaveLength(23);
    expect(verdicts.every(Boolean)).toBe(true);
  });

  it('does not take stored text whose bytes differ from what was hashed, even in meaning only', async () => {
    const storage = new SqliteEventStorage(template);
    let first: StoredText | undefined;
    for await (const page of storage.readAllText({ maxCount: 1 })) first = page[0];
    await storage.close();
    const genesis = genesisHash(first!.stream);
    expect(storedTextChains(genesis, 0n, first!)).toBe((JSON.parse(first!.metadata) as { hash: string }).hash);
    const reordered = { ...first!, data: JSON.stringify(reversed(JSON.parse(first!.data) as Record<string, unknown>)) };
    expect(reordered.data).not.toBe(first!.data);
    expect(storedTextChains(genesis, 0n, reordered)).toBeUndefined();
    // Same meaning, other bytes: the verifier parses that event, canonicalises it, and finds it intact.
    const { report } = await tampered((t) => t.editData(t.at(REGISTER_STREAM, 1).position, reversed));
    expect(report).toMatchObject({ ok: true, breaks: 0 });
  });

  it('passes the history as written, and counts it by type and stream category', async () => {
    const progress: number[] = [];
    const storage = new SqliteEventStorage(template);
    const report = await verifyHistory(storage, membershipRegistry(), { onProgress: (n) => progress.push(n) });
    await storage.close();
    expect(report).toEqual({
      ok: true,
      head: '23',
      events: 23,
      streams: 12,
      seals: 2,
      breaks: 0,
      byType: {
        AdmissionRejected: 1,
        LedgerSealed: 2,
        MemberAdmitted: 4,
        MemberCategoryChanged: 1,
        MembershipApplied: 6,
        MembershipEnded: 1,
        SharesPaid: 4,
        SharesSubscribed: 4,
      },
      byCategory: { ledgerSeal: 2, member: 8, memberRegister: 7, membershipApplication: 6 },
      // Seals recorded before signing existed: reported unsigned, which is not a failure.
      signatures: {
        ok: true,
        keys: [],
        witnesses: [],
        problems: [],
        seals: [
          { seal: 0, treeSize: 6, signature: { status: 'missing' }, cosigners: [] },
          { seal: 1, treeSize: 22, signature: { status: 'missing' }, cosigners: [] },
        ],
      },
    });
    expect(progress.at(-1)).toBe(23);
  });

  it('records seals that say what the history held at their position', async () => {
    const { report, found } = await tampered((t) => t.seals().map((s) => ({ ...s.sealed, at: s.position })));
    expect(report.ok).toBe(true);
    expect(found).toEqual([
      expect.objectContaining({ position: '6', treeSize: 6, streams: 6, at: 7 }),
      expect.objectContaining({ position: '22', treeSize: 22, streams: 11, at: 23 }),
    ]);
    const storage = new SqliteEventStorage(template);
    const again = await computeSeal(storage, '22' as Position);
    await storage.close();
    expect(again.merkleRoot).toBe(found[1]!.merkleRoot);
    expect(again.logRoot).toBe(found[1]!.logRoot);
    // 22 = 16 + 4 + 2: the frontier is the roots of those three perfect subtrees.
    expect(found[1]!.frontier).toHaveLength(3);
  });

  it('finds edited data at the edited event', async () => {
    const { report, found } = await tampered((t) => {
      const row = t.at(REGISTER_STREAM, 1);
      t.editData(row.position, (data) => ({ ...data, category: 'user' }));
      return row;
    });
    expect(report.ok).toBe(false);
    expect(report.breaks).toBe(1);
    expect(report.firstBreak).toMatchObject({
      stream: REGISTER_STREAM,
      revision: 1n,
      position: String(found.position),
      reason: 'hash',
      event: { type: 'MemberAdmitted', commandId: expect.any(String), actor: { keyId: 'test-secretary' } },
    });
  });

  it('finds edited metadata (who did it) at the edited event', async () => {
    const { report, found } = await tampered((t) => {
      const row = t.at(memberStream(memberId(1)), 1);
      t.editMetadata(row.position, (m) => ({ ...m, actor: { keyId: 'someone-else', role: 'admin' } }));
      return row;
    });
    expect(report.firstBreak).toMatchObject({
      stream: memberStream(memberId(1)),
      revision: 1n,
      position: String(found.position),
      reason: 'hash',
    });
  });

  it('finds a deleted event where its stream skips a revision', async () => {
    const { report } = await tampered((t) => t.delete(t.at(REGISTER_STREAM, 2).position));
    expect(report.firstBreak).toMatchObject({
      stream: REGISTER_STREAM,
      revision: 3n,
      reason: 'revision',
      expected: '2',
      actual: '3',
    });
  });

  it('finds two events of a stream swapped where the first no longer chains', async () => {
    const { report, found } = await tampered((t) => {
      const [a, b] = [t.at(REGISTER_STREAM, 1), t.at(REGISTER_STREAM, 2)];
      t.swapContents(a.position, b.position);
      return a;
    });
    expect(report.firstBreak).toMatchObject({
      stream: REGISTER_STREAM,
      revision: 1n,
      position: String(found.position),
      reason: 'prevHash',
    });
  });

  it('finds two events swapped in $all only where a revision comes early', async () => {
    const stream = memberStream(memberId(1));
    const { report, found } = await tampered((t) => {
      const [a, b] = [t.at(stream, 0), t.at(stream, 1)];
      t.swapPositions(a.position, b.position);
      return a;
    });
    expect(report.firstBreak).toMatchObject({
      stream,
      revision: 1n,
      position: String(found.position),
      reason: 'revision',
      expected: '0',
      actual: '1',
    });
  });

  it('finds a truncated stream (every surviving chain intact) at the next seal', async () => {
    const { report, found } = await tampered((t) => {
      t.truncate(REGISTER_STREAM, 2);
      return seal(t, 1);
    });
    expect(report.breaks).toBe(1);
    expect(report.firstBreak).toMatchObject({
      stream: SEAL_STREAM,
      revision: 1n,
      position: String(found.position),
      reason: 'seal-count',
      expected: '22 events before the seal',
      actual: '20 events',
      logIndex: 20,
    });
  });

  it('finds a stream deleted whole at the first seal that covered it', async () => {
    const late = await tampered((t) => t.deleteStream(memberStream(memberId(2))));
    expect(late.report.firstBreak).toMatchObject({
      stream: SEAL_STREAM,
      revision: 1n,
      reason: 'seal-missing-stream',
      expected: '11 streams in the first 22 events',
      actual: '10 streams in all 20 events before the seal',
    });
    const early = await tampered((t) => t.deleteStream(applicationStream(appId(6))));
    expect(early.report.firstBreak).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal-missing-stream' });
  });

  it('finds a forged event where the next genuine event does not chain from it', async () => {
    const forged = {
      memberId: memberId(9),
      applicationId: appId(9),
      memberNumber: 9,
      category: 'worker',
      admittedOn: '2026-02-03',
      boardResolutionId: 'cda-forged',
      fiscalCodeIndex: fiscalIndex(9),
    };
    const { report } = await tampered((t) => t.insertForged(REGISTER_STREAM, 2, 'MemberAdmitted', forged, { rechain: false }));
    expect(report.firstBreak).toMatchObject({ stream: REGISTER_STREAM, revision: 3n, reason: 'prevHash' });
  });

  it('finds a forged event with the rest of its stream re-chained at the next seal', async () => {
    const forged = { memberId: memberId(1), count: 40, nominalValueCents: 2_500, subscribedOn: '2026-02-11' };
    const { report } = await tampered((t) =>
      t.insertForged(memberStream(memberId(1)), 1, 'SharesSubscribed', forged, { rechain: true }),
    );
    expect(report.breaks).toBe(1);
    expect(report.firstBreak).toMatchObject({ stream: SEAL_STREAM, revision: 1n, reason: 'seal-log-root' });
  });

  it('finds a rewritten and re-chained tail at the next seal', async () => {
    const { report } = await tampered((t) => {
      t.editData(t.at(REGISTER_STREAM, 6).position, (data) => ({ ...data, cause: 'withdrawal' }));
      t.rechain(REGISTER_STREAM, 6);
    });
    expect(report.breaks).toBe(1);
    expect(report.firstBreak).toMatchObject({ stream: SEAL_STREAM, revision: 1n, reason: 'seal-log-root' });
  });

  it('finds data that fails its schema even when its chain was recomputed', async () => {
    const { report } = await tampered((t) => {
      t.editData(t.at(REGISTER_STREAM, 0).position, (data) => ({ ...data, fiscalCodeIndex: 'RSSMRA80A01H501U' }));
      t.rechain(REGISTER_STREAM, 0);
    });
    expect(report.firstBreak).toMatchObject({ stream: REGISTER_STREAM, revision: 0n, reason: 'schema' });
    expect(report.firstBreak!.actual).toContain('fiscalCodeIndex');
  });

  it('finds an event of a type no schema is registered for', async () => {
    const registry = new EventRegistry().register(...membershipEvents.filter((d) => d.type !== 'MembershipEnded'), LedgerSealed);
    const { report } = await tampered(() => undefined, registry);
    expect(report.firstBreak).toMatchObject({
      stream: REGISTER_STREAM,
      revision: 6n,
      reason: 'unknown-type',
      actual: 'MembershipEnded',
    });
  });

  it('reports an event that cannot be read instead of failing', async () => {
    const { report } = await tampered((t) => t.db.prepare('UPDATE events SET data = ? WHERE position = 10').run('{"cut'));
    expect(report).toMatchObject({ ok: false, firstBreak: { reason: 'unreadable', position: '9' } });
  });
});

const reversed = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).reverse());

describe('seals and positions', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const registry = () => testRegistry().register(LedgerSealed);
  const note = (n: number) => envelope(n, 'Noted', { text: `note ${n}` });

  it('checks a seal at the position it sealed even when others appended in between', async () => {
    const file = join(dir, 'gap.sqlite');
    const store = openStore(file, registry());
    await store.append('notes-a', [note(1), note(2)], 'no_stream');
    await store.append('notes-b', [note(3)], 'no_stream');
    const sealed = await computeSeal(store.storage);
    await store.append('notes-a', [note(4)], 1n); // between the scan and the seal
    await store.append('notes-c', [note(5)], 'no_stream');
    await store.append(
      SEAL_STREAM,
      [envelope(6, 'LedgerSealed', { ...sealed, sealedAt: '2026-03-02T10:00:00.000Z' })],
      'no_stream',
    );
    expect(await verifyHistory(store.storage, registry())).toMatchObject({ ok: true, seals: 1, events: 6 });
    await store.close();

    const t = new Tamper(file);
    t.delete(t.at('notes-b', 0).position); // sealed: caught
    t.delete(t.at('notes-c', 0).position); // appended after the sealed position: the next seal's business
    t.close();
    const storage = new SqliteEventStorage(file);
    const report = await verifyHistory(storage, registry());
    await storage.close();
    expect(report).toMatchObject({ ok: false, breaks: 1, firstBreak: { stream: SEAL_STREAM, reason: 'seal-missing-stream' } });
  });

  it('refuses a seal that names more events than there are before it', async () => {
    const store = openStore(join(dir, 'future.sqlite'), registry());
    await store.append('notes-a', [note(1)], 'no_stream');
    const sealed = await computeSeal(store.storage);
    await store.append(
      SEAL_STREAM,
      [envelope(2, 'LedgerSealed', { ...sealed, treeSize: 9, sealedAt: '2026-03-02T10:00:00.000Z' })],
      'no_stream',
    );
    const report = await verifyHistory(store.storage, registry());
    await store.close();
    expect(report.firstBreak).toMatchObject({
      stream: SEAL_STREAM,
      revision: 0n,
      reason: 'seal-count',
      logIndex: 1,
      actual: '1 events',
    });
  });

  it("does not check the position a seal names: positions are the adapter's, not the log's", async () => {
    const store = openStore(join(dir, 'elsewhere.sqlite'), registry());
    await store.append('notes-a', [note(1)], 'no_stream');
    const sealed = await computeSeal(store.storage);
    await store.append(
      SEAL_STREAM,
      [envelope(2, 'LedgerSealed', { ...sealed, position: '9', sealedAt: '2026-03-02T10:00:00.000Z' })],
      'no_stream',
    );
    expect(await verifyHistory(store.storage, registry())).toMatchObject({ ok: true, seals: 1 });
    await store.close();
  });

  it('lets only one of two concurrent seals through, and the winner verifies', async () => {
    const store = openStore(join(dir, 'race.sqlite'), registry());
    await store.append('notes-a', [note(1)], 'no_stream');
    const outcomes = await Promise.allSettled([
      sealHistory(store, { keyId: 'a', role: 'admin' }),
      sealHistory(store, { keyId: 'b', role: 'admin' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await verifyHistory(store.storage, registry())).toMatchObject({ ok: true, seals: 1 });
    await store.close();
  });

  it('seals an empty store at position 0 over the empty tree', async () => {
    const store = openStore(join(dir, 'empty.sqlite'), registry());
    const receipt = await sealHistory(store, { keyId: 'a', role: 'admin' });
    expect(receipt).toMatchObject({
      position: '0',
      treeSize: 0,
      logRoot: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      frontier: [],
      streams: 0,
      merkleRoot: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      sealRevision: 0n,
    });
    expect(await verifyHistory(store.storage, registry())).toMatchObject({ ok: true, seals: 1, events: 1 });
    await store.close();
  });

  it('finds $all positions that do not increase (an adapter or index gone wrong)', async () => {
    const chained = (stream: string, revision: bigint, prevHash: string, position: Position): StoredRecord => {
      const metadata = {
        schemaVersion: 1,
        occurredAt: '2026-03-02T10:00:00.000Z',
        recordedAt: '2026-03-02T10:00:00.000Z',
        actor: { keyId: 'k', role: 'admin' },
        commandId: 'c',
        correlationId: 'c',
        causationId: 'c',
        prevHash,
      };
      const data = { text: `${stream}@${revision}` };
      const hash = chainHash(prevHash, { stream, revision, type: Noted.type, data, metadata });
      return { id: `${stream}-${revision}`, stream, revision, position, type: Noted.type, data, metadata: { ...metadata, hash } };
    };
    const a0 = chained('notes-a', 0n, genesisHash('notes-a'), positionOf(1n));
    const b0 = chained('notes-b', 0n, genesisHash('notes-b'), positionOf(3n));
    const a1 = chained('notes-a', 1n, a0.metadata.hash, positionOf(2n));
    const records = [a0, b0, a1];
    const storage = {
      name: 'stub',
      headPosition: async () => positionOf(3n),
      async *readAll() {
        yield* records;
      },
      async *readStream(stream: string) {
        yield* records.filter((r) => r.stream === stream);
      },
    } as unknown as EventStorage;
    const report = await verifyHistory(storage, registry());
    expect(report).toMatchObject({
      ok: false,
      breaks: 1,
      firstBreak: { stream: 'notes-a', revision: 1n, position: '2', reason: 'position', expected: 'after 3' },
    });
  });
});
