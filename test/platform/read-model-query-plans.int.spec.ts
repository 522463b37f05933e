import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contexts } from '../../src/contexts.js';
import { collectionName } from '../../src/platform/projections/projection-state.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import type { Filter, IndexSpec } from '../../src/platform/read-models/read-model-store.js';
import { DELIVERIES, DELIVERY_INDEXES, DELIVERY_QUERIES } from '../../src/platform/subscriptions/consumer-groups.js';

/** Every query a read model declares, with the indexes declared beside it. */
const declared: Array<{ owner: string; collection: string; indexes: readonly IndexSpec[]; filter: Filter }> = [
  ...contexts.flatMap((context) =>
    context.projectors.flatMap((projector) =>
      Object.entries(projector.queries ?? {}).flatMap(([logical, filters]) =>
        filters.map((filter) => ({
          owner: projector.name,
          collection: collectionName(projector.name, 'v1g0', logical),
          indexes: projector.indexes?.[logical] ?? [],
          filter,
        })),
      ),
    ),
  ),
  ...DELIVERY_QUERIES.map((filter) => ({ owner: 'consumer groups', collection: DELIVERIES, indexes: DELIVERY_INDEXES, filter })),
];

describe('the read models’ declared queries on the embedded store', () => {
  let dir: string;
  let store: EmbeddedReadModelStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-plans-'));
    store = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
    for (const { collection, indexes } of declared) await store.createIndexes(collection, indexes);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are declared for the consumer deliveries, the member register, the member timeline and the service deliveries', () => {
    expect(new Set(declared.map((d) => d.owner))).toEqual(
      new Set(['consumer groups', 'member-register', 'member-timeline', 'service-deliveries']),
    );
  });

  it.each(declared.map((d) => [`${d.owner}: ${d.collection.split('__').at(-1)} ${JSON.stringify(d.filter)}`, d] as const))(
    '%s is read through an index, never by a full scan',
    (_, { collection, filter }) => {
      const plan = store.explain(collection, filter);
      expect({ collection, filter, plan }).toEqual({
        collection,
        filter,
        plan: expect.arrayContaining([expect.stringMatching(/USING (COVERING )?INDEX (ix_|sqlite_autoindex_documents)/)]),
      });
      expect(plan.filter((step) => /^SCAN documents|no declared index/.test(step))).toEqual([]);
    },
  );

  it('a filter no index serves is reported as a full read of the collection', () => {
    const plan = store.explain(DELIVERIES, { reason: 'x' });
    expect(plan.some((step) => /no declared index/.test(step))).toBe(true);
  });
});
