import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.js';
import type { Position } from '../../src/platform/event-store/position.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../../src/platform/projections/projection-runner.js';
import type { ProjectionContext, Projector } from '../../src/platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import type {
  Doc,
  ReadModelSession,
  ReadModelStore,
  ReadModelTransaction,
  IndexSpec,
} from '../../src/platform/read-models/read-model-store.js';
import { counted, noted, testRegistry } from '../support/test-events.js';
import { waitUntil } from '../support/wait.js';

/**
 * A projector that uses what a catch-up session must answer like a transaction: upserts with
 * `$inc`/`$push`, inserts, deletes found by a sorted query, an update by a filter without `_id`
 * (the first match in the table's order: ids are random), and whole-collection counts.
 */
const ledger: Projector = {
  name: 'ledger',
  version: 1,
  eventTypes: ['Counted'],
  async apply(event: RecordedEvent, context: ProjectionContext) {
    const { n } = event.data as { n: number };
    const totals = context.collection('totals');
    const entries = context.collection('entries');
    await totals.updateOne(
      { _id: event.stream },
      { $inc: { sum: n, count: 1 }, $push: { revisions: Number(event.revision) } },
      { upsert: true },
    );
    await entries.insertOne({ _id: event.id, stream: event.stream, n });
    if (n % 5 === 0) await entries.updateOne({ stream: event.stream, flagged: { $exists: false } }, { $set: { flagged: n } });
    if (n % 7 === 0) {
      const [smallest] = await entries.find({ stream: event.stream }, { sort: { n: 1 }, limit: 1 });
      if (smallest) await entries.deleteOne({ _id: smallest._id });
    }
    if (n % 11 === 0) await totals.updateOne({ _id: event.stream }, { $set: { entriesSeen: await entries.count() } });
  },
};

/** The embedded store, counting sessions and commits; after `crashAfter` commits every write fails, as if the process had died. */
class ObservedStore implements ReadModelStore {
  readonly name = 'observed';
  sessions = 0;
  commits = 0;
  /** The bytes each session held when it committed, in order, by projector build (collection prefix). */
  heldAtCommit: number[] = [];
  crashAfter = Infinity;
  /** Wraps each session commit (for checks before and after it). */
  aroundCommit = (commit: () => Promise<void>): Promise<void> => commit();
  private dead = false;

  constructor(readonly inner: EmbeddedReadModelStore) {}

  collection<T extends Doc = Doc>(name: string) {
    return this.inner.collection<T>(name);
  }
  createIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    return this.inner.createIndexes(collection, indexes);
  }
  transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    if (this.dead) return Promise.reject(new Error('the process is gone'));
    return this.inner.transaction(work);
  }
  openSession(): ReadModelSession {
    this.sessions++;
    const session = this.inner.openSession();
    const commit = <R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> => {
      if (this.dead || this.commits >= this.crashAfter) {
        this.dead = true;
        return Promise.reject(new Error('the process is gone'));
      }
      this.commits++;
      this.heldAtCommit.push(session.bytes);
      let result: R;
      return this.aroundCommit(async () => {
        result = await session.commit(work);
      }).then(() => result);
    };
    return {
      collection: (name) => session.collection(name),
      get bytes() {
        return session.bytes;
      },
      savepoint: () => session.savepoint(),
      rollbackToSavepoint: () => session.rollbackToSavepoint(),
      commit,
    };
  }
  dropCollection(name: string) {
    return this.inner.dropCollection(name);
  }
  listCollections() {
    return this.inner.listCollections();
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}

