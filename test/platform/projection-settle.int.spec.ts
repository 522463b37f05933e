import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import type { Projector } from '../../src/platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { counted, testRegistry, uniqueStream } from '../support/test-events.js';

/**
 * A live projector lets the appends of a busy moment gather (`appendSettleMs`) and takes them in
 * one batch; whoever waits for its read model (a query's read-your-writes, a command's
 * `catchUp`) does not wait for that. The settling time and the poll here are a minute, longer
 * than any test: only a waiter can have woken the projector.
 */
describe('a live projector lets appends gather, and a waiter wakes it at once', () => {
  const MINUTE = 60_000;
  let dir: string;
  let events: ChainedEventStore;
  let readModels: EmbeddedReadModelStore;
  let runner: ProjectionRunner;
  /** The events the projector applied, in order, and the batches they came in (one context each). */
  let current: number[];
  let batches: Set<object>;
  /** While set, the projector's next event waits on it (a slow batch). */
  let gate: Promise<void> | undefined;

  const counts: Projector = {
    name: 'counts',
    version: 1,
    eventTypes: ['Counted'],
    async apply(event, context) {
      const { n } = event.data as { n: number };
      if (gate) await gate;
      current.push(n);
      batches.add(context);
      await context.collection('counts').insertOne({ _id: event.id, n });
    },
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-settle-'));
    events = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite')),
      testRegistry(),
      new FixedClock('2026-01-01T00:00:00Z'),
    );
    readModels = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
    current = [];
    batches = new Set();
    gate = undefined;
    runner = new ProjectionRunner(events, readModels, [counts], {
      pollIntervalMs: MINUTE,
      appendSettleMs: MINUTE,
      onAppend: (listener) => events.onAppend(listener),
    });
    await runner.start();
    expect(await runner.catchUp(10_000)).toBe(true);
  });
  afterEach(async () => {
    await runner.stop();
    await readModels.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const served = async () =>
    (await (await runner.collection<{ _id: string; n: number }>('counts', 'counts')).find()).map((d) => d.n).sort();
  /** A few turns of the event loop: time for anything already due to run. */
  const turns = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('takes a burst of appends nobody waits for only once it has settled, all in one batch', async () => {
    for (let n = 1; n <= 3; n++) await events.append(uniqueStream(), [counted(n)], 'no_stream');
    await turns();
    expect(await served()).toEqual([]);
    batches.clear();
    const { position } = await events.append(uniqueStream(), [counted(4)], 'no_stream');
    expect(await runner.waitFor(position, ['counts'], 10_000)).toBe(true);
    expect(current).toEqual([1, 2, 3, 4]);
    expect(batches.size).toBe(1);
    expect(await served()).toEqual([1, 2, 3, 4]);
  });

  it('answers a waiter at once, without the settling time (which outlasts the wait)', async () => {
    const { position } = await events.append(uniqueStream(), [counted(1)], 'no_stream');
    expect(await runner.waitFor(position, ['counts'], 5_000)).toBe(true);
    expect(await served()).toEqual([1]);
  });

  it('answers a waiter who came while it was busy with a batch, once that batch is done', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const first = await events.append(uniqueStream(), [counted(1)], 'no_stream');
    const firstServed = runner.waitFor(first.position, ['counts'], 10_000);
    await turns(); // the projector now waits on the gate, inside its batch
    const second = await events.append(uniqueStream(), [counted(2)], 'no_stream');
    const secondServed = runner.waitFor(second.position, ['counts'], 10_000);
    gate = undefined;
    open();
    expect(await firstServed).toBe(true);
    expect(await secondServed).toBe(true);
    expect(await served()).toEqual([1, 2]);
  });
});
