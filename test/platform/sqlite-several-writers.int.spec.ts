import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyHistory } from '../../src/audit/verify.js';
import { FixedClock } from '../../src/platform/clock.js';
import { CommandProcessor } from '../../src/platform/commands/command-processor.js';
import type { Decider } from '../../src/platform/commands/decider.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { WrongExpectedRevisionError } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { refusal } from '../../src/platform/errors/domain-errors.js';
import { actor, collect, counted, testRegistry } from '../support/test-events.js';

/** At most `cap` Counted events on a stream: a rule its expected revision must keep across writers. */
const capped = (cap: number): Decider<{ n: number }, number, { type: 'Counted'; data: { n: number } }> => ({
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: ({ n }, count) => {
    if (count >= cap) throw refusal('CAP', 'test rule', 'full');
    return [{ type: 'Counted', data: { n } }];
  },
});

/**
 * Several processes on one embedded file, as several connections each with its own stream-head
 * cache and command-state cache: what one wrote, the others see at their next append, which
 * the adapter checks against the head inside its write transaction.
 */
describe('embedded store with several writers on one file', () => {
  let dir: string;
  let writers: { storage: SqliteEventStorage; store: ChainedEventStore; commands: CommandProcessor }[];
  const clock = new FixedClock('2026-01-01T00:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-writers-'));
    writers = Array.from({ length: 3 }, () => {
      const storage = new SqliteEventStorage(join(dir, 'events.sqlite'));
      const store = new ChainedEventStore(storage, testRegistry(), clock);
      return { storage, store, commands: new CommandProcessor(store, clock) };
    });
  });
  afterEach(async () => {
    for (const { store } of writers) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a head another writer moved is never chained from: a stale exact revision is refused, `any` chains on', async () => {
    const [a, b] = writers;
    await a!.store.append('counter-1', [counted(1)], 'no_stream'); // a remembers revision 0
    await b!.store.append('counter-1', [counted(2)], 0n);
    await expect(a!.store.append('counter-1', [counted(3)], 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await a!.store.append('counter-1', [counted(4)], 'any');
    const stream = await collect(a!.store.readStream('counter-1'));
    expect(stream.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 4]);
    const report = await verifyHistory(a!.storage, testRegistry());
    expect(report).toMatchObject({ ok: true, events: 3, breaks: 0 });
  });

  it('a rule on one stream holds when every writer decides at once, and every chain verifies', async () => {
    const decider = capped(10);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        writers[i % 3]!.commands.execute('counter-capped', decider, { n: i }, { commandId: `command-${i}`, actor }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    for (const o of outcomes)
      if (o.status === 'rejected') expect((o.reason as { rule?: string }).rule ?? String(o.reason)).toBe('CAP');
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => writers[i % 3]!.store.append(`counter-${i % 4}`, [counted(i)], 'any')),
    );
    const report = await verifyHistory(writers[0]!.storage, testRegistry());
    expect(report).toMatchObject({ ok: true, events: 70, breaks: 0 });
  });
});
