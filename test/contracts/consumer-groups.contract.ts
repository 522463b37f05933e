import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import type { ReadModelStore } from '../../src/platform/read-models/read-model-store.js';
import { ConsumerGroups } from '../../src/platform/subscriptions/consumer-groups.js';
import { counted, testRegistry, uniqueStream } from '../support/test-events.js';

export interface ConsumerGroupsTarget {
  readModels: ReadModelStore;
  dispose(): Promise<void>;
}

/**
 * Consumer groups over each read-model adapter (their state lives there), with a fresh
 * embedded event store per test so that positions are known: the store numbers from 1.
 */
export function consumerGroupsContract(name: string, open: () => Promise<ConsumerGroupsTarget>): void {
  describe(`consumer groups: ${name}`, () => {
    let target: ConsumerGroupsTarget;
    let dir: string;
    let events: ChainedEventStore;
    let groups: ConsumerGroups;
    const clock = new FixedClock('2026-03-01T09:00:00.000Z');

    beforeEach(async () => {
      target = await open();
      dir = mkdtempSync(join(tmpdir(), 'coop-cg-'));
      events = new ChainedEventStore(new SqliteEventStorage(join(dir, 'events.sqlite')), testRegistry(), clock);
      groups = new ConsumerGroups(events, target.readModels, () => clock.now());
    });
    afterEach(async () => {
      await events.close();
      await target.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Appends `count` events to one new stream, 500 at a time; returns the stream. */
    const fill = async (count: number): Promise<string> => {
      const stream = uniqueStream('cg');
      for (let i = 0; i < count; i += 500) {
        const size = Math.min(500, count - i);
        const batch = Array.from({ length: size }, (_, j) => counted(i + j));
        await events.append(stream, batch, i === 0 ? 'no_stream' : BigInt(i - 1));
      }
      return stream;
    };
    const group = `g${Math.random().toString(36).slice(2, 8)}`;

    it('after reject, park and replay, the next page delivers no event twice, and an acknowledged replay is not new again', async () => {
      const stream = await fill(3);
      await groups.create({ name: group, maxDeliveries: 1 });
      const first = await groups.next(group, 10);
      expect(first.map((d) => d.event.revision)).toEqual([0n, 1n, 2n]);
      expect(await groups.reject(group, { stream, revision: 1n }, 'cannot book it')).toEqual({ attempts: 1, parked: true });
      expect((await groups.next(group, 10)).map((d) => d.event.revision)).toEqual([0n, 2n]);

      expect(await groups.replayParked(group)).toEqual({ replaying: 1 });
      const replay = await groups.next(group, 10);
      expect(replay.map((d) => [d.event.revision, d.redelivery])).toEqual([
        [1n, true],
        [0n, false],
        [2n, false],
      ]);

      await groups.ack(group, replay[0]!.event.position); // the replayed event, done
      expect((await groups.next(group, 10)).map((d) => d.event.revision)).toEqual([0n, 2n]);
      await groups.ack(group, replay[2]!.event.position);
      expect(await groups.next(group, 10)).toEqual([]);
      expect(await groups.parked(group)).toEqual([]);
    });

    it('refuses the positions of another event store: the group starts again from the beginning of this one', async () => {
      const stream = await fill(3);
      await groups.create({ name: group, maxDeliveries: 1 });
      const first = await groups.next(group, 10);
      await groups.reject(group, { stream, revision: 1n }, 'parked before the move');
      await groups.ack(group, first[2]!.event.position);

      // The history moved to another store, where it sits after events of its own.
      const otherDir = mkdtempSync(join(tmpdir(), 'coop-cg-other-'));
      const otherStorage = new SqliteEventStorage(join(otherDir, 'events.sqlite'));
      const other = new ChainedEventStore(otherStorage, testRegistry(), clock);
      try {
        await other.append(uniqueStream('before'), [counted(100), counted(101), counted(102), counted(103)], 'no_stream');
        await copyHistory(events.storage, otherStorage);
        const moved = new ConsumerGroups(other, target.readModels, () => clock.now());
        expect((await moved.status(group)).position).toBeNull();
        const again = (await moved.next(group, 10)).filter((d) => d.event.stream === stream);
        expect(again.map((d) => d.event.revision)).toEqual([0n, 2n]); // revision 1 stays parked
        const [parked] = await moved.parked(group);
        expect(parked).toMatchObject({ stream, revision: '1', position: '6' }); // its place in this store
      } finally {
        await other.close();
        rmSync(otherDir, { recursive: true, force: true });
      }
    });

    it('lists parked events and replays them in $all order across a digit boundary of positions (999, 1000)', async () => {
      const stream = await fill(1_001); // positions 1 to 1001: revision 998 is at 999, 999 at 1000
      await groups.create({ name: group, maxDeliveries: 1 });
      const [at999, at1000] = [998n, 999n];
      await groups.reject(group, { stream, revision: at1000 }, 'later one first');
      await groups.reject(group, { stream, revision: at999 }, 'then this');
      const parked = await groups.parked(group);
      expect(parked.map((p) => p.position)).toEqual(['999', '1000']);
      await groups.replayParked(group);
      const replay = await groups.next(group, 2);
      expect(replay.map((d) => d.event.position)).toEqual(['999', '1000']);
      expect(replay.every((d) => d.redelivery)).toBe(true);
    });
  });
}
