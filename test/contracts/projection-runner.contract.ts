import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import type { Doc, ReadModelStore } from '../../src/platform/read-models/read-model-store.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import type { ProjectionContext, Projector } from '../../src/platform/projections/projector.js';
import { collect, counted, noted, testRegistry } from '../support/test-events.js';
import { waitUntil } from '../support/wait.js';

/**
 * A deliberately non-idempotent projector: `$inc` and `$push` would show any event applied
 * twice, and a missing one would show in the totals.
 */
const tally = (options: { version?: number; crashAt?: number } = {}): Projector & { applied: number } => ({
  name: 'tally',
  version: options.version ?? 1,
  eventTypes: ['Counted'],
  applied: 0,
  async apply(event: RecordedEvent, context: ProjectionContext) {
    this.applied++;
    if (this.applied === options.crashAt) throw new Error('simulated crash between document writes and checkpoint');
    const { n } = event.data as { n: number };
    await context
      .collection('totals')
      .updateOne(
        { _id: event.stream },
        { $inc: { sum: n, count: 1 }, $push: { revisions: Number(event.revision) } },
        { upsert: true },
      );
    await context.collection('parity').updateOne({ _id: n % 2 ? 'odd' : 'even' }, { $inc: { count: 1 } }, { upsert: true });
  },
});

/** A tally that counts the events each unit of work (transaction, or catch-up batch) applied, and may be slow. */
const countingTally = (delayMs = 0) => {
  const perUnit = new Map<ProjectionContext, number>();
  return {
    name: 'tally',
    version: 1,
    eventTypes: ['Counted'],
    perUnit,
    async apply(event: RecordedEvent, context: ProjectionContext) {
      perUnit.set(context, (perUnit.get(context) ?? 0) + 1);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await context.collection('totals').updateOne({ _id: event.stream }, { $inc: { count: 1 } }, { upsert: true });
    },
  };
};

/** Stops the runners started so far (before the event store they read is closed). */
async function onOtherStop(runners: ProjectionRunner[]): Promise<void> {
  for (const r of runners.splice(0)) await r.stop();
}

/**
 * Opens a read-model store by name; the same name in one test reaches the same data (a
 * restart), another name a separate one. `dispose` removes everything a test opened.
 */
export interface ReadModelTarget {
  open(name: string): Promise<ReadModelStore>;
  dispose(): Promise<void>;
}

