import { reportSkip } from '../support/skip.js';
import { describe, it } from '@jest/globals';
import { EventStoreDbStorage } from '../../src/platform/event-store/eventstoredb/esdb-event-storage.js';
import { eventStoreDbServer } from '../support/eventstoredb-server.js';
import { eventStoreContract } from './event-store.contract.js';

// Started once per file: the contract keeps its streams unique, so all tests share the node.
const server = await eventStoreDbServer();

if ('skip' in server) {
  reportSkip('EventStoreDB contract', server.skip);
  describe.skip(`event store contract: EventStoreDB (skipped: ${server.skip})`, () => {
    it('runs against an EventStoreDB server', () => {});
  });
} else {
  eventStoreContract('EventStoreDB', async () => {
    const storage = new EventStoreDbStorage(server.url);
    return {
      storage,
      dispose: async () => {
        await storage.close();
        await server.stop();
      },
    };
  });
}
