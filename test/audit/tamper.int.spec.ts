import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEAL_STREAM } from '../../src/audit/seal.js';
import { verifyHistory, type IntegrityBreak, type VerifyReport } from '../../src/audit/verify.js';
import { applicationStream, memberStream, REGISTER_STREAM } from '../../src/membership/domain/membership-events.js';
import { appId, fiscalIndex, memberId } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { envelope, membershipRegistry, openStore, Tamper, tempDir, writeMembershipHistory } from './support.js';

/**
 * The tamper suite: every kind of change an intruder with the file can make, each made once on
 * the sealed history and once on the same history without its seals, and where verify says
 * the history first differs: the break's stream, revision and log index, and, for what only a
 * seal can find, the range of log indexes its tree narrows the first difference to. Where
 * nothing but a seal can find a change, the unsealed case asserts that verify does NOT find
 * it: the limit is documented by a test, and the yearly seal is what closes it.
 *
 * Log indexes of the sealed history: applications 0-5, seal 6 (tree size 6), the admissions
 * and shares 7-18 (the register's revisions 0-3 at 7, 10, 13, 16), rejection 19, category
 * change 20, exit 21 (register revisions 4-6), seal 22 (tree size 22, frontier [0,16) [16,20)
 * [20,22)), and after it one category change (register revision 7) at 23 that no seal
 * covers. Without the seals every index from 7 on is one less.
 */
