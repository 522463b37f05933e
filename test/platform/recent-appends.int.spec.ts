import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import type { ReadAllOptions, RecordedEvent } from '../../src/platform/event-store/event-store.js';
import type { Position } from '../../src/platform/event-store/position.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { collect, counted, noted, testRegistry, uniqueStream } from '../support/test-events.js';

/**
 * A live reader of `$all` (a projector, "events since") is answered from what this instance
 * just appended (`RecentAppends`): it must read exactly what the store itself answers, what
 * another process wrote in between included.
 */
describe('reading $all just after what this instance appended', () => {
  let dir: string;
  let storage: SqliteEventStorage;
  let store: ChainedEventStore;
  /** Another process on the same file. */
  let other: ChainedEventStore;
  /** A third connection that never appends: it answers every read from the file. */
  let fromFile: ChainedEventStore;
  const clock = new FixedClock('2026-01-01T00:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-recent-'));
    const file = join(dir, 'events.sqlite');
    storage = new SqliteEventStorage(file);
    store = new ChainedEventStore(storage, testRegistry(), clock);
    other = new ChainedEventStore(new SqliteEventStorage(file), testRegistry(), clock);
    fromFile = new ChainedEventStore(new SqliteEventStorage(file), testRegistry(), clock);
  });
  afterEach(async () => {
    await Promise.all([store.close(), other.close(), fromFile.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Reads through `store` and through the file, and expects the same events. */
  async function same(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const read = await collect(store.readAll(options));
    expect(read).toEqual(await collect(fromFile.readAll(options)));
    return read;
  }

  /** Counts the rows the adapter itself read from the file. */
  const rowsRead = async (options: ReadAllOptions) => {
    const before = storage.received.events;
    const events = await collect(store.readAll(options));
    return { events, rows: storage.received.events - before };
  };

  it('answers what it appended without reading rows, every reader sharing one frozen copy', async () => {
    const first = await store.append(uniqueStream(), [counted(1)], 'no_stream');
    await Promise.all([
      store.append(uniqueStream(), [counted(2), noted('due')], 'no_stream'),
      store.append(uniqueStream(), [noted('tre')], 'no_stream'),
    ]);
    const { events, rows } = await rowsRead({ after: first.position });
    expect(rows).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['Counted', 'Noted', 'Noted']);
    expect(events).toEqual(await collect(fromFile.readAll({ after: first.position })));
    const again = await collect(store.readAll({ after: first.position }));
    expect(again[0]).toBe(events[0]);
    const shared = events[0]!;
    expect(() => {
      (shared.data as { n: number }).n = 9;
    }).toThrow(TypeError);
    expect(() => {
      shared.metadata.actor.role = 'other';
    }).toThrow(TypeError);
    // The append's own answer, what the command handler holds, is neither what readers share
    // nor frozen with it: changed before the first read or after, readers see what was stored.
    const appended = await store.append(uniqueStream(), [counted(4)], 'no_stream');
    appended.events[0]!.metadata.correlationId = 'changed';
    const read = (await collect(store.readAll({ after: first.position }))).at(-1)!;
    appended.events[0]!.metadata.causationId = 'changed';
    expect(read.data).toEqual({ n: 4 });
    expect(read.metadata).toEqual((await collect(fromFile.readAll({ after: first.position }))).at(-1)!.metadata);
    expect(read.metadata.correlationId).not.toBe('changed');
  });

  it('filters by type and stops at maxCount, then goes on from where it stopped', async () => {
    const start = await store.append(uniqueStream(), [noted('zero')], 'no_stream');
    for (let n = 1; n <= 6; n++) await store.append(uniqueStream(), [n % 2 ? counted(n) : noted(`n${n}`)], 'no_stream');
    const counteds = await same({ after: start.position, types: ['Counted'] });
    expect(counteds.map((e) => (e.data as { n: number }).n)).toEqual([1, 3, 5]);
    const page = await same({ after: start.position, types: ['Counted'], maxCount: 2 });
    expect(page.map((e) => (e.data as { n: number }).n)).toEqual([1, 3]);
    expect(await same({ after: page[1]!.position, types: ['Counted'] })).toHaveLength(1);
    expect((await rowsRead({ after: start.position, types: ['Counted'] })).rows).toBe(0);
  });

  it('reads from the file what another process wrote after its last append', async () => {
    const mine = await store.append(uniqueStream(), [counted(1)], 'no_stream');
    await other.append(uniqueStream(), [counted(2)], 'no_stream');
    const read = await same({ after: mine.position });
    expect(read.map((e) => (e.data as { n: number }).n)).toEqual([2]);
  });

  it('never skips what another process wrote between two of its appends', async () => {
    const start = await store.append(uniqueStream(), [counted(1)], 'no_stream');
    await store.append(uniqueStream(), [counted(2)], 'no_stream');
    await other.append(uniqueStream(), [counted(3)], 'no_stream');
    await store.append(uniqueStream(), [counted(4)], 'no_stream');
    const read = await same({ after: start.position });
    expect(read.map((e) => (e.data as { n: number }).n)).toEqual([2, 3, 4]);
    const types = await same({ after: start.position, types: ['Counted'], maxCount: 10 });
    expect(types).toHaveLength(3);
  });

  it('a reader from before what it holds reads the file, as a reader from the start does', async () => {
    await other.append(uniqueStream(), [counted(1)], 'no_stream');
    const second = await other.append(uniqueStream(), [counted(2)], 'no_stream');
    await store.append(uniqueStream(), [counted(3)], 'no_stream');
    expect(await same({})).toHaveLength(3);
    expect(await same({ after: '1' as Position })).toHaveLength(2);
    expect(await same({ after: second.position })).toHaveLength(1);
  });

  it('a caught-up reader reads nothing, and no rows', async () => {
    const last = await store.append(uniqueStream(), [counted(1), counted(2)], 'no_stream');
    const { events, rows } = await rowsRead({ after: last.position, types: ['Counted', 'Noted'] });
    expect(events).toEqual([]);
    expect(rows).toBe(0);
  });

  it('takes what it appends while a reader is between two records from memory too, and misses none of it', async () => {
    const start = await store.append(uniqueStream(), [counted(0)], 'no_stream');
    await store.append(uniqueStream(), [counted(1), noted('uno')], 'no_stream');
    const before = storage.received.events;
    const read: RecordedEvent[] = [];
    for await (const event of store.readAll({ after: start.position, types: ['Counted'] })) {
      read.push(event);
      // A projector's loop gives the event loop a turn between records: appends land meanwhile.
      if (read.length === 1) {
        await store.append(uniqueStream(), [counted(2)], 'no_stream');
        await store.append(uniqueStream(), [noted('tre'), counted(3)], 'no_stream');
      }
    }
    expect(storage.received.events - before).toBe(0);
    expect(read.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(read).toEqual(await collect(fromFile.readAll({ after: start.position, types: ['Counted'] })));
  });

  it('goes to the file for the rest when another process wrote while a reader was between two records', async () => {
    const start = await store.append(uniqueStream(), [counted(0)], 'no_stream');
    await store.append(uniqueStream(), [counted(1), counted(2)], 'no_stream');
    const read: number[] = [];
    for await (const event of store.readAll({ after: start.position })) {
      read.push((event.data as { n: number }).n);
      if (read.length === 1) {
        await other.append(uniqueStream(), [counted(3)], 'no_stream');
        await store.append(uniqueStream(), [counted(4)], 'no_stream');
      }
    }
    expect(read).toEqual([1, 2, 3, 4]);
  });

  it('stops at the head the reader saw, without asking the file, when memory holds everything up to it', async () => {
    const start = await store.append(uniqueStream(), [counted(1)], 'no_stream');
    const seen = await store.append(uniqueStream(), [counted(2)], 'no_stream');
    await other.append(uniqueStream(), [counted(3)], 'no_stream'); // after the head the reader saw
    const { events, rows } = await rowsRead({ after: start.position, headSeen: seen.position });
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([2]);
    expect(rows).toBe(0);
    // Without it, the read goes on to the file for what lies beyond.
    expect((await same({ after: start.position })).map((e) => (e.data as { n: number }).n)).toEqual([2, 3]);
  });
});
