import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { EventStoreDbStorage } from '../../src/platform/event-store/eventstoredb/esdb-event-storage.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { eventStoreDbServer } from '../support/eventstoredb-server.js';
import { reportSkip } from '../support/skip.js';
import { collect, counted, noted, testRegistry, uniqueStream } from '../support/test-events.js';

const server = await eventStoreDbServer();

if ('skip' in server) {
  reportSkip('Copy to and from EventStoreDB', server.skip);
  describe.skip(`copying a history to and from EventStoreDB (skipped: ${server.skip})`, () => {
    it('runs against an EventStoreDB server', () => undefined);
  });
} else {
  describe('copying a history embedded → EventStoreDB → embedded', () => {
    it('keeps ids, revisions, data, metadata and hashes both ways', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'coop-copy-esdb-'));
      const source = new SqliteEventStorage(join(dir, 'source.sqlite'));
      const streams = Array.from({ length: 5 }, () => uniqueStream('copy'));
      const store = new ChainedEventStore(source, testRegistry(), new FixedClock('2026-01-01T00:00:00Z'));
      for (let i = 0; i < 60; i++) await store.append(streams[i % 5]!, [counted(i), noted(`n${i}`)], 'any');
      const esdb = new EventStoreDbStorage(server.url);
      const back = new SqliteEventStorage(join(dir, 'back.sqlite'));
      try {
        await copyHistory(source, esdb);
        const original = await collect(source.readAll());
        const there = (await collect(esdb.readAll())).filter((e) => streams.includes(e.stream));
        const strip = (records: typeof original) => records.map(({ position: _, ...rest }) => rest);
        expect(strip(there)).toEqual(strip(original));
        // And back: only this run's streams, through a filtered source.
        await copyHistory(
          {
            ...esdb,
            name: esdb.name,
            readAll: () =>
              (async function* () {
                yield* there;
              })(),
          } as never,
          back,
        );
        expect(strip(await collect(back.readAll()))).toEqual(strip(original));
      } finally {
        await esdb.close();
        await source.close();
        await back.close();
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