/** The projection runner's guarantees, on any read-model adapter. */
export function projectionRunnerContract(adapter: string, target: () => ReadModelTarget): void {
  describe(`projection runner on ${adapter}`, () => {
    let dir: string;
    let events: ChainedEventStore;
    let stores: ReadModelTarget;
    const runners: ProjectionRunner[] = [];

    const openReadModels = (name = 'read-models') => stores.open(name);
    const runner = (readModels: ReadModelStore, projector: Projector, batchSize = 50, catchUpBatchSize = batchSize) => {
      const r = new ProjectionRunner(events, readModels, [projector], {
        batchSize,
        catchUpBatchSize,
        pollIntervalMs: 20,
        onAppend: (l) => events.onAppend(l),
      });
      runners.push(r);
      return r;
    };
    const write = async (streams: number, perStream: number) => {
      for (let s = 0; s < streams; s++)
        await events.append(
          `counter-${s}`,
          Array.from({ length: perStream }, (_, i) => counted(s * 1000 + i)),
          'any',
        );
      await events.append('notes-1', [noted('ignored by the projector')], 'any');
    };
    const snapshot = async (r: ProjectionRunner) => ({
      totals: await (await r.collection('tally', 'totals')).find({}, { sort: { _id: 1 } }),
      parity: await (await r.collection('tally', 'parity')).find({}, { sort: { _id: 1 } }),
    });

    beforeEach(() => {
      stores = target();
      dir = mkdtempSync(join(tmpdir(), 'coop-proj-'));
      events = new ChainedEventStore(
        new SqliteEventStorage(join(dir, 'events.sqlite'), { pollIntervalMs: 20 }),
        testRegistry(),
        new FixedClock('2026-01-01T00:00:00Z'),
      );
    });
    afterEach(async () => {
      for (const r of runners.splice(0)) await r.stop();
      await stores.dispose();
      await events.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('projects every event once and answers read-your-writes by position', async () => {
      await write(5, 40);
      const r = runner(await openReadModels(), tally());
      await r.start();
      const last = await events.append('counter-0', [counted(7)], 'any');
      expect(await r.waitFor(last.position, ['tally'], 5_000)).toBe(true);
      const { totals } = await snapshot(r);
      expect(totals).toHaveLength(5);
      expect(totals[0]).toMatchObject({ _id: 'counter-0', count: 41, sum: (39 * 40) / 2 + 7 });
      expect((totals[0] as Doc & { revisions: number[] }).revisions).toEqual(Array.from({ length: 41 }, (_, i) => i));
      const [status] = await r.status();
      expect(status).toMatchObject({ name: 'tally', state: 'live', eventsApplied: 201, lag: '0', activeBuild: 'v1g0' });
    });

    it('after a crash between document writes and checkpoint, restarting yields what a rebuild yields', async () => {
      await write(6, 60);
      const crashing = runner(await openReadModels(), tally({ crashAt: 137 }));
      await crashing.start();
      await waitUntil(async () => (await crashing.status())[0]!.state === 'failed');
      await crashing.stop();
      const [beforeRestart] = await crashing.status();
      expect(beforeRestart!.eventsApplied).toBe(100); // two whole batches of 50; the third rolled back

      const restarted = runner(await openReadModels(), tally());
      await restarted.start();
      expect(await restarted.catchUp(5_000)).toBe(true);

      // Far behind, the runner reads larger batches: the first of 120, the second fails.
      const behind = runner(await openReadModels('behind'), tally({ crashAt: 137 }), 50, 120);
      await behind.start();
      await waitUntil(async () => (await behind.status())[0]!.state === 'failed');
      await behind.stop();
      expect((await behind.status())[0]!.eventsApplied).toBe(120);

      const rebuilt = runner(await openReadModels('rebuild'), tally());
      await rebuilt.start();
      expect(await rebuilt.catchUp(5_000)).toBe(true);

      expect(await snapshot(restarted)).toEqual(await snapshot(rebuilt));
      expect((await snapshot(restarted)).totals.map((d) => d.count)).toEqual([60, 60, 60, 60, 60, 60]);
    });

    it('a version bump rebuilds into new collections and switches only when caught up', async () => {
      await write(3, 30);
      const readModels = await openReadModels();
      const v1 = runner(readModels, tally());
      await v1.start();
      await v1.catchUp(5_000);
      await v1.stop();
      const before = await collect(readModels.collection('_projection_active').stream());
      expect(before).toMatchObject([{ _id: 'tally', build: 'v1g0' }]);

      const v2 = runner(readModels, tally({ version: 2 }));
      await v2.start();
      expect(await v2.catchUp(5_000)).toBe(true);
      await waitUntil(async () => (await v2.status())[0]!.activeBuild === 'v2g0');
      const collections = await readModels.listCollections();
      expect(collections.filter((c) => c.startsWith('tally__v1g0'))).toEqual([]);
      expect(collections).toContain('tally__v2g0__totals');
      expect((await snapshot(v2)).totals.map((d) => d.count)).toEqual([30, 30, 30]);
    });

    it('an explicit rebuild goes to a new generation and gives the same documents', async () => {
      await write(2, 25);
      const r = runner(await openReadModels(), tally());
      await r.start();
      await r.catchUp(5_000);
      const live = await snapshot(r);
      await r.rebuild('tally');
      await waitUntil(async () => (await r.status())[0]!.activeBuild === 'v1g1');
      expect(await snapshot(r)).toEqual(live);
    });

    it('refuses a checkpoint of another event store and rebuilds (a history copied to a store with other positions)', async () => {
      await write(3, 20);
      const readModels = await openReadModels();
      const onFirst = runner(readModels, tally());
      await onFirst.start();
      expect(await onFirst.catchUp(5_000)).toBe(true);
      await onFirst.stop();

      // Another store holding the same history after events of its own: every position differs.
      const otherStorage = new SqliteEventStorage(join(dir, 'other.sqlite'), { pollIntervalMs: 20 });
      const other = new ChainedEventStore(otherStorage, testRegistry(), new FixedClock('2026-01-01T00:00:00Z'));
      try {
        await other.append(
          'notes-0',
          Array.from({ length: 10 }, (_, i) => noted(`before ${i}`)),
          'no_stream',
        );
        await copyHistory(events.storage, otherStorage);
        expect(await other.storeId()).not.toBe(await events.storeId());
        const onOther = new ProjectionRunner(other, readModels, [tally()], { batchSize: 50, pollIntervalMs: 20 });
        runners.push(onOther);
        await onOther.start();
        expect(await onOther.catchUp(5_000)).toBe(true);
        const [status] = await onOther.status();
        expect(status).toMatchObject({ activeBuild: 'v1g1', eventsApplied: 60, lag: '0' });
        expect((await snapshot(onOther)).totals.map((d) => d.count)).toEqual([20, 20, 20]);
        const checkpoints = await collect(readModels.collection('_projection_checkpoints').stream());
        expect(checkpoints).toEqual([expect.objectContaining({ build: 'v1g1', store: await other.storeId() })]);
      } finally {
        await onOtherStop(runners);
        await other.close();
      }
    });

    it('keeps each transaction within the store’s limits, in events and in time, and loses or repeats nothing', async () => {
      await write(3, 400);
      const readModels = await openReadModels('limited');
      const limits = readModels.transactionLimits;
      const projector = countingTally(limits ? Math.ceil(limits.maxMs / 40) : 0);
      const r = runner(readModels, projector, 50, 5_000);
      await r.start();
      expect(await r.catchUp(60_000)).toBe(true);
      expect((await snapshot(r)).totals.map((d) => d.count)).toEqual([400, 400, 400]);
      const units = [...projector.perUnit.values()];
      if (limits) {
        expect(Math.max(...units)).toBeLessThanOrEqual(limits.maxEvents);
        // 40 events take the time of one transaction: it commits what it has and goes on.
        expect(Math.max(...units)).toBeLessThanOrEqual(45);
      }
    });

    it('two workers projecting the same build never apply an event twice', async () => {
      await write(4, 50);
      // One store: the same process would otherwise wait on its own SQLite write lock.
      const readModels = await openReadModels();
      const a = runner(readModels, tally(), 10);
      const b = runner(readModels, tally(), 10);
      await Promise.all([a.start(), b.start()]);
      expect(await a.catchUp(5_000)).toBe(true);
      expect(await b.catchUp(5_000)).toBe(true);
      expect((await snapshot(a)).totals.map((d) => d.count)).toEqual([50, 50, 50, 50]);
    });
  });
}
