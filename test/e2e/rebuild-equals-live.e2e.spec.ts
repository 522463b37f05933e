import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { contexts } from '../../src/contexts.js';
import { BlindSearch } from '../../src/platform/personal-data/blind-search.js';
import { collectionName } from '../../src/platform/projections/projection-state.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import type { ReadModelStore } from '../../src/platform/read-models/read-model-store.js';
import { applicant, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A rebuild from scratch must give exactly what the service built live, command by command:
 * every read model's every collection, document for document. The rebuild runs in memory by
 * the catch-up budget (a small one here, so it commits several times) into a store of its own.
 */
describe('a read model rebuilt from scratch', () => {
  let t: TestApp;
  let secretary: string;
  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
    for (let n = 1; n <= 24; n++) {
      const applied = await t
        .http()
        .post('/membership/applications')
        .set('Authorization', `Bearer ${secretary}`)
        .send({ ...applicant(n, n % 4 === 0 ? 'volunteer' : 'worker'), appliedOn: '2026-01-15' })
        .expect(201);
      if (n % 3 === 0) continue; // some applications stay pending
      await t
        .http()
        .post(`/membership/applications/${applied.body.applicationId}/admission`)
        .set('Authorization', `Bearer ${secretary}`)
        .send({ boardResolutionId: `cda-${n}`, admittedOn: '2026-01-20' })
        .expect(201);
    }
    expect(await t.runtime.projections.catchUp(20_000)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Every collection of a projector's live build, by logical name, documents sorted by id. */
  const documents = async (readModels: ReadModelStore, runner: ProjectionRunner, projector: string) => {
    const status = (await runner.status()).find((s) => s.name === projector)!;
    const prefix = collectionName(projector, status.activeBuild ?? status.build, '');
    const out: Record<string, unknown[]> = {};
    for (const name of await readModels.listCollections())
      if (name.startsWith(prefix))
        out[name.slice(prefix.length)] = await readModels.collection(name).find({}, { sort: { _id: 1 } });
    return out;
  };

  it('equals the one built live, collection by collection, for every read model', async () => {
    const projectors = contexts.flatMap((c) => c.projectors).filter((p) => !p.issuesCommands);
    const scratch = new EmbeddedReadModelStore(join(t.runtime.config.dataDir, 'scratch-rebuild.sqlite'));
    const rebuild = new ProjectionRunner(t.runtime.events, scratch, projectors, {
      // Small batches, so the history is longer than one: a catch-up in memory, committed by the budget.
      batchSize: 5,
      catchUpBatchSize: 20,
      pollIntervalMs: 20,
      catchUpMemoryBytes: 8_000,
      personalData: { vault: t.runtime.vault, search: new BlindSearch(t.runtime.blindIndex) },
    });
    try {
      await rebuild.start();
      expect(await rebuild.catchUp(20_000)).toBe(true);
      let compared = 0;
      for (const projector of projectors) {
        const live = await documents(t.runtime.readModels, t.runtime.projections, projector.name);
        const rebuilt = await documents(scratch, rebuild, projector.name);
        expect({ projector: projector.name, collections: rebuilt }).toEqual({ projector: projector.name, collections: live });
        compared += Object.values(live).reduce((sum, docs) => sum + docs.length, 0);
      }
      expect(compared).toBeGreaterThan(24); // the register's applications and members at least
    } finally {
      await rebuild.stop();
      await scratch.close();
    }
  }, 120_000);
});
