import { reportSkip } from '../support/skip.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStoreDBClient, binaryEvent, jsonEvent } from '@eventstore/db-client';
import { EventStoreDbStorage, toEsdbConnectionString } from '../../src/platform/event-store/eventstoredb/esdb-event-storage.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { FixedClock } from '../../src/platform/clock.js';
import { eventStoreDbServer } from '../support/eventstoredb-server.js';
import { collect, counted, testRegistry, uniqueStream } from '../support/test-events.js';

const server = await eventStoreDbServer();

if ('skip' in server) {
  reportSkip('EventStoreDB foreign events', server.skip);
  describe.skip(`EventStoreDB: events of another tool (skipped: ${server.skip})`, () => {
    it('runs against an EventStoreDB server', () => {});
  });
} else {
  describe('EventStoreDB: events another tool wrote into $all', () => {
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