describe('the tamper suite: each change found at its first differing log index', () => {
  let dir: string;
  const sealed = () => join(dir, 'sealed.sqlite');
  const unsealed = () => join(dir, 'unsealed.sqlite');
  let cases = 0;

  const copy = (from: string, to: string) => {
    copyFileSync(from, to);
    if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  };

  beforeAll(async () => {
    dir = tempDir('coop-tamper-');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(sealed(), membershipRegistry(), clock);
    await writeMembershipHistory(store, clock);
    await store.append(
      REGISTER_STREAM,
      [
        envelope(99, 'MemberCategoryChanged', {
          memberId: memberId(1),
          from: 'worker',
          to: 'user',
          boardResolutionId: 'cda-d',
          changedOn: '2026-02-26',
        }),
      ],
      6n,
    );
    await store.close();
    // The same events, without the seals (positions keep their gaps: log indexes count events).
    copy(sealed(), unsealed());
    const t = new Tamper(unsealed());
    t.deleteStream(SEAL_STREAM);
    t.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function verifyTampered(template: string, edit: (t: Tamper) => void): Promise<VerifyReport> {
    const file = join(dir, `case-${++cases}.sqlite`);
    copy(template, file);
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

  const forgedAdmission = {
    memberId: memberId(9),
    applicationId: appId(9),
    memberNumber: 9,
    category: 'worker',
    admittedOn: '2026-02-03',
    boardResolutionId: 'cda-forged',
    fiscalCodeIndex: fiscalIndex(9),
  };
  const forgedShares = { memberId: memberId(1), count: 40, nominalValueCents: 2_500, subscribedOn: '2026-02-11' };
  const rewriteFrom = (t: Tamper, revision: number) => {
    t.editData(t.at(REGISTER_STREAM, revision).position, (data) => ({ ...data, boardResolutionId: 'cda-forged' }));
    t.rechain(REGISTER_STREAM, revision);
  };

  /** What verify must say: a break (the first, and how many), or nothing (`null`: the limit without a seal). */
  type Expected = { first: Partial<IntegrityBreak>; breaks?: number } | null;
  const kinds: Array<{ kind: string; edit: (t: Tamper) => void; sealed: Expected; unsealed: Expected }> = [
    {
      kind: 'edit of an event’s data',
      edit: (t) => t.editData(t.at(REGISTER_STREAM, 1).position, (d) => ({ ...d, category: 'user' })),
      sealed: { first: { stream: REGISTER_STREAM, revision: 1n, reason: 'hash', logIndex: 10 } },
      unsealed: { first: { stream: REGISTER_STREAM, revision: 1n, reason: 'hash', logIndex: 9 } },
    },
    {
      kind: 'edit of an event’s metadata (who recorded it)',
      edit: (t) =>
        t.editMetadata(t.at(memberStream(memberId(1)), 1).position, (m) => ({ ...m, actor: { keyId: 'x', role: 'admin' } })),
      sealed: { first: { stream: memberStream(memberId(1)), revision: 1n, reason: 'hash', logIndex: 9 } },
      unsealed: { first: { stream: memberStream(memberId(1)), revision: 1n, reason: 'hash', logIndex: 8 } },
    },
    {
      kind: 'delete of an event inside a stream',
      edit: (t) => t.delete(t.at(REGISTER_STREAM, 2).position), // log index 13; revision 3 moves up to 15
      sealed: { first: { stream: REGISTER_STREAM, revision: 3n, reason: 'revision', expected: '2', logIndex: 15 } },
      unsealed: { first: { stream: REGISTER_STREAM, revision: 3n, reason: 'revision', expected: '2', logIndex: 14 } },
    },
    {
      kind: 'delete of a stream’s last sealed event',
      // The exit, log index 21: the seal that held it comes first (now at 21), then revision 7 skips one (at 22).
      edit: (t) => t.delete(t.at(REGISTER_STREAM, 6).position),
      sealed: {
        // The last sealed subtree, [20, 22), is the one the 21 events before the seal do not rebuild.
        first: { stream: SEAL_STREAM, revision: 1n, reason: 'seal-count', logIndex: 21, firstDifference: { from: 20, to: 22 } },
        breaks: 2,
      },
      unsealed: { first: { stream: REGISTER_STREAM, revision: 7n, reason: 'revision', logIndex: 20 } },
    },
    {
      kind: 'insert of a forged event, the rest of its stream not re-chained',
      edit: (t) => t.insertForged(REGISTER_STREAM, 2, 'MemberAdmitted', forgedAdmission, { rechain: false }),
      sealed: { first: { stream: REGISTER_STREAM, revision: 3n, reason: 'prevHash', logIndex: 14 } },
      unsealed: { first: { stream: REGISTER_STREAM, revision: 3n, reason: 'prevHash', logIndex: 13 } },
    },
    {
      kind: 'insert of a forged event, the rest of its stream re-chained',
      edit: (t) => t.insertForged(memberStream(memberId(1)), 1, 'SharesSubscribed', forgedShares, { rechain: true }), // at 9
      // Seal 0 (6 events) still holds, so the difference is after it, inside the first subtree of seal 1.
      sealed: {
        first: { stream: SEAL_STREAM, revision: 1n, reason: 'seal-log-root', logIndex: 23, firstDifference: { from: 6, to: 16 } },
      },
      unsealed: null,
    },
    {
      kind: 'reorder inside a stream (contents swapped)',
      edit: (t) => t.swapContents(t.at(REGISTER_STREAM, 1).position, t.at(REGISTER_STREAM, 2).position),
      sealed: { first: { stream: REGISTER_STREAM, revision: 1n, reason: 'prevHash', logIndex: 10 } },
      unsealed: { first: { stream: REGISTER_STREAM, revision: 1n, reason: 'prevHash', logIndex: 9 } },
    },
    {
      kind: 'reorder inside a stream (in $all only)',
      edit: (t) => t.swapPositions(t.at(memberStream(memberId(1)), 0).position, t.at(memberStream(memberId(1)), 1).position),
      sealed: { first: { stream: memberStream(memberId(1)), revision: 1n, reason: 'revision', expected: '0', logIndex: 8 } },
      unsealed: { first: { stream: memberStream(memberId(1)), revision: 1n, reason: 'revision', expected: '0', logIndex: 7 } },
    },
    {
      kind: 'reorder across streams in $all (a MembershipApplied and its MemberAdmitted swapped)',
      edit: (t) => t.swapPositions(t.at(applicationStream(appId(1)), 0).position, t.at(REGISTER_STREAM, 0).position),
      // Both seals cover index 0; the sealed frontier of 6 is [0,4) [4,6).
      sealed: {
        first: { stream: SEAL_STREAM, revision: 0n, reason: 'seal-log-root', logIndex: 6, firstDifference: { from: 0, to: 4 } },
        breaks: 2,
      },
      unsealed: null,
    },
    {
      kind: 'truncate of a stream',
      edit: (t) => t.truncate(REGISTER_STREAM, 3), // revisions 5, 6 (log indexes 20, 21) and 7 (23)
      sealed: {
        // [0, 16) and [16, 20) rebuild as sealed: the first missing subtree is [20, 22), from the first index removed.
        first: { stream: SEAL_STREAM, revision: 1n, reason: 'seal-count', logIndex: 20, firstDifference: { from: 20, to: 22 } },
      },
      unsealed: null,
    },
    {
      kind: 'delete of a whole stream',
      edit: (t) => t.deleteStream(memberStream(memberId(2))), // log indexes 11 and 12
      sealed: {
        first: {
          stream: SEAL_STREAM,
          revision: 1n,
          reason: 'seal-missing-stream',
          logIndex: 20,
          // Within [0, 16), after the first seal that held (6).
          firstDifference: { from: 6, to: 16 },
        },
      },
      unsealed: null,
    },
    {
      kind: 'rewrite of a tail with recomputed hashes, before a seal',
      edit: (t) => rewriteFrom(t, 6), // the exit (21) and the change after the seal (23)
      // 22 = 16 + 4 + 2: index 21 is in the last sealed subtree, [20, 22).
      sealed: {
        first: {
          stream: SEAL_STREAM,
          revision: 1n,
          reason: 'seal-log-root',
          logIndex: 22,
          firstDifference: { from: 20, to: 22 },
        },
      },
      unsealed: null,
    },
    {
      // Nothing vouches for events after the last seal: the next seal fixes them, as they are then.
      kind: 'rewrite of a tail with recomputed hashes, after the last seal',
      edit: (t) => rewriteFrom(t, 7),
      sealed: null,
      unsealed: null,
    },
  ];

  it('leaves both histories intact when nothing is changed', async () => {
    expect(await verifyTampered(sealed(), () => {})).toMatchObject({ ok: true, events: 24, seals: 2 });
    expect(await verifyTampered(unsealed(), () => {})).toMatchObject({ ok: true, events: 22, seals: 0 });
  });

  describe.each(kinds)('$kind', ({ edit, sealed: withSeal, unsealed: withoutSeal }) => {
    const check = (report: VerifyReport, expected: Expected) => {
      if (expected === null) {
        expect(report).toMatchObject({ ok: true, breaks: 0 });
        return;
      }
      expect(report.ok).toBe(false);
      // Later breaks may follow from the first (a chain broken once stays broken); when given, their count too.
      if (expected.breaks !== undefined) expect(report.breaks).toBe(expected.breaks);
      expect(report.firstBreak).toMatchObject(expected.first);
      if (!expected.first.firstDifference) expect(report.firstBreak!.firstDifference).toBeUndefined();
    };
    it(
      withSeal ? 'is found with the seals, at its first differing log index' : 'is not found even with the seals (the limit)',
      async () => check(await verifyTampered(sealed(), edit), withSeal),
    );
    it(
      withoutSeal ? 'is found without a seal, at its first differing log index' : 'is not found without a seal (the limit)',
      async () => check(await verifyTampered(unsealed(), edit), withoutSeal),
    );
  });
});
