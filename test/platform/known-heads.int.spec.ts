import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { collect, counted, testRegistry, uniqueStream } from '../support/test-events.js';

/**
 * A read of a stream after the head this process wrote is answered without a query while no
 * other connection has committed (`KnownHeads`, `PRAGMA data_version`). It must answer exactly
 * what the file holds: another process's events on the same stream included.
 */
describe('reading a stream after the head this process wrote', () => {
  let dir: string;
  let store: ChainedEventStore;
  /** Another process on the same file. */
  let other: ChainedEventStore;
  const clock = new FixedClock('2026-01-01T00:00:00Z');
  const revisionsFrom = async (target: ChainedEventStore, stream: string, from: bigint) =>
    (await collect(target.readStream(stream, { fromRevision: from }))).map((event) => event.revision);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-known-heads-'));
    const file = join(dir, 'events.sqlite');
    store = new ChainedEventStore(new SqliteEventStorage(file), testRegistry(), clock);
    other = new ChainedEventStore(new SqliteEventStorage(file), testRegistry(), clock);
  });
  afterEach(async () => {
    await Promise.all([store.close(), other.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds nothing after its own head, and still reads what is at or before it', async () => {
    const stream = uniqueStream();
    await store.append(stream, [counted(1), counted(2)], 'no_stream');
    expect(await revisionsFrom(store, stream, 2n)).toEqual([]);
    expect(await revisionsFrom(store, stream, 1n)).toEqual([1n]);
    expect(await revisionsFrom(store, stream, 0n)).toEqual([0n, 1n]);
  });

  it("reads another process's events appended after the head it wrote", async () => {
    const stream = uniqueStream();
    await store.append(stream, [counted(1)], 'no_stream');
    expect(await revisionsFrom(store, stream, 1n)).toEqual([]);
    await other.append(stream, [counted(2)], 0n);
    expect(await revisionsFrom(store, stream, 1n)).toEqual([1n]);

    // Written again by this process, then by the other, then read in between each time.
    await store.append(stream, [counted(3)], 1n);
    expect(await revisionsFrom(store, stream, 3n)).toEqual([]);
    await other.append(stream, [counted(4)], 2n);
    expect(await revisionsFrom(store, stream, 3n)).toEqual([3n]);
    expect(await revisionsFrom(other, stream, 0n)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('reads what another process appended to a stream it wrote, when this process has written elsewhere since', async () => {
    const mine = uniqueStream();
    const elsewhere = uniqueStream();
    await store.append(mine, [counted(1)], 'no_stream');
    await other.append(mine, [counted(2)], 0n);
    // This process's next commit learns that another connection wrote: what it knew before is forgotten.
    await store.append(elsewhere, [counted(1)], 'no_stream');
    expect(await revisionsFrom(store, mine, 1n)).toEqual([1n]);
    expect(await revisionsFrom(store, elsewhere, 1n)).toEqual([]);
  });
});
