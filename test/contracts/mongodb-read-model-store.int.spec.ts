import { reportSkip } from '../support/skip.js';
import { afterAll, describe, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadModelStore } from '../../src/platform/read-models/mongodb/mongodb-read-model-store.js';
import { mongoDbServer } from '../support/mongodb-server.js';
import { readModelStoreContract } from './read-model-store.contract.js';

const server = await mongoDbServer();

if ('skip' in server) {
  reportSkip('MongoDB read-model contract', server.skip);
  describe.skip(`read-model store contract: MongoDB (skipped: ${server.skip})`, () => {
    it('runs against a MongoDB replica set', () => undefined);
  });
} else {
  afterAll(async () => {
    await server.stop();
  });

  readModelStoreContract('MongoDB', async () => {
    // A database of its own per run, so a shared server keeps nothing and runs do not meet.
    const dbName = `coop_contract_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const store = await MongoReadModelStore.connect(server.url, dbName);
    return {
      store,
      dispose: async () => {
        await store.close();
        const client = await MongoClient.connect(server.url);
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
}
