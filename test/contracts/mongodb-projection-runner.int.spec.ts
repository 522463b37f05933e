import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadModelStore } from '../../src/platform/read-models/mongodb/mongodb-read-model-store.js';
import { mongoDbServer } from '../support/mongodb-server.js';
import { reportSkip } from '../support/skip.js';
import { projectionRunnerContract } from './projection-runner.contract.js';

const server = await mongoDbServer();

if ('skip' in server) {
  reportSkip('MongoDB projection-runner contract', server.skip);
  describe.skip(`projection runner on MongoDB (skipped: ${server.skip})`, () => {
    it('runs against a MongoDB replica set', () => undefined);
  });
} else {
  afterAll(() => server.stop());
  describe('MongoDB read models: transaction limits', () => {
    it('are declared well inside the server’s 60 s transaction lifetime', async () => {
      const store = await MongoReadModelStore.connect(server.url, `coop_limits_${Date.now()}`);
      try {
        expect(store.transactionLimits.maxMs).toBeLessThanOrEqual(30_000);
        expect(store.transactionLimits.maxEvents).toBeLessThanOrEqual(1_000);
      } finally {
        await store.close();
      }
    });
  });
  projectionRunnerContract('MongoDB', () => {
    const run = `coop_proj_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const opened: MongoReadModelStore[] = [];
    const names = new Set<string>();
    return {
      async open(name) {
        names.add(`${run}_${name}`);
        // 'limited': small limits, so that a test sees transactions cut by count and by time.
        const store = await MongoReadModelStore.connect(
          server.url,
          `${run}_${name}`,
          name === 'limited' ? { transactionLimits: { maxEvents: 100, maxMs: 400 } } : {},
        );
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
