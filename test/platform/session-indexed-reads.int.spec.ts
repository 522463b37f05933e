import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import type { Doc } from '../../src/platform/read-models/read-model-store.js';

interface Entry extends Doc {
  memberId: string;
  n: number;
}

/**
 * A catch-up session holds its documents in memory; a query on a declared index must still
 * find them (and the table's rows it does not override), as a transaction would. The embedded
 * store answers it from a value index of the session's documents instead of reading the
 * collection whole, which made each lookup of a rebuild cost the whole collection.
 */
describe('a session’s indexed reads (embedded read-model store)', () => {
  let dir: string;
  let store: EmbeddedReadModelStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-session-index-'));
    store = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
    await store.createIndexes('entries', [{ fields: { memberId: 1 } }]);
    await store.transaction(async (tx) => {
      const entries = tx.collection<Entry>('entries');
      await entries.insertOne({ _id: 'committed-a', memberId: 'a', n: 0 });
      await entries.insertOne({ _id: 'committed-b', memberId: 'b', n: 0 });
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = (docs: Entry[]) => docs.map((d) => d._id);

  it('finds the session’s documents and the table’s by an indexed field, with the session’s version winning', async () => {
    const session = store.openSession();
    const entries = session.collection<Entry>('entries');
    await entries.insertOne({ _id: 'held-a1', memberId: 'a', n: 1 });
    expect(ids(await entries.find({ memberId: 'a' }))).toEqual(['committed-a', 'held-a1']);
    // The index, once built, follows writes: a moved, a new and a deleted document.
    await entries.updateOne({ _id: 'committed-b' }, { $set: { memberId: 'a' } });
    await entries.insertOne({ _id: 'held-a2', memberId: 'a', n: 2 });
    await entries.deleteOne({ _id: 'committed-a' });
    expect(ids(await entries.find({ memberId: 'a' }))).toEqual(['committed-b', 'held-a1', 'held-a2']);
    expect(ids(await entries.find({ memberId: 'b' }))).toEqual([]);
    expect(ids(await entries.find({ memberId: { $in: ['a', 'b'] }, n: { $gte: 1 } }))).toEqual(['held-a1', 'held-a2']);
    const updated = await entries.updateMany({ memberId: 'a' }, { $set: { n: 9 } });
    expect(updated).toMatchObject({ matched: 3, modified: 3 });
    await session.commit(async () => undefined);
    const committed = store.collection<Entry>('entries');
    expect(ids(await committed.find({ memberId: 'a' }))).toEqual(['committed-b', 'held-a1', 'held-a2']);
    expect((await committed.find({ memberId: 'a' })).map((d) => d.n)).toEqual([9, 9, 9]);
  });

  it('answers as the restored documents after a rollback to a savepoint', async () => {
    const session = store.openSession();
    const entries = session.collection<Entry>('entries');
    await entries.insertOne({ _id: 'held-a1', memberId: 'a', n: 1 });
    expect(ids(await entries.find({ memberId: 'a' }))).toEqual(['committed-a', 'held-a1']);
    session.savepoint();
    await entries.updateOne({ _id: 'held-a1' }, { $set: { memberId: 'c' } });
    await entries.insertOne({ _id: 'held-a3', memberId: 'a', n: 3 });
    expect(ids(await entries.find({ memberId: 'a' }))).toEqual(['committed-a', 'held-a3']);
    session.rollbackToSavepoint();
    expect(ids(await entries.find({ memberId: 'a' }))).toEqual(['committed-a', 'held-a1']);
    expect(ids(await entries.find({ memberId: 'c' }))).toEqual([]);
  });
});
