import { reportSkip } from '../support/skip.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStoreDBClient, binaryEvent, jsonEvent } from '@eventstore/db-client';
import { EventStoreDbStorage, toEsdbConnectionString } from '../../src/platform/event-store/eventstoredb/esdb-event-storage.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { AppendTooLargeError } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { FixedClock } from '../../src/platform/clock.js';
import { eventStoreDbServer } from '../support/eventstoredb-server.js';
import { collect, counted, noted, testRegistry, uniqueStream } from '../support/test-events.js';

const server = await eventStoreDbServer();

if ('skip' in server) {
  reportSkip('EventStoreDB server specifics', server.skip);
  describe.skip(`EventStoreDB: events of another tool (skipped: ${server.skip})`, () => {
    it('runs against an EventStoreDB server', () => {});
  });
} else {
  describe('EventStoreDB: its own limits, and events another tool wrote into $all', () => {
    let storage: EventStoreDbStorage;
    let raw: EventStoreDBClient;
    const skipped: string[] = [];
    beforeAll(() => {
      storage = new EventStoreDbStorage(server.url, { onForeignEvent: (event) => skipped.push(event.stream) });
      raw = EventStoreDBClient.connectionString(toEsdbConnectionString(server.url));
    });
    afterAll(async () => {
      await storage.close();
      await raw.dispose();
      await server.stop();
    });

    it("an append over the server's MaxAppendSize is refused with a clear error, and nothing is written", async () => {
      const store = new ChainedEventStore(storage, testRegistry(), new FixedClock('2026-03-01T09:00:00.000Z'));
      const stream = uniqueStream('huge');
      const huge = Array.from({ length: 12 }, (_, i) => noted(String(i).padEnd(100_000, '.'))); // 1.2 MB
      await expect(store.append(stream, huge, 'no_stream')).rejects.toBeInstanceOf(AppendTooLargeError);
      expect(await collect(store.readStream(stream))).toEqual([]);
    });

    it('copies a history whose streams take more than one append allows, in parts', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'coop-copy-big-'));
      const source = new SqliteEventStorage(join(dir, 'source.sqlite'));
      try {
        const stream = uniqueStream('bigcopy');
        const local = new ChainedEventStore(source, testRegistry(), new FixedClock('2026-03-01T09:00:00.000Z'));
        await local.append(
          stream,
          Array.from({ length: 30 }, (_, i) => noted(String(i).padEnd(60_000, '.'))),
          'no_stream',
        );
        const result = await copyHistory(source, storage);
        expect(result.copied).toBe(30);
        const there = await collect(storage.readStream(stream));
        expect(there.map((e) => e.metadata.hash)).toEqual((await collect(source.readStream(stream))).map((e) => e.metadata.hash));
      } finally {
        await source.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('are skipped with a word, and reading $all goes on past them', async () => {
      const store = new ChainedEventStore(storage, testRegistry(), new FixedClock('2026-03-01T09:00:00.000Z'));
      const head = await store.headPosition();
      const [json, binary, ours] = [uniqueStream('tool'), uniqueStream('tool'), uniqueStream('ours')];
      await raw.appendToStream(json, jsonEvent({ type: 'Counted', data: { n: 1 }, metadata: { by: 'another tool' } }));
      await raw.appendToStream(binary, binaryEvent({ type: 'Blob', data: new Uint8Array([1, 2, 3]) }));
      await store.append(ours, [counted(2)], 'no_stream');
      const read = (await collect(store.readAll({ after: head }))).filter((e) => [json, binary, ours].includes(e.stream));
      expect(read.map((e) => e.stream)).toEqual([ours]);
      expect(skipped).toEqual(expect.arrayContaining([json, binary]));
    });
  });
}
