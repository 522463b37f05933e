import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../../src/platform/projections/projection-runner.js';
import type { ProjectionContext, Projector } from '../../src/platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import type {
  Doc,
  ReadModelSession,
  ReadModelStore,
  ReadModelTransaction,
} from '../../src/platform/read-models/read-model-store.js';
import { counted, noted, testRegistry } from '../support/test-events.js';
import { waitUntil } from '../support/wait.js';

/** Sums and entries of the `Counted` events, per stream (named, so several builds of it run side by side). */
const ledger = (name: string): Projector => ({
  name,
  version: 1,
  eventTypes: ['Counted'],
  async apply(event: RecordedEvent, context: ProjectionContext) {
    const { n } = event.data as { n: number };
    await context
      .collection('totals')
      .updateOne(
        { _id: event.stream },
        { $inc: { sum: n, count: 1 }, $push: { revisions: Number(event.revision) } },
        { upsert: true },
      );
    await context.collection('entries').insertOne({ _id: event.id, stream: event.stream, n });
  },
});

/** The `Noted` texts in order. */
const notes: Projector = {
  name: 'notes',
  version: 1,
  eventTypes: ['Noted'],
  async apply(event: RecordedEvent, context: ProjectionContext) {
    await context.collection('texts').insertOne({ _id: event.id, text: (event.data as { text: string }).text });
  },
};

/** Fails on every `Counted` event whose `n` is `at`. */
const brokenAt = (at: number): Projector => ({
  ...ledger('broken'),
  async apply(event, context) {
    if ((event.data as { n: number }).n === at) throw new Error(`no ${at}`);
    await ledger('broken').apply(event, context);
  },
});

