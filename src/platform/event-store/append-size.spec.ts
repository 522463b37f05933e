import { describe, expect, it } from '@jest/globals';
import { APPEND_BYTES_BUDGET, eventBytes, splitBySize } from './event-store.js';

const event = (size: number, n: number) => ({ type: 'Noted', data: { text: 'x'.repeat(size), n }, metadata: {} });

describe('splitting events under the append size', () => {
  it('keeps the order and puts each run under the budget', () => {
    const events = Array.from({ length: 40 }, (_, n) => event(50_000, n));
    const runs = splitBySize(events);
    expect(runs.flat()).toEqual(events);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) expect(run.reduce((sum, e) => sum + eventBytes(e), 0)).toBeLessThanOrEqual(APPEND_BYTES_BUDGET);
  });

  it('leaves small appends whole, and gives an event larger than the budget a run of its own', () => {
    expect(splitBySize([event(10, 1), event(10, 2)])).toHaveLength(1);
    const runs = splitBySize([event(10, 1), event(APPEND_BYTES_BUDGET, 2), event(10, 3)]);
    expect(runs.map((run) => run.map((e) => e.data.n))).toEqual([[1], [2], [3]]);
  });
});
