import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { Leases } from '../../src/platform/projections/projection-lease.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import type { ProjectionContext, Projector } from '../../src/platform/projections/projector.js';
import type { ReadModelStore } from '../../src/platform/read-models/read-model-store.js';
import { counted, testRegistry } from '../support/test-events.js';
import { waitUntil } from '../support/wait.js';
import type { ReadModelTarget } from './projection-runner.contract.js';

/** Counts what it applies, per runner: an event applied by two instances would show. */
const tally = (applied: string[], by: string): Projector => ({
  name: 'tally',
  version: 1,
  eventTypes: ['Counted'],
  async apply(event: RecordedEvent, context: ProjectionContext) {
    applied.push(by);
    await context.collection('totals').updateOne({ _id: 'all' }, { $inc: { count: 1 } }, { upsert: true });
  },
});

/**
 * Several instances over one read-model store: one holds each projector's lease and runs it,
 * the others stand by (answering queries and read-your-writes from what it committed) and
 * take over when its lease lapses or is given up.
 */
export function projectionLeaseContract(adapter: string, target: () => ReadModelTarget): void {
  describe(`projection leases on ${adapter}`, () => {
    let dir: string;
    let events: ChainedEventStore;
    let stores: ReadModelTarget;
    let readModels: ReadModelStore;
    const runners: ProjectionRunner[] = [];
    const applied: string[] = [];

    const instance = (holder: string, ttlMs = 600) => {
      const r = new ProjectionRunner(events, readModels, [tally(applied, holder)], {
        batchSize: 10,
        pollIntervalMs: 20,
        leases: { holder, ttlMs },
      });
      runners.push(r);
      return r;
    };
    const total = async (r: ProjectionRunner) =>
      ((await (await r.collection('tally', 'totals')).findOne({ _id: 'all' })) as { count: number } | null)?.count ?? 0;
    const write = async (n: number) => {
      let last;
      for (let i = 0; i < n; i++) last = await events.append('counter-1', [counted(i)], 'any');
      return last!.position;
    };

    beforeEach(async () => {
      applied.length = 0;
      stores = target();
      readModels = await stores.open('leases');
      dir = mkdtempSync(join(tmpdir(), 'coop-lease-'));
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

    it('one instance runs the projector; the other stands by and reads its writes from the shared read model', async () => {
      const a = instance('instance-a');
      const b = instance('instance-b');
      await a.start();
      await b.start();
      const position = await write(25);
      expect(await b.waitFor(position, ['tally'], 5_000)).toBe(true);
      expect(await total(b)).toBe(25);
      expect(applied.every((by) => by === 'instance-a')).toBe(true);
      const [statusA] = await a.status();
      const [statusB] = await b.status();
      expect(statusA).toMatchObject({ state: 'live', lease: { holder: 'instance-a', mine: true } });
      expect(statusB).toMatchObject({ state: 'standby', lease: { holder: 'instance-a', mine: false } });
      expect(statusB!.position).not.toBeNull();
    });

    it('the standby takes over when the holder stops, from the holder’s checkpoint, applying nothing twice', async () => {
      const a = instance('instance-a');
      const b = instance('instance-b');
      await a.start();
      await b.start();
      expect(await a.waitFor(await write(15), ['tally'], 5_000)).toBe(true);
      await a.stop();
      const position = await write(10);
      expect(await b.waitFor(position, ['tally'], 5_000)).toBe(true);
      await waitUntil(async () => (await b.status())[0]!.state === 'live');
      expect(await total(b)).toBe(25);
      expect(applied).toHaveLength(25);
      expect(applied.slice(15).every((by) => by === 'instance-b')).toBe(true);
    });

    it('a lease its holder no longer renews (a frozen or lost instance) is taken over once it lapses', async () => {
      const ghost = new Leases(readModels, { holder: 'instance-gone', ttlMs: 300 });
      expect((await ghost.acquire('tally')).holder).toBe('instance-gone');
      const b = instance('instance-b', 300);
      await b.start();
      expect((await b.status())[0]).toMatchObject({ state: 'standby', lease: { holder: 'instance-gone' } });
      await waitUntil(async () => (await b.status())[0]!.lease?.holder === 'instance-b');
      expect(await b.waitFor(await write(5), ['tally'], 5_000)).toBe(true);
      expect(await total(b)).toBe(5);
    });

    it('of many instances asking for one lease at the same moment, exactly one gets it', async () => {
      const contenders = Array.from({ length: 8 }, (_, i) => new Leases(readModels, { holder: `instance-${i}`, ttlMs: 5_000 }));
      const answers = await Promise.all(contenders.map((leases) => leases.acquire('race')));
      const holders = new Set(answers.map((lease) => lease.holder));
      expect(holders.size).toBe(1);
      expect(answers.filter((lease, i) => lease.holder === `instance-${i}`)).toHaveLength(1);
    });
  });
}