/** The event store, counting the reads of `$all` a runner makes. */
function counting(events: EventStore): EventStore & { reads: number } {
  const counter = { reads: 0 };
  return new Proxy(events, {
    get(target, key, receiver) {
      if (key === 'reads') return counter.reads;
      if (key === 'readAll')
        return (options?: ReadAllOptions) => {
          counter.reads++;
          return target.readAll(options);
        };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as EventStore & { reads: number };
}

/** The embedded store whose session commits fail after `crashAfter`, as if the process had died. */
class CrashingStore implements ReadModelStore {
  readonly name = 'crashing';
  commits = 0;
  private dead = false;
  constructor(
    readonly inner: EmbeddedReadModelStore,
    private readonly crashAfter = Infinity,
  ) {}
  collection<T extends Doc = Doc>(name: string) {
    return this.inner.collection<T>(name);
  }
  createIndexes(...args: Parameters<ReadModelStore['createIndexes']>) {
    return this.inner.createIndexes(...args);
  }
  transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    if (this.dead) return Promise.reject(new Error('the process is gone'));
    return this.inner.transaction(work);
  }
  openSession(): ReadModelSession {
    const session = this.inner.openSession();
    return {
      collection: (name) => session.collection(name),
      get bytes() {
        return session.bytes;
      },
      savepoint: () => session.savepoint(),
      rollbackToSavepoint: () => session.rollbackToSavepoint(),
      commit: <R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> => {
        if (this.dead || this.commits >= this.crashAfter) {
          this.dead = true;
          return Promise.reject(new Error('the process is gone'));
        }
        this.commits++;
        return session.commit(work);
      },
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

describe('one read pass of $all for the builds catching up together', () => {
  let dir: string;
  let events: ChainedEventStore;
  const runners: ProjectionRunner[] = [];
  const stores: EmbeddedReadModelStore[] = [];

  const open = (name: string) => {
    const store = new EmbeddedReadModelStore(join(dir, `${name}.sqlite`));
    stores.push(store);
    return store;
  };
  const runner = (
    readModels: ReadModelStore,
    projectors: Projector[],
    options: ProjectionRunnerOptions = {},
    store: EventStore = events,
  ) => {
    const r = new ProjectionRunner(store, readModels, projectors, {
      sharedCatchUp: true,
      batchSize: 10,
      catchUpBatchSize: 50,
      pollIntervalMs: 20,
      onAppend: (l) => events.onAppend(l),
      ...options,
    });
    runners.push(r);
    return r;
  };
  /** 6 streams of 20 events per round, a note after each. */
  const write = async (rounds: number, first = 0) => {
    for (let round = first; round < first + rounds; round++)
      for (let s = 0; s < 6; s++) {
        await events.append(
          `counter-${s}`,
          Array.from({ length: 20 }, (_, i) => counted(round * 20 + i + s * 1000)),
          'any',
        );
        await events.append('notes-1', [noted(`round ${round} stream ${s}`)], 'any');
      }
  };
  const snapshot = async (r: ProjectionRunner, names: string[]) => {
    const all: Record<string, Doc[]> = {};
    for (const name of names) {
      const collections = name === 'notes' ? ['texts'] : ['totals', 'entries'];
      for (const c of collections) all[`${name}.${c}`] = await (await r.collection(name, c)).find({}, { sort: { _id: 1 } });
    }
    return all;
  };
  /** What each projector gives rebuilt alone, one at a time, each reading on its own. */
  const oneAtATime = async (projectors: Projector[]) => {
    const all: Record<string, Doc[]> = {};
    for (const projector of projectors) {
      const r = runner(open(`alone-${projector.name}`), [projector], { sharedCatchUp: false });
      await r.start();
      expect(await r.catchUp(10_000)).toBe(true);
      Object.assign(all, await snapshot(r, [projector.name]));
      await r.stop();
    }
    return all;
  };
  const checkpoint = (store: ReadModelStore, name: string) =>
    store.collection('_projection_checkpoints').findOne({ _id: `${name}:v1g0` }) as Promise<
      (Doc & { eventsApplied: number }) | null
    >;
  const counts = async (store: ReadModelStore, name: string) =>
    (await store.collection(`${name}__v1g0__totals`).find()).reduce((sum, t) => sum + (t['count'] as number), 0);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-shared-pass-'));
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

  it('gives each build what it gives rebuilt alone, in one read of $all per batch', async () => {
    await write(3);
    const projectors = [ledger('a'), ledger('b'), notes];
    const names = projectors.map((p) => p.name);
    const store = counting(events);
    const together = runner(open('together'), projectors, {}, store);
    await together.start();
    expect(await together.catchUp(10_000)).toBe(true);
    const shared = store.reads;

    const apart = counting(events);
    const separate = runner(open('separate'), projectors, { sharedCatchUp: false }, apart);
    await separate.start();
    expect(await separate.catchUp(10_000)).toBe(true);

    const expected = await oneAtATime(projectors);
    expect(expected['a.totals']!.map((t) => t['count'])).toEqual([60, 60, 60, 60, 60, 60]);
    expect(expected['notes.texts']).toHaveLength(18);
    expect(await snapshot(together, names)).toEqual(expected);
    expect(await snapshot(separate, names)).toEqual(expected);
    // 378 events in batches of 50 of the three types together; apart, each reads its own.
    expect(shared).toBeLessThan(apart.reads);
    for (const status of await together.status()) expect(status).toMatchObject({ state: 'live', lag: '0' });
  });

  it('starts at the lowest checkpoint and takes in a build ahead when the pass reaches it', async () => {
    await write(2);
    const store = open('staggered');
    const first = runner(store, [ledger('a')]);
    await first.start();
    expect(await first.catchUp(10_000)).toBe(true);
    await first.stop();
    await write(2, 2);

    // `a` stands at 2 rounds, `b` and `notes` have nothing: the pass starts at the beginning.
    const projectors = [ledger('a'), ledger('b'), notes];
    const together = runner(store, projectors);
    await together.start();
    expect(await together.catchUp(10_000)).toBe(true);
    expect(await snapshot(together, ['a', 'b', 'notes'])).toEqual(await oneAtATime(projectors));
    expect((await checkpoint(store, 'a'))?.eventsApplied).toBe(480);
    expect((await checkpoint(store, 'b'))?.eventsApplied).toBe(480);

    // Then live, as before.
    await write(1, 4);
    await waitUntil(async () => (await together.status()).every((s) => s.lag === '0' && s.state === 'live'));
    expect(await counts(store, 'b')).toBe(600);
  });

  it('a build that fails leaves the pass; the others catch up without it', async () => {
    await write(3);
    const errors: string[] = [];
    const r = runner(open('failing'), [ledger('a'), brokenAt(30), notes], {
      onError: (name) => void errors.push(name),
    });
    await r.start();
    expect(await r.catchUp(10_000, ['a', 'notes'])).toBe(true);
    await waitUntil(async () => (await r.status()).find((s) => s.name === 'broken')?.state === 'failed');
    expect(errors).toContain('broken');
    expect(await snapshot(r, ['a', 'notes'])).toEqual(await oneAtATime([ledger('a'), notes]));
    // It stands where it failed: the batches before the one with n = 30, durably.
    const broken = (await r.status()).find((s) => s.name === 'broken')!;
    expect(broken.eventsApplied).toBeLessThan(360);
  });

  it('a crash between two builds’ commits leaves each at its own consistent checkpoint', async () => {
    await write(3);
    const inner = open('crashing');
    const projectors = [ledger('a'), ledger('b')];
    for (const crashAfter of [1, 2, 3, 4, 5]) {
      const store = new CrashingStore(inner, crashAfter);
      const crashing = runner(store, projectors, { catchUpMemoryBytes: 1 }); // a commit after every batch
      await crashing.start();
      await waitUntil(async () => (await crashing.status()).some((s) => s.state === 'failed'));
      await crashing.stop();
      for (const name of ['a', 'b']) {
        const applied = (await checkpoint(inner, name))?.eventsApplied ?? 0;
        expect(await counts(inner, name)).toBe(applied); // documents and checkpoint together
      }
    }
    const resumed = runner(new CrashingStore(inner), projectors);
    await resumed.start();
    expect(await resumed.catchUp(10_000)).toBe(true);
    expect(await snapshot(resumed, ['a', 'b'])).toEqual(await oneAtATime(projectors));
  });
});
