import { afterAll, describe, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoPersonalKeyStore } from '../../src/platform/personal-data/mongodb-key-store.js';
import { mongoDbServer } from '../support/mongodb-server.js';
import { reportSkip } from '../support/skip.js';
import { personalKeyStoreContract } from './personal-key-store.contract.js';

const server = await mongoDbServer();

if ('skip' in server) {
  reportSkip('MongoDB personal key store contract', server.skip);
  describe.skip(`personal key store contract: MongoDB (skipped: ${server.skip})`, () => {
    it('runs against a MongoDB server', () => undefined);
  });
} else {
  afterAll(async () => {
    await server.stop();
  });

  personalKeyStoreContract('MongoDB', async () => {
    // A database of its own per run, so a shared server keeps no keys and runs do not meet.
    const dbName = `coop_keys_contract_${Date.now()}_${randomBytes(3).toString('hex')}`;
    return {
      open: () => MongoPersonalKeyStore.connect(server.url, dbName),
      dispose: async () => {
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
