import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEAL_STREAM, sealHistory } from '../../src/audit/seal.js';
import { SEAL_SIGNATURES_STREAM } from '../../src/audit/signing/signing-events.js';
import { verifyHistory, type VerifyReport } from '../../src/audit/verify.js';
import { eventRegistry } from '../../src/event-definitions.js';
import { applicationStream, memberStream, REGISTER_STREAM } from '../../src/membership/domain/membership-events.js';
import { FixedClock } from '../../src/platform/clock.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { appId, fiscalIndex, memberId } from '../support/membership-history.js';
import { buildIfNeeded } from '../support/service-process.js';
import { actor, envelope, openStore, Tamper, tempDir, writeMembershipHistory } from './support.js';

/**
 * `verify` split over worker threads says what the single thread says: the same report, break
 * for break, over a history cut into ranges of a few events (forced by `rangeSize`), so that
 * chains, seals and tampered events fall on both sides of range boundaries. The workers run
 * the build (built first, as `npm test` does).
 *
 * Log indexes: applications 0-5, seal 6, admissions and shares 7-18, rejection 19, category
 * change 20, exit 21, seal 22, 40 share payments of member 1 at 23-62, seal 63, one more
 * payment at 64.
 */
describe('verify in worker threads: the single-threaded report over ranges of $all', () => {
  let dir: string;
  const template = () => join(dir, 'history.sqlite');
  let cases = 0;
  const registry = eventRegistry();

  const copy = (from: string, to: string) => {
    copyFileSync(from, to);
    if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  };

  beforeAll(async () => {
    buildIfNeeded();
    dir = tempDir('coop-verify-parallel-');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(template(), registry, clock);
    await writeMembershipHistory(store, clock);
    await store.append(
      memberStream(memberId(1)),
      Array.from({ length: 40 }, (_, i) =>
        envelope(1_000 + i, 'SharesPaid', { memberId: memberId(1), amountCents: 1, paidOn: '2026-02-13' }),
      ),
      1n,
    );
    clock.advance(60_000);
    await sealHistory(store, actor, { clock, commandId: 'seal-3' });
    await store.append(
      memberStream(memberId(1)),
      [envelope(2_000, 'SharesPaid', { memberId: memberId(1), amountCents: 1, paidOn: '2026-02-14' })],
      41n,
    );
    await store.close();
    // The first build of a fresh clone takes minutes on a loaded machine.
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The report of one thread and of two workers over ranges of `rangeSize`, and the event counts the workers' progress said. */
  async function both(edit: (t: Tamper) => void, rangeSize: number) {
    const file = join(dir, `case-${++cases}.sqlite`);
    copy(template(), file);
    const t = new Tamper(file);
    try {
      edit(t);
    } finally {
      t.close();
    }
    const storage = new SqliteEventStorage(file, { checkpointThread: false });
    try {
      const single = await verifyHistory(storage, registry);
      const progress: number[] = [];
      const parallel = await verifyHistory(storage, registry, {
        workers: 2,
        rangeSize,
        onProgress: (events) => progress.push(events),
      });
      return { single, parallel, progress };
    } finally {
      await storage.close();
    }
  }

  /** Positions renumbered after a delete, as a careful intruder would: none is missing. */
  const closeGaps = (t: Tamper) => {
    const positions = t.rows().map((r) => r.position);
    t.db.transaction(() => {
      t.db.prepare('UPDATE events SET position = -position').run();
      const move = t.db.prepare('UPDATE events SET position = ? WHERE position = ?');
      positions.forEach((p, i) => move.run(i + 1, -p));
    })();
  };

  const member1 = memberStream(memberId(1));
  const kinds: Array<{ kind: string; edit: (t: Tamper) => void; first?: Partial<NonNullable<VerifyReport['firstBreak']>> }> = [
    { kind: 'nothing changed', edit: () => {} },
    {
      kind: 'edit of the first event of its stream in a range (the link checked where ranges meet)',
      edit: (t) => t.editData(t.at(REGISTER_STREAM, 1).position, (d) => ({ ...d, category: 'user' })),
      first: { stream: REGISTER_STREAM, revision: 1n, reason: 'hash', logIndex: 10 },
    },
    {
      kind: 'edit of an event inside a range',
      edit: (t) => t.editData(t.at(member1, 20).position, (d) => ({ ...d, amountCents: 2 })),
      first: { stream: member1, revision: 20n, reason: 'hash', logIndex: 41 },
    },
    {
      kind: 'edit of metadata',
      edit: (t) => t.editMetadata(t.at(member1, 30).position, (m) => ({ ...m, actor: { keyId: 'x', role: 'admin' } })),
      first: { stream: member1, revision: 30n, reason: 'hash', logIndex: 51 },
    },
    {
      kind: 'reorder of one stream across a range boundary (in $all only)',
      edit: (t) => t.swapPositions(t.at(REGISTER_STREAM, 0).position, t.at(REGISTER_STREAM, 1).position),
      first: { stream: REGISTER_STREAM, revision: 1n, reason: 'revision', expected: '0', logIndex: 7 },
    },
    {
      kind: 'reorder of contents across a range boundary',
      edit: (t) => t.swapContents(t.at(member1, 5).position, t.at(member1, 25).position),
      first: { stream: member1, revision: 5n, reason: 'prevHash', logIndex: 26 },
    },
    {
      kind: 'reorder across streams (a MembershipApplied and its MemberAdmitted swapped)',
      edit: (t) => t.swapPositions(t.at(applicationStream(appId(1)), 0).position, t.at(REGISTER_STREAM, 0).position),
      first: { stream: SEAL_STREAM, revision: 0n, reason: 'seal-log-root', logIndex: 6 },
    },
    {
      kind: 'truncation of a stream, positions renumbered',
      edit: (t) => {
        t.delete(
          ...t
            .streamRows(member1)
            .slice(30, 41)
            .map((r) => r.position),
        );
        closeGaps(t);
      },
      // Revisions 30-40 gone: 41 follows 29 (at 51), and the seal after them counts 11 events fewer.
      first: { stream: member1, revision: 41n, reason: 'revision', expected: '30', logIndex: 51 },
    },
    {
      kind: 'delete of a whole stream, positions renumbered',
      edit: (t) => {
        t.deleteStream(memberStream(memberId(2)));
        closeGaps(t);
      },
      first: { stream: SEAL_STREAM, revision: 1n, reason: 'seal-missing-stream', logIndex: 20 },
    },
    {
      kind: 'truncation of a stream, positions left with a gap (verified in one thread)',
      edit: (t) => t.truncate(member1, 5),
      first: { stream: SEAL_STREAM, revision: 2n, reason: 'seal-count' },
    },
    {
      kind: 'insert of a forged event, re-chained',
      edit: (t) =>
        t.insertForged(
          REGISTER_STREAM,
          2,
          'MemberAdmitted',
          {
            memberId: memberId(9),
            applicationId: appId(9),
            memberNumber: 9,
            category: 'worker',
            admittedOn: '2026-02-03',
            boardResolutionId: 'cda-forged',
            fiscalCodeIndex: fiscalIndex(9),
          },
          { rechain: true },
        ),
      first: { stream: SEAL_STREAM, revision: 1n, reason: 'seal-log-root' },
    },
    {
      // Stored in canonical form, so that the workers take the path that reads the metadata off its text.
      kind: 'insert of a re-chained event whose data fails its schema (the chain holds: the schema check finds it)',
      edit: (t) =>
        t.insertForged(
          REGISTER_STREAM,
          2,
          'MemberAdmitted',
          {
            admittedOn: '2026-02-03',
            applicationId: appId(9),
            boardResolutionId: 'cda-forged',
            category: 'nobody',
            fiscalCodeIndex: fiscalIndex(9),
            memberId: memberId(9),
            memberNumber: 9,
          },
          { rechain: true },
        ),
      first: { stream: REGISTER_STREAM, revision: 2n, reason: 'schema', logIndex: 13 },
    },
    {
      kind: 'a new stream forged whose first event fails its schema (its chain holds from its genesis)',
      edit: (t) => t.insertNewStream(3, applicationStream(appId(9)), 'MembershipApplied', { applicantKind: 'alien' }),
      first: { stream: applicationStream(appId(9)), revision: 0n, reason: 'schema', logIndex: 2 },
    },
    {
      kind: 'a stored event that is not JSON',
      edit: (t) => t.db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{"memberId": ', t.at(member1, 12).position),
      // The history ends before it: after position 33, the event at log index 32.
      first: { reason: 'unreadable', logIndex: -1, position: '33' as never },
    },
  ];

  it('a seal signature that does not verify, its chain intact: BROKEN in workers as in one thread', async () => {
    const file = join(dir, `case-${++cases}.sqlite`);
    copy(template(), file);
    const clock = new FixedClock('2026-03-03T10:00:00Z');
    const store = openStore(file, registry, clock);
    let sealed: { treeSize: number; logRoot: string } | undefined;
    for await (const e of store.readStream(SEAL_STREAM)) if (e.revision === 1n) sealed = e.data as typeof sealed;
    await store.append(
      SEAL_SIGNATURES_STREAM,
      [
        envelope(3_000, 'SealSigned', {
          seal: 1,
          treeSize: sealed!.treeSize,
          logRoot: sealed!.logRoot,
          origin: 'coop-ledger/ledger',
          keyId: '0badc0de',
          signature: Buffer.alloc(68, 7).toString('base64'),
        }),
      ],
      'any',
    );
    await store.close();
    const storage = new SqliteEventStorage(file, { checkpointThread: false });
    try {
      const single = await verifyHistory(storage, registry);
      const parallel = await verifyHistory(storage, registry, { workers: 2, rangeSize: 5 });
      expect(single).toMatchObject({ ok: false, breaks: 0, signatures: { ok: false } });
      expect(single.signatures.seals[1]!.signature.status).toBe('invalid');
      expect(parallel).toEqual(single);
    } finally {
      await storage.close();
    }
  });

  it.each([null, 7])(
    'a seal whose metadata is %p, first of its stream in a range: the same report, no crash',
    async (metadata) => {
      const { single, parallel } = await both((t) => t.editMetadata(t.at(SEAL_STREAM, 1).position, () => metadata), 5);
      expect(single).toMatchObject({ ok: false, firstBreak: { stream: SEAL_STREAM, revision: 1n } });
      expect(parallel).toEqual(single);
    },
  );

  describe.each(kinds)('$kind', ({ edit, first }) => {
    it.each([5])('ranges of %i events: the same report', async (rangeSize) => {
      const { single, parallel, progress } = await both(edit, rangeSize);
      if (first?.reason === 'unreadable') expect(single.events).toBe(33);
      if (first) expect(single.firstBreak).toMatchObject(first);
      else expect(single).toMatchObject({ ok: true, events: 65, seals: 3 });
      expect(parallel).toEqual(single);
      // The workers ran (one report of progress per range), unless positions had a gap.
      if (!/gap/.test(expect.getState().currentTestName ?? ''))
        expect(progress.length).toBeGreaterThanOrEqual(Math.floor(parallel.events / rangeSize));
    });
  });
});
