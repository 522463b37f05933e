import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadModelStore } from './embedded/embedded-read-model-store.js';
import { lazyCollection } from './lazy-collection.js';

describe('a lazy collection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-lazy-'));
  const store = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads from wherever it resolves at each call (a projection switching builds)', async () => {
    await store.transaction(async (tx) => {
      await tx.collection('blue').insertOne({ _id: 'a', n: 1 });
      await tx.collection('green').insertOne({ _id: 'a', n: 2 });
      await tx.collection('green').insertOne({ _id: 'b', n: 3 });
    });
    let live = 'blue';
    const reader = lazyCollection<{ _id: string; n: number }>(async () => store.collection(live));
    expect(await reader.find()).toEqual([{ _id: 'a', n: 1 }]);
    live = 'green';
    expect(await reader.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2 });
    expect(await reader.count()).toBe(2);
    const streamed: number[] = [];
    for await (const doc of reader.stream({}, { sort: { n: -1 } })) streamed.push(doc.n);
    expect(streamed).toEqual([3, 2]);
  });
});
