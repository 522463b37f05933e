import { describe, expect, it } from '@jest/globals';
import type { Position } from './position.js';
import { RecentAppends } from './recent-appends.js';
import type { StoredRecord } from './storage.js';

const at = (commit: number, type = 'Counted'): StoredRecord =>
  ({
    id: `e${commit}`,
    type,
    stream: `test-${commit}`,
    revision: 0n,
    position: `${commit}` as Position,
    data: { n: commit },
    metadata: { commandId: `c${commit}` },
  }) as unknown as StoredRecord;
const asIs = (record: StoredRecord) => record;
const commits = (read: { records: StoredRecord[] } | undefined) => read?.records.map((r) => Number(r.position));

describe('RecentAppends', () => {
  it('answers only for positions from just before the first it holds', () => {
    const recent = new RecentAppends(asIs);
    recent.add([at(5), at(6), at(7)]);
    expect(commits(recent.after('4' as Position, undefined, 10))).toEqual([5, 6, 7]);
    expect(recent.after('5' as Position, undefined, 10)).toEqual({ records: [at(6), at(7)], upTo: '7' });
    expect(recent.after('3' as Position, undefined, 10)).toBeUndefined();
    expect(recent.after(undefined, undefined, 10)).toBeUndefined();
    expect(recent.after('9' as Position, undefined, 10)).toEqual({ records: [], upTo: '9' });
  });

  it('says up to where it looked when it stops at maxCount or filters by type', () => {
    const recent = new RecentAppends(asIs);
    recent.add([at(1), at(2, 'Noted'), at(3), at(4, 'Noted')]);
    expect(recent.after('0' as Position, ['Counted'], 1)).toEqual({ records: [at(1)], upTo: '1' });
    expect(recent.after('1' as Position, ['Counted'], 5)).toEqual({ records: [at(3)], upTo: '4' });
  });

  it('starts again after a gap, and forgets the oldest past twice its capacity', () => {
    const recent = new RecentAppends(asIs, 2);
    recent.add([at(1), at(2)]);
    recent.add([at(4)]); // 3 was written by someone else
    expect(recent.after('1' as Position, undefined, 10)).toBeUndefined();
    expect(commits(recent.after('3' as Position, undefined, 10))).toEqual([4]);
    recent.add([at(5), at(6), at(7), at(8)]); // five held: more than twice two, cut to the last two
    expect(recent.after('5' as Position, undefined, 10)).toBeUndefined();
    expect(commits(recent.after('6' as Position, undefined, 10))).toEqual([7, 8]);
  });

  it('makes what readers get of a record once, when it is first read', () => {
    const made: number[] = [];
    const recent = new RecentAppends((record: StoredRecord) => {
      made.push(Number(record.position));
      return { ...record };
    });
    recent.add([at(1), at(2, 'Noted'), at(3)]);
    const first = recent.after('0' as Position, ['Counted'], 10)!.records;
    const again = recent.after('0' as Position, undefined, 10)!.records;
    expect(made).toEqual([1, 3, 2]);
    expect(again[0]).toBe(first[0]);
    expect(again[2]).toBe(first[1]);
  });
});