describe('catching up in memory (embedded read models)', () => {
  let dir: string;
  let events: ChainedEventStore;
  const runners: ProjectionRunner[] = [];
  const stores: EmbeddedReadModelStore[] = [];

  const open = (name: string) => {
    const store = new EmbeddedReadModelStore(join(dir, `${name}.sqlite`));
    stores.push(store);
    return new ObservedStore(store);
  };
  const runner = (readModels: ReadModelStore, options: ProjectionRunnerOptions = {}, projectors: Projector[] = [ledger]) => {
    const r = new ProjectionRunner(events, readModels, projectors, {
      batchSize: 10,
      catchUpBatchSize: 50,
      pollIntervalMs: 20,
      onAppend: (l) => events.onAppend(l),
      ...options,
    });
    runners.push(r);
    return r;
  };
  /** 6 streams of 60 events, appended 20 at a time, with events of another type between. */
  const write = async (onAppend: (position: Position) => Promise<void> = async () => undefined) => {
    for (let round = 0; round < 3; round++)
      for (let s = 0; s < 6; s++) {
        const appended = await events.append(
          `counter-${s}`,
          Array.from({ length: 20 }, (_, i) => counted(round * 20 + i + s * 1000)),
          'any',
        );
        await events.append('notes-1', [noted(`round ${round}`)], 'any');
        await onAppend(appended.position);
      }
  };
  const snapshot = async (r: ProjectionRunner) => ({
    totals: await (await r.collection('ledger', 'totals')).find({}, { sort: { _id: 1 } }),
    entries: await (await r.collection('ledger', 'entries')).find({}, { sort: { _id: 1 } }),
  });
  const checkpoint = (store: ReadModelStore) =>
    store.collection('_projection_checkpoints').findOne({ _id: 'ledger:v1g0' }) as Promise<
      (Doc & { eventsApplied: number; position: Position }) | null
    >;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-catch-up-'));
    events = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite'), { pollIntervalMs: 20 }),
      testRegistry(),
      new FixedClock('2026-01-01T00:00:00Z'),
    );
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives exactly the documents a live run gives, whatever its memory budget', async () => {
    const liveStore = open('live');
    const live = runner(liveStore);
    await live.start();
    await write(async (position) => {
      expect(await live.waitFor(position, ['ledger'], 5_000)).toBe(true);
    });
    expect(liveStore.sessions).toBe(0); // live: one short transaction per batch

    const oneCommit = open('one-commit');
    const rebuiltAtOnce = runner(oneCommit);
    await rebuiltAtOnce.start();
    expect(await rebuiltAtOnce.catchUp(10_000)).toBe(true);
    expect(oneCommit.commits).toBe(1);

    const manyCommits = open('many-commits');
    const rebuiltByBudget = runner(manyCommits, { catchUpMemoryBytes: 20_000 });
    await rebuiltByBudget.start();
    expect(await rebuiltByBudget.catchUp(10_000)).toBe(true);
    expect(manyCommits.commits).toBeGreaterThan(2);

    const expected = await snapshot(live);
    expect(expected.totals.map((t) => t['count'])).toEqual([60, 60, 60, 60, 60, 60]);
    expect(expected.entries.some((e) => e['flagged'] !== undefined)).toBe(true);
    expect(await snapshot(rebuiltAtOnce)).toEqual(expected);
    expect(await snapshot(rebuiltByBudget)).toEqual(expected);
    for (const r of [live, rebuiltAtOnce, rebuiltByBudget])
      expect((await r.status())[0]).toMatchObject({ state: 'live', eventsApplied: 360, lag: '0' });
  });

  it('shows queries nothing of a catch-up before it commits, and commits by the memory budget', async () => {
    await write();
    const store = open('budget');
    const visible = async () => {
      const totals = await store.collection('ledger__v1g0__totals').find();
      return { documents: totals.reduce((sum, t) => sum + (t['count'] as number), 0), checkpoint: await checkpoint(store) };
    };
    const committed: number[] = [];
    store.aroundCommit = async (commit) => {
      const before = await visible();
      expect(before.documents).toBe(before.checkpoint?.eventsApplied ?? 0); // nothing of the session yet
      await commit();
      const after = await visible();
      expect(after.documents).toBe(after.checkpoint!.eventsApplied); // documents and checkpoint together
      committed.push(after.documents);
    };
    const r = runner(store, { catchUpMemoryBytes: 20_000 });
    await r.start();
    expect(await r.catchUp(10_000)).toBe(true);
    expect(committed.length).toBeGreaterThan(2);
    expect(committed.length).toBeLessThan(8); // 360 events in batches of 50: at most one commit per batch
    expect(committed.every((n) => n % 50 === 0 || n === 360)).toBe(true);
    expect(committed[committed.length - 1]).toBe(360);
  });

  it('shares one memory budget among the builds catching up together', async () => {
    await write();
    const budget = 40_000;
    const alone = open('alone');
    const one = runner(alone, { catchUpMemoryBytes: budget });
    await one.start();
    expect(await one.catchUp(10_000)).toBe(true);

    const together = open('together');
    const two = runner(together, { catchUpMemoryBytes: budget }, [ledger, { ...ledger, name: 'ledger-b' }]);
    await two.start();
    expect(await two.catchUp(10_000)).toBe(true);

    // A batch here takes 20–30 kB. Alone, a build commits once it holds the budget (two batches);
    // two at once commit at half of it each (after every batch), even while the other commits.
    expect(Math.max(...alone.heldAtCommit)).toBeGreaterThanOrEqual(budget);
    expect(Math.max(...together.heldAtCommit)).toBeLessThan(budget);
    // And both end where one alone ends.
    expect(await snapshot(two)).toEqual(await snapshot(one));
  });

  it('dies between commits and resumes from its last durable checkpoint to the same documents', async () => {
    await write();
    const store = open('crashing');
    store.crashAfter = 3;
    const crashing = runner(store, { catchUpMemoryBytes: 1 }); // commits after every batch of 50
    await crashing.start();
    await waitUntil(async () => (await crashing.status())[0]!.state === 'failed');
    await crashing.stop();

    const stored = await checkpoint(store);
    expect(stored?.eventsApplied).toBe(150);
    const totals = await store.collection('ledger__v1g0__totals').find();
    expect(totals.reduce((sum, t) => sum + (t['count'] as number), 0)).toBe(150);

    const resumedStore = new ObservedStore(store.inner); // the same file, a new process
    const resumed = runner(resumedStore);
    await resumed.start();
    expect(await resumed.catchUp(10_000)).toBe(true);
    const fresh = runner(open('fresh'));
    await fresh.start();
    expect(await fresh.catchUp(10_000)).toBe(true);
    expect(await snapshot(resumed)).toEqual(await snapshot(fresh));
    expect((await resumed.status())[0]!.eventsApplied).toBe(360);
  });

  it('a rebuild of a live build catches up in memory and switches only once committed', async () => {
    await write();
    const store = open('rebuilt');
    const r = runner(store);
    await r.start();
    expect(await r.catchUp(10_000)).toBe(true);
    const before = await snapshot(r);
    await r.rebuild('ledger');
    await waitUntil(async () => (await r.status())[0]!.activeBuild === 'v1g1');
    expect(store.sessions).toBe(2);
    expect(await snapshot(r)).toEqual(before);
  });
});
