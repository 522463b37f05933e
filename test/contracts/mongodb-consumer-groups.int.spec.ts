import { reportSkip } from '../support/skip.js';
import { afterAll, describe, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadModelStore } from '../../src/platform/read-models/mongodb/mongodb-read-model-store.js';
import { mongoDbServer } from '../support/mongodb-server.js';
import { consumerGroupsContract } from './consumer-groups.contract.js';

const server = await mongoDbServer();

if ('skip' in server) {
  reportSkip('MongoDB consumer groups', server.skip);
  describe.skip(`consumer groups: MongoDB (skipped: ${server.skip})`, () => {
    it('runs against a MongoDB replica set', () => undefined);
  });
} else {
  afterAll(async () => {
    await server.stop();
  });

  consumerGroupsContract('MongoDB read models', async () => {
    // A database of its own per test: a shared server keeps nothing and tests do not meet.
    const dbName = `coop_cg_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const readModels = await MongoReadModelStore.connect(server.url, dbName);
    return {
      readModels,
      dispose: async () => {
        await readModels.close();
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
