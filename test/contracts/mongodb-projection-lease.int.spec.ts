import { afterAll, describe, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadModelStore } from '../../src/platform/read-models/mongodb/mongodb-read-model-store.js';
import { mongoDbServer } from '../support/mongodb-server.js';
import { reportSkip } from '../support/skip.js';
import { projectionLeaseContract } from './projection-lease.contract.js';

const server = await mongoDbServer();

if ('skip' in server) {
  reportSkip('MongoDB projection-lease contract', server.skip);
  describe.skip(`projection leases on MongoDB (skipped: ${server.skip})`, () => {
    it('runs against a MongoDB replica set', () => undefined);
  });
} else {
  afterAll(() => server.stop());
  projectionLeaseContract('MongoDB', () => {
    const run = `coop_lease_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const opened: MongoReadModelStore[] = [];
    const names = new Set<string>();
    return {
      async open(name) {
        names.add(`${run}_${name}`);
        const store = await MongoReadModelStore.connect(server.url, `${run}_${name}`);
        opened.push(store);
        return store;
      },
      async dispose() {
        for (const store of opened.splice(0)) await store.close().catch(() => undefined);
        const client = await MongoClient.connect(server.url);
        try {
          for (const name of names) await client.db(name).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
}
