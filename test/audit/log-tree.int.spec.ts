import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerSealed, SEAL_STREAM, sealHistory } from '../../src/audit/seal.js';
import { verifyHistory, type VerifyReport } from '../../src/audit/verify.js';
import { memberStream, REGISTER_STREAM } from '../../src/membership/domain/membership-events.js';
import { memberId } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { testRegistry } from '../support/test-events.js';
import { actor, envelope, membershipRegistry, openStore, Tamper, tempDir, writeMembershipHistory } from './support.js';

/**
 * What the log tree finds that no hash chain can: every chain holds, and the history is still
 * not the sealed one. The membership history's log indexes: applications 0-5, seal 6 (tree
 * size 6), admissions and shares 7-18, rejection 19, category 20, exit 21, seal 22 (size 22).
 */
describe('the log tree against tampering that leaves every chain intact', () => {
  let dir: string;
  let template: string;
  let cases = 0;

  beforeAll(async () => {
    dir = tempDir('coop-log-tree-');
    template = join(dir, 'template.sqlite');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(template, membershipRegistry(), clock);
    await writeMembershipHistory(store, clock);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function tampered(edit: (t: Tamper) => void): Promise<VerifyReport> {
    const file = join(dir, `case-${++cases}.sqlite`);
    copyFileSync(template, file);
    if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${file}-wal`);
    const t = new Tamper(file);
    try {
      edit(t);
    } finally {
      t.close();
    }
    const storage = new SqliteEventStorage(file);
    try {
      return await verifyHistory(storage, membershipRegistry());
    } finally {
      await storage.close();
    }
  }

  it('passes the history as written', async () => {
    expect(await tampered(() => {})).toMatchObject({ ok: true, seals: 2, events: 23 });
  });

  it("finds a MembershipApplied and its MemberAdmitted swapped across streams in $all (each stream's order kept)", async () => {
    // Log index 0 (application 1) and 7 (its admission, the register's first event).
    const report = await tampered((t) => t.swapPositions(1, 8));
    expect(report.breaks).toBe(2); // both seals cover index 0
    expect(report.firstBreak).toMatchObject({
      stream: SEAL_STREAM,
      revision: 0n,
      reason: 'seal-log-root',
      logIndex: 6,
      firstDifference: { from: 0, to: 4 }, // the sealed frontier of 6 is [0, 4) and [4, 6)
    });
  });

  it('finds a deleted event inside a stream at its log index, by the revision skipped', async () => {
    const report = await tampered((t) => t.delete(t.at(memberStream(memberId(2)), 0).position));
    expect(report.firstBreak).toMatchObject({ stream: memberStream(memberId(2)), reason: 'revision', logIndex: 11 });
  });

  it('finds a deleted last event of a stream at the next seal, after the last seal that held', async () => {
    const report = await tampered((t) => t.delete(t.at(REGISTER_STREAM, 6).position)); // log index 21
    expect(report.breaks).toBe(1);
    expect(report.firstBreak).toMatchObject({
      stream: SEAL_STREAM,
      revision: 1n,
      reason: 'seal-count',
      logIndex: 21,
      firstDifference: { from: 20, to: 22 }, // the last sealed subtree: the 21 events before the seal rebuild the others
    });
  });

  it('finds an event of a new stream inserted into the sealed past, in the frontier subtree it entered', async () => {
    const forged = { memberId: memberId(9), count: 40, nominalValueCents: 2_500, subscribedOn: '2026-02-11' };
    const report = await tampered((t) => t.insertNewStream(9, memberStream(memberId(9)), 'SharesSubscribed', forged)); // index 8
    expect(report.breaks).toBe(1);
    expect(report.firstBreak).toMatchObject({
      stream: SEAL_STREAM,
      revision: 1n,
      reason: 'seal-extra-stream',
      firstDifference: { from: 6, to: 16 }, // [0, 16) of the frontier, but the first seal held up to 6
    });
  });

  it('finds a tail rewritten and re-chained after a seal, in the last subtrees', async () => {
    const report = await tampered((t) => {
      t.editData(t.at(REGISTER_STREAM, 6).position, (data) => ({ ...data, cause: 'withdrawal' }));
      t.rechain(REGISTER_STREAM, 6);
    });
    expect(report.breaks).toBe(1);
    // 22 = 16 + 4 + 2: index 21 is in the last perfect subtree, [20, 22).
    expect(report.firstBreak).toMatchObject({ revision: 1n, reason: 'seal-log-root', firstDifference: { from: 20, to: 22 } });
  });

  it('still verifies on a store the history was copied to', async () => {
    const from = new SqliteEventStorage(template);
    const to = new SqliteEventStorage(join(dir, 'copy.sqlite'));
    try {
      await copyHistory(from, to);
      expect(await verifyHistory(to, membershipRegistry())).toMatchObject({ ok: true, seals: 2, events: 23 });
    } finally {
      await from.close();
      await to.close();
    }
  });
});

describe('seals of either version', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('coop-log-seal-');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const registry = () => testRegistry().register(LedgerSealed);
  const note = (n: number) => envelope(n, 'Noted', { text: `note ${n}` });

  it('says the exact log index where the last subtree is a single event', async () => {
    const file = join(dir, 'seven.sqlite');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(file, registry(), clock);
    await store.append('notes-a', [1, 2, 3, 4, 5, 6, 7].map(note), 'no_stream');
    await sealHistory(store, actor, { clock, commandId: 'seal-7' });
    await store.close();
    const t = new Tamper(file);
    t.editData(t.at('notes-a', 6).position, () => ({ text: 'rewritten' }));
    t.rechain('notes-a', 6);
    t.close();
    const storage = new SqliteEventStorage(file);
    const report = await verifyHistory(storage, registry());
    await storage.close();
    expect(report.firstBreak).toMatchObject({ reason: 'seal-log-root', firstDifference: { from: 6, to: 7 } });
  });

  it('verifies a seal of version 1 as it was written, by its event count, and finds what it covers changed', async () => {
    const file = join(dir, 'v1.sqlite');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(file, registry(), clock);
    await store.append('notes-a', [note(1), note(2)], 'no_stream');
    await store.append('notes-b', [note(3)], 'no_stream');
    const v2 = await sealHistory(store, actor, { clock, commandId: 'seal-1' });
    await store.close();
    // The seal as version 1 wrote it: position, event count and the stream heads' root only.
    const t = new Tamper(file);
    const row = t.at(SEAL_STREAM, 0);
    t.editData(row.position, () => ({
      position: v2.position,
      events: v2.treeSize,
      streams: v2.streams,
      merkleRoot: v2.merkleRoot,
      sealedAt: v2.sealedAt,
    }));
    t.editMetadata(row.position, (m) => ({ ...m, schemaVersion: 1 }));
    t.rechain(SEAL_STREAM, 0);
    t.close();

    const storage = new SqliteEventStorage(file);
    expect(await verifyHistory(storage, registry())).toMatchObject({ ok: true, seals: 1 });
    const copy = new SqliteEventStorage(join(dir, 'v1-copy.sqlite'));
    await copyHistory(storage, copy);
    expect(await verifyHistory(copy, registry())).toMatchObject({ ok: true, seals: 1 });
    await copy.close();
    await storage.close();

    const again = new Tamper(file);
    again.editData(again.at('notes-a', 1).position, () => ({ text: 'rewritten' }));
    again.rechain('notes-a', 1);
    again.close();
    const broken = new SqliteEventStorage(file);
    const report = await verifyHistory(broken, registry());
    await broken.close();
    expect(report.firstBreak).toMatchObject({ stream: SEAL_STREAM, reason: 'seal-root' });
    expect(report.firstBreak).not.toHaveProperty('firstDifference');
  });
});
