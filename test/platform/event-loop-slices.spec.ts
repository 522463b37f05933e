import { describe, expect, it } from '@jest/globals';
import { EventLoopSlices } from '../../src/platform/event-loop-slices.js';

/**
 * The projections' share of the event loop, on a clock the test moves and a "turn" the test
 * runs: several workers taking units of work and yielding between them, as the builds
 * catching up together do.
 */
function loop(sliceMs: number) {
  let now = 0;
  const turns: Array<() => void> = [];
  const slices = new EventLoopSlices(
    sliceMs,
    () => now,
    (callback) => turns.push(callback),
  );
  /** Work done by each worker in each turn (turn 0: before the first). */
  const work: number[][] = [];
  let turn = 0;
  const worker = async (name: number, units: number, unitMs: number) => {
    for (let i = 0; i < units; i++) {
      now += unitMs;
      (work[turn] ??= [])[name] = (work[turn]?.[name] ?? 0) + unitMs;
      const wait = slices.yield();
      if (wait) await wait;
    }
  };
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /**
   * Runs the event loop's pending turns until none is left. As Node's check phase does, the
   * microtasks settle after each callback, so a worker resumed by one runs before the next.
   */
  const run = async () => {
    await settle();
    while (turns.length) {
      const pending = turns.splice(0);
      turn += 1;
      for (const callback of pending) {
        callback();
        await settle();
      }
    }
  };
  return { slices, worker, run, work, turnsAsked: () => turns.length };
}

describe('the projections’ slices of the event loop', () => {
  it('within the slice, a worker goes on without waiting', () => {
    const { slices } = loop(5);
    expect(slices.yield()).toBeUndefined();
  });

  it('one worker past the slice waits for a turn, then has a new slice', async () => {
    const { worker, run, work } = loop(5);
    const done = worker(0, 12, 1);
    await run();
    await done;
    // 5 ms before the first turn, then 5 ms after each, then the 2 left.
    expect(work.map((w) => w[0])).toEqual([5, 5, 2]);
  });

  it('the slice is the process’s: workers past it wait for the same turn and share the next slice', async () => {
    const { worker, run, work } = loop(5);
    const done = Promise.all([worker(0, 30, 1), worker(1, 30, 1), worker(2, 30, 1), worker(3, 30, 1)]);
    await run();
    await done;
    // Between two turns the workers together take the slice and one unit each resuming past
    // it (at most 5 + 3 ms), never a slice each (20 ms).
    for (const [i, w] of work.entries()) {
      const taken = w.reduce((a, b) => a + (b ?? 0), 0);
      expect({ turn: i, taken: taken <= 5 + 3 }).toEqual({ turn: i, taken: true });
    }
    // All the work was done.
    expect(work.flat().reduce((a, b) => a + (b ?? 0), 0)).toBe(120);
  });

  it('one turn is asked however many workers wait past the slice', () => {
    const { slices, turnsAsked } = loop(0); // a slice of 0 ms is always spent
    const first = slices.yield();
    const second = slices.yield();
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(turnsAsked()).toBe(1);
  });
});
