import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  DuplicateDocumentError,
  type Doc,
  type Filter,
  type FindOptions,
  type ReadModelSession,
  type ReadModelStore,
  type Update,
  type WriteCollection,
} from '../../src/platform/read-models/read-model-store.js';

export interface ReadModelStoreTarget {
  store: ReadModelStore;
  /** Removes whatever the target created; called once after the suite. */
  dispose(): Promise<void>;
}

/** Thrown by transaction work that must be rolled back. */
class Boom extends Error {
  constructor() {
    super('boom');
    this.name = 'Boom';
  }
}

/** Collection names unique per test: the suite also runs against a shared server. */
const unique = (label: string) => `rm_${randomBytes(5).toString('hex')}_${label}`;
const ids = (docs: Doc[]) => docs.map((doc) => doc._id).sort();
const inOrder = (docs: Doc[]) => docs.map((doc) => doc._id);
/**
 * A JSON round trip, not structuredClone: under jest, structuredClone returns objects of
 * another realm, which mingo does not recognise as plain objects (whole-document equality
 * then silently fails to match).
 */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Five members; p5 has no age and no address, p3 has `note: null`. */
const people: Doc[] = [
  {
    _id: 'p1',
    name: 'Rossi Maria',
    role: 'worker',
    age: 34,
    joined: '2024-03-15',
    address: { city: 'Torino', zip: '10121' },
    tags: ['founder', 'board'],
    shifts: [
      { day: 'mon', hours: 6 },
      { day: 'wed', hours: 8 },
    ],
    scores: [72, 88],
  },
  {
    _id: 'p2',
    name: 'Bianchi Luca',
    role: 'worker',
    age: 27,
    joined: '2025-01-01',
    address: { city: 'Milano', zip: '20121' },
    tags: ['board'],
    shifts: [{ day: 'tue', hours: 4 }],
    scores: [95],
  },
  {
    _id: 'p3',
    name: 'rossini Anna',
    role: 'volunteer',
    age: 45,
    joined: '2025-02-10',
    address: { city: 'Torino', zip: '10135' },
    tags: [],
    shifts: [],
    scores: [60, 65],
    note: null,
  },
  {
    _id: 'p4',
    name: 'Verdi Paolo',
    role: 'user',
    age: 19,
    joined: '2023-11-30',
    address: { city: 'Genova' },
    tags: ['new'],
    shifts: [{ day: 'mon', hours: 8 }],
    scores: [81, 84],
  },
  {
    _id: 'p5',
    name: 'Neri Giulia',
    role: 'worker',
    joined: '2024-12-31',
    tags: ['founder'],
    shifts: [{ day: 'fri', hours: 10 }],
  },
];

/**
 * The read-model contract: every adapter, embedded or server, must pass it unchanged. It
 * sticks to what mingo and MongoDB agree on: JSON values only, sorts on keys without ties
 * (MongoDB does not promise an order among equal keys), results without a sort compared as
 * sets, no collation, no text search.
 *
 * The port only writes inside `transaction`, so every write here goes through `tx`. Errors
 * raised inside a transaction are left to propagate: on MongoDB a failed write (a duplicate
 * `_id`) aborts the server-side transaction, so work that swallowed it could not commit.
 */
export function readModelStoreContract(name: string, open: () => Promise<ReadModelStoreTarget>): void {
  describe(`read-model store contract: ${name}`, () => {
    let target: ReadModelStoreTarget;
    let store: ReadModelStore;

    beforeAll(async () => {
      target = await open();
      store = target.store;
    });
    afterAll(async () => {
      await target?.dispose();
    });

    const seed = (collection: string, docs: Doc[]) =>
      store.transaction(async (tx) => {
        const c = tx.collection(collection);
        for (const doc of docs) await c.insertOne(copy(doc));
      });
    const updateOne = (collection: string, filter: Filter, update: Update, options?: { upsert?: boolean }) =>
      store.transaction((tx) => tx.collection(collection).updateOne(filter, update, options));
    const get = (collection: string, id: string) => store.collection(collection).findOne({ _id: id });

    describe('insertOne and findOne', () => {
      it('inserts a document and finds it by _id, or returns null', async () => {
        const c = unique('insert');
        const doc = people[0]!;
        await seed(c, [doc]);
        expect(await get(c, 'p1')).toEqual(doc);
        expect(await get(c, 'nope')).toBeNull();
        expect(await store.collection(c).findOne({ 'address.city': 'Torino' })).toEqual(doc);
        expect(await store.collection(c).findOne({ 'address.city': 'Roma' })).toBeNull();
      });

      it('rejects an existing _id with DuplicateDocumentError and changes nothing', async () => {
        const c = unique('duplicate');
        await seed(c, [{ _id: 'a', v: 1 }]);
        const error = await store
          .transaction(async (tx) => {
            const members = tx.collection(c);
            await members.insertOne({ _id: 'b', v: 1 });
            await members.insertOne({ _id: 'a', v: 2 });
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateDocumentError);
        expect((error as DuplicateDocumentError).collection).toBe(c);
        expect((error as DuplicateDocumentError).id).toBe('a');
        expect(await get(c, 'a')).toEqual({ _id: 'a', v: 1 });
        expect(await get(c, 'b')).toBeNull();
        expect(await store.collection(c).count()).toBe(1);
      });

      it('rejects a second insert of an _id written earlier in the same transaction', async () => {
        const c = unique('duplicate_tx');
        const error = await store
          .transaction(async (tx) => {
            await tx.collection(c).insertOne({ _id: 'x', v: 1 });
            await tx.collection(c).insertOne({ _id: 'x', v: 2 });
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateDocumentError);
        expect((error as DuplicateDocumentError).id).toBe('x');
        expect(await store.collection(c).count()).toBe(0);
      });

      it('treats documents as values: mutating what was inserted or read changes nothing stored', async () => {
        const c = unique('values');
        const original = { _id: 'v1', list: [1, 2], nested: { n: 1 } };
        const inserted = copy(original);
        await store.transaction(async (tx) => {
          await tx.collection(c).insertOne(inserted);
          inserted.list.push(3);
          inserted.nested.n = 99;
          const seen = await tx.collection(c).findOne({ _id: 'v1' });
          expect(seen).toEqual(original);
          (seen!['nested'] as { n: number }).n = 42;
          expect(await tx.collection(c).findOne({ _id: 'v1' })).toEqual(original);
        });
        const read = await get(c, 'v1');
        expect(read).toEqual(original);
        (read!['list'] as number[]).push(7);
        const [found] = await store.collection(c).find({ _id: 'v1' });
        found!['nested'] = 'changed';
        expect(await get(c, 'v1')).toEqual(original);
      });
    });

    describe('queries', () => {
      let c: string;
      const find = async (filter: Filter, options?: FindOptions) => store.collection(c).find(filter, options);
      const match = async (filter: Filter) => ids(await find(filter));

      beforeAll(async () => {
        c = unique('people');
        await seed(c, people);
      });

      it('matches everything with an empty or missing filter, nothing for an unknown value', async () => {
        expect(ids(await store.collection(c).find())).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
        expect(await match({})).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
        expect(await match({ role: 'nobody' })).toEqual([]);
      });

      it('matches equality on top-level and nested fields, and whole embedded documents', async () => {
        expect(await match({ role: 'worker' })).toEqual(['p1', 'p2', 'p5']);
        expect(await match({ 'address.city': 'Torino' })).toEqual(['p1', 'p3']);
        expect(await match({ 'address.city': 'Torino', role: 'volunteer' })).toEqual(['p3']);
        expect(await match({ address: { city: 'Genova' } })).toEqual(['p4']);
        expect(await match({ _id: 'p2' })).toEqual(['p2']);
      });

      it('matches $in, on scalars and on array fields', async () => {
        expect(await match({ role: { $in: ['volunteer', 'user'] } })).toEqual(['p3', 'p4']);
        expect(await match({ _id: { $in: ['p2', 'p5', 'missing'] } })).toEqual(['p2', 'p5']);
        expect(await match({ tags: { $in: ['new', 'founder'] } })).toEqual(['p1', 'p4', 'p5']);
      });

      it('compares numbers with $gt, $gte, $lt, $lte, never matching a missing field', async () => {
        expect(await match({ age: { $gt: 27 } })).toEqual(['p1', 'p3']);
        expect(await match({ age: { $gte: 27 } })).toEqual(['p1', 'p2', 'p3']);
        expect(await match({ age: { $lt: 27 } })).toEqual(['p4']);
        expect(await match({ age: { $lte: 27 } })).toEqual(['p2', 'p4']);
        expect(await match({ age: { $gt: 20, $lt: 40 } })).toEqual(['p1', 'p2']);
      });

      it('compares ISO date strings with $gt, $gte, $lt, $lte', async () => {
        expect(await match({ joined: { $gte: '2025-01-01' } })).toEqual(['p2', 'p3']);
        expect(await match({ joined: { $gt: '2025-01-01' } })).toEqual(['p3']);
        expect(await match({ joined: { $lt: '2024-12-31' } })).toEqual(['p1', 'p4']);
        expect(await match({ joined: { $gt: '2024-01-01', $lte: '2024-12-31' } })).toEqual(['p1', 'p5']);
      });

      it('matches $exists true and false (a null value exists)', async () => {
        expect(await match({ age: { $exists: false } })).toEqual(['p5']);
        expect(await match({ address: { $exists: true } })).toEqual(['p1', 'p2', 'p3', 'p4']);
        expect(await match({ 'address.zip': { $exists: false } })).toEqual(['p4', 'p5']);
        expect(await match({ note: { $exists: true } })).toEqual(['p3']);
      });

      it('matches $ne, including documents without the field', async () => {
        expect(await match({ role: { $ne: 'worker' } })).toEqual(['p3', 'p4']);
        expect(await match({ age: { $ne: 34 } })).toEqual(['p2', 'p3', 'p4', 'p5']);
      });

      it('combines conditions with $or and $and', async () => {
        expect(await match({ $or: [{ role: 'volunteer' }, { age: { $lt: 20 } }] })).toEqual(['p3', 'p4']);
        expect(await match({ $and: [{ role: 'worker' }, { tags: 'founder' }] })).toEqual(['p1', 'p5']);
        expect(await match({ $and: [{ age: { $gt: 20 } }, { age: { $lt: 40 } }] })).toEqual(['p1', 'p2']);
        expect(
          await match({ $or: [{ 'address.city': 'Milano' }, { $and: [{ role: 'worker' }, { age: { $exists: false } }] }] }),
        ).toEqual(['p2', 'p5']);
      });

      it('matches array elements: contains, and $elemMatch on one element', async () => {
        expect(await match({ tags: 'board' })).toEqual(['p1', 'p2']);
        expect(await match({ 'shifts.day': 'mon' })).toEqual(['p1', 'p4']);
        // Without $elemMatch the two conditions may hold on different elements (p1: mon 6, wed 8).
        expect(await match({ 'shifts.day': 'mon', 'shifts.hours': { $gte: 8 } })).toEqual(['p1', 'p4']);
        expect(await match({ shifts: { $elemMatch: { day: 'mon', hours: { $gte: 8 } } } })).toEqual(['p4']);
        expect(await match({ scores: { $gte: 80, $lt: 85 } })).toEqual(['p1', 'p4']);
        expect(await match({ scores: { $elemMatch: { $gte: 80, $lt: 85 } } })).toEqual(['p4']);
      });

      it('matches $regex on strings, with and without the i option', async () => {
        expect(await match({ name: { $regex: '^Ross' } })).toEqual(['p1']);
        expect(await match({ name: { $regex: '^ross', $options: 'i' } })).toEqual(['p1', 'p3']);
        expect(await match({ name: { $regex: 'ia$' } })).toEqual(['p1', 'p5']);
        expect(await match({ 'address.city': { $regex: 'o$' } })).toEqual(['p1', 'p2', 'p3']);
      });

      it('sorts on one key, ascending and descending, numbers and strings', async () => {
        const aged = { age: { $exists: true } };
        expect(inOrder(await find(aged, { sort: { age: 1 } }))).toEqual(['p4', 'p2', 'p1', 'p3']);
        expect(inOrder(await find(aged, { sort: { age: -1 } }))).toEqual(['p3', 'p1', 'p2', 'p4']);
        expect(inOrder(await find({}, { sort: { joined: 1 } }))).toEqual(['p4', 'p1', 'p5', 'p2', 'p3']);
        expect(inOrder(await find({}, { sort: { _id: -1 } }))).toEqual(['p5', 'p4', 'p3', 'p2', 'p1']);
      });

      it('sorts on two keys', async () => {
        expect(inOrder(await find({}, { sort: { role: 1, joined: -1 } }))).toEqual(['p4', 'p3', 'p2', 'p5', 'p1']);
        expect(inOrder(await find({}, { sort: { role: -1, joined: 1 } }))).toEqual(['p1', 'p5', 'p2', 'p3', 'p4']);
      });

      it('applies skip and limit after sorting', async () => {
        const sort = { joined: 1 } as const;
        expect(inOrder(await find({}, { sort, skip: 1, limit: 2 }))).toEqual(['p1', 'p5']);
        expect(inOrder(await find({}, { sort, limit: 2 }))).toEqual(['p4', 'p1']);
        expect(inOrder(await find({}, { sort, skip: 3 }))).toEqual(['p2', 'p3']);
        expect(inOrder(await find({}, { sort, skip: 10 }))).toEqual([]);
        expect(inOrder(await find({ role: 'worker' }, { sort: { joined: -1 }, limit: 1 }))).toEqual(['p2']);
      });

      it('projects by inclusion, keeping _id unless it is excluded', async () => {
        expect(await find({ _id: 'p1' }, { projection: { name: 1 } })).toEqual([{ _id: 'p1', name: 'Rossi Maria' }]);
        expect(await find({ _id: 'p1' }, { projection: { name: 1, age: 1, _id: 0 } })).toEqual([
          { name: 'Rossi Maria', age: 34 },
        ]);
        expect(await find({ _id: 'p1' }, { projection: { 'address.city': 1 } })).toEqual([
          { _id: 'p1', address: { city: 'Torino' } },
        ]);
        expect(await find({ _id: 'p5' }, { projection: { name: 1, age: 1 } })).toEqual([{ _id: 'p5', name: 'Neri Giulia' }]);
      });

      it('projects by exclusion', async () => {
        expect(await find({ _id: 'p1' }, { projection: { address: 0, tags: 0, shifts: 0, scores: 0 } })).toEqual([
          { _id: 'p1', name: 'Rossi Maria', role: 'worker', age: 34, joined: '2024-03-15' },
        ]);
        const { _id, ...withoutId } = people[1]!;
        expect(await find({ _id: 'p2' }, { projection: { _id: 0 } })).toEqual([withoutId]);
        const [p1] = await find({ _id: 'p1' }, { projection: { 'address.zip': 0, shifts: 0, scores: 0, tags: 0 } });
        expect(p1!['address']).toEqual({ city: 'Torino' });
        expect(p1!['name']).toBe('Rossi Maria');
      });

      it('sorts, skips and limits on fields the projection leaves out', async () => {
        const names = (docs: Doc[]) => docs.map((doc) => doc['name']);
        const options = { sort: { joined: 1 }, projection: { name: 1, _id: 0 } } as const;
        expect(names(await find({}, options))).toEqual([
          'Verdi Paolo',
          'Rossi Maria',
          'Neri Giulia',
          'Bianchi Luca',
          'rossini Anna',
        ]);
        expect(await find({}, { ...options, skip: 1, limit: 2 })).toEqual([{ name: 'Rossi Maria' }, { name: 'Neri Giulia' }]);
        expect(names(await drain(store.collection(c).stream({ role: 'worker' }, options)))).toEqual([
          'Rossi Maria',
          'Neri Giulia',
          'Bianchi Luca',
        ]);
      });

      it('counts with and without a filter', async () => {
        expect(await store.collection(c).count()).toBe(5);
        expect(await store.collection(c).count({})).toBe(5);
        expect(await store.collection(c).count({ role: 'worker' })).toBe(3);
        expect(await store.collection(c).count({ 'address.city': 'Torino', age: { $gt: 40 } })).toBe(1);
        expect(await store.collection(c).count({ role: 'nobody' })).toBe(0);
        expect(await store.collection(unique('empty')).count()).toBe(0);
      });

      it('reads an unknown collection as empty', async () => {
        const empty = store.collection(unique('never_written'));
        expect(await empty.find({})).toEqual([]);
        expect(await empty.findOne({ _id: 'x' })).toBeNull();
        expect(await drain(empty.stream({}))).toEqual([]);
      });
    });

    describe('indexes', () => {
      it('answer equality, $in and range queries on indexed fields as a collection without them does, inside transactions too', async () => {
        const [plain, indexed] = [unique('plain'), unique('indexed')];
        await seed(plain, people);
        await store.createIndexes(indexed, [{ fields: { role: 1, joined: 1 } }, { fields: { age: 1 } }]);
        await store.createIndexes(indexed, [{ fields: { role: 1, joined: 1 } }]); // idempotent
        await seed(indexed, people);
        const filters: Filter[] = [
          { role: 'worker' },
          { role: { $in: ['worker', 'volunteer'] } },
          { role: 'worker', joined: { $gte: '2024-01-01' } },
          { role: { $eq: 'worker' }, age: { $exists: true } },
          { age: { $gt: 30, $lte: 50 } },
          { age: { $lt: 100 } },
          { role: 'nobody' },
        ];
        for (const filter of filters) {
          const expected = ids(await store.collection(plain).find(filter));
          expect({ filter, found: ids(await store.collection(indexed).find(filter)) }).toEqual({ filter, found: expected });
          expect(await store.collection(indexed).count(filter)).toBe(expected.length);
        }
        // A write in a transaction is seen by an indexed query in it, and after it.
        await store.transaction(async (tx) => {
          await tx.collection(indexed).updateOne({ _id: 'p1' }, { $set: { role: 'retired' } });
          expect(ids(await tx.collection(indexed).find({ role: 'retired' }))).toEqual(['p1']);
        });
        expect(ids(await store.collection(indexed).find({ role: 'retired' }))).toEqual(['p1']);
      });
    });

    describe('updateOne', () => {
      const anna = (): Doc => ({
        _id: 'u1',
        name: 'Anna',
        address: { city: 'Torino' },
        balance: 10,
        tags: ['a'],
        scores: [5, 1, 9, 3],
        shifts: [
          { day: 'mon', hours: 6 },
          { day: 'tue', hours: 4 },
        ],
        low: 5,
        high: 5,
        obsolete: true,
        nested: { keep: 1, drop: 2 },
      });
      const fresh = async () => {
        const c = unique('update');
        await seed(c, [anna()]);
        return c;
      };

      it('$set top-level and nested paths, creating missing parents', async () => {
        const c = await fresh();
        const result = await updateOne(
          c,
          { _id: 'u1' },
          { $set: { name: 'Anna B.', 'address.city': 'Milano', 'address.zip': '20121', 'contact.email': 'a@example.org' } },
        );
        expect(result).toEqual({ matched: 1, modified: 1, upserted: false });
        expect(await get(c, 'u1')).toEqual({
          ...anna(),
          name: 'Anna B.',
          address: { city: 'Milano', zip: '20121' },
          contact: { email: 'a@example.org' },
        });
      });

      it('reports modified 0 for an update that changes nothing, and 0/0 when nothing matches', async () => {
        const c = await fresh();
        expect(await updateOne(c, { _id: 'u1' }, { $set: { name: 'Anna' } })).toEqual({
          matched: 1,
          modified: 0,
          upserted: false,
        });
        expect(await updateOne(c, { _id: 'missing' }, { $set: { name: 'X' } })).toEqual({
          matched: 0,
          modified: 0,
          upserted: false,
        });
        expect(await get(c, 'missing')).toBeNull();
        expect(await get(c, 'u1')).toEqual(anna());
      });

      it('$unset top-level and nested fields', async () => {
        const c = await fresh();
        expect(await updateOne(c, { _id: 'u1' }, { $unset: { obsolete: '', 'nested.drop': '' } })).toEqual({
          matched: 1,
          modified: 1,
          upserted: false,
        });
        const { obsolete, ...rest } = anna();
        expect(await get(c, 'u1')).toEqual({ ...rest, nested: { keep: 1 } });
        expect((await updateOne(c, { _id: 'u1' }, { $unset: { notThere: '' } })).modified).toBe(0);
      });

      it('$inc existing and missing fields, by positive and negative amounts', async () => {
        const c = await fresh();
        await updateOne(c, { _id: 'u1' }, { $inc: { balance: 5, 'stats.visits': 1 } });
        await updateOne(c, { _id: 'u1' }, { $inc: { balance: -2.5, 'stats.visits': 1 } });
        const doc = await get(c, 'u1');
        expect(doc!['balance']).toBe(12.5);
        expect(doc!['stats']).toEqual({ visits: 2 });
      });

      it('$push one value, several with $each, and onto a missing field', async () => {
        const c = await fresh();
        await updateOne(c, { _id: 'u1' }, { $push: { tags: 'b' } });
        await updateOne(c, { _id: 'u1' }, { $push: { tags: { $each: ['c', 'a'] } } });
        await updateOne(c, { _id: 'u1' }, { $push: { history: { at: '2025-01-01', what: 'joined' } } });
        const doc = await get(c, 'u1');
        expect(doc!['tags']).toEqual(['a', 'b', 'c', 'a']);
        expect(doc!['history']).toEqual([{ at: '2025-01-01', what: 'joined' }]);
      });

      it('$pull by value and by condition', async () => {
        const c = await fresh();
        await updateOne(c, { _id: 'u1' }, { $pull: { scores: 9 } });
        expect((await get(c, 'u1'))!['scores']).toEqual([5, 1, 3]);
        await updateOne(c, { _id: 'u1' }, { $pull: { scores: { $lt: 4 } } });
        expect((await get(c, 'u1'))!['scores']).toEqual([5]);
        await updateOne(c, { _id: 'u1' }, { $pull: { shifts: { day: 'mon' } } });
        expect((await get(c, 'u1'))!['shifts']).toEqual([{ day: 'tue', hours: 4 }]);
        expect((await updateOne(c, { _id: 'u1' }, { $pull: { scores: 42 } })).modified).toBe(0);
      });

      it('$addToSet adds only what is missing', async () => {
        const c = await fresh();
        expect((await updateOne(c, { _id: 'u1' }, { $addToSet: { tags: 'a' } })).modified).toBe(0);
        expect((await updateOne(c, { _id: 'u1' }, { $addToSet: { tags: 'z' } })).modified).toBe(1);
        await updateOne(c, { _id: 'u1' }, { $addToSet: { tags: { $each: ['a', 'y', 'z'] } } });
        await updateOne(c, { _id: 'u1' }, { $addToSet: { roles: 'admin' } });
        const doc = await get(c, 'u1');
        expect(doc!['tags']).toEqual(['a', 'z', 'y']);
        expect(doc!['roles']).toEqual(['admin']);
      });

      it('$min and $max keep the lower and the higher value, numbers and ISO dates', async () => {
        const c = await fresh();
        expect((await updateOne(c, { _id: 'u1' }, { $min: { low: 3 } })).modified).toBe(1);
        expect((await updateOne(c, { _id: 'u1' }, { $min: { low: 7 } })).modified).toBe(0);
        expect((await updateOne(c, { _id: 'u1' }, { $max: { high: 8 } })).modified).toBe(1);
        expect((await updateOne(c, { _id: 'u1' }, { $max: { high: 1 } })).modified).toBe(0);
        await updateOne(c, { _id: 'u1' }, { $max: { lastSeen: '2025-03-01' }, $min: { firstSeen: '2025-03-01' } });
        await updateOne(c, { _id: 'u1' }, { $max: { lastSeen: '2025-02-01' }, $min: { firstSeen: '2025-02-01' } });
        await updateOne(c, { _id: 'u1' }, { $max: { lastSeen: '2025-04-01' }, $min: { firstSeen: '2025-04-01' } });
        const doc = await get(c, 'u1');
        expect(doc).toMatchObject({ low: 3, high: 8, lastSeen: '2025-04-01', firstSeen: '2025-02-01' });
      });

      it('combines several operators in one update', async () => {
        const c = await fresh();
        const result = await updateOne(
          c,
          { _id: 'u1' },
          { $set: { name: 'Anna C.' }, $inc: { balance: 1 }, $push: { tags: 'b' }, $unset: { obsolete: '' } },
        );
        expect(result).toEqual({ matched: 1, modified: 1, upserted: false });
        const doc = await get(c, 'u1');
        expect(doc).toMatchObject({ name: 'Anna C.', balance: 11, tags: ['a', 'b'] });
        expect(doc).not.toHaveProperty('obsolete');
      });

      it('updates exactly one document when several match', async () => {
        const c = unique('update_one_of_many');
        await seed(c, [
          { _id: 'a', group: 'g', n: 0 },
          { _id: 'b', group: 'g', n: 0 },
          { _id: 'c', group: 'h', n: 0 },
        ]);
        expect(await updateOne(c, { group: 'g' }, { $inc: { n: 1 } })).toEqual({ matched: 1, modified: 1, upserted: false });
        const docs = await store.collection(c).find({}, { sort: { _id: 1 } });
        expect(docs.filter((doc) => doc['n'] === 1)).toHaveLength(1);
        expect(docs.find((doc) => doc['n'] === 1)!['group']).toBe('g');
      });
    });

    describe('upserts', () => {
      it('creates a missing document from the filter equalities, $set and $setOnInsert', async () => {
        const c = unique('upsert');
        const result = await updateOne(
          c,
          { _id: 'm1', kind: 'member' },
          { $set: { name: 'Nuovo' }, $setOnInsert: { createdAt: '2025-01-01', status: 'new' } },
          { upsert: true },
        );
        expect(result).toEqual({ matched: 0, modified: 0, upserted: true });
        expect(await get(c, 'm1')).toEqual({
          _id: 'm1',
          kind: 'member',
          name: 'Nuovo',
          createdAt: '2025-01-01',
          status: 'new',
        });
      });

      it('takes nested equalities of the filter into the new document', async () => {
        const c = unique('upsert_nested');
        await updateOne(c, { _id: 'm1', 'owner.id': 'o1' }, { $set: { v: 1 } }, { upsert: true });
        expect(await get(c, 'm1')).toEqual({ _id: 'm1', owner: { id: 'o1' }, v: 1 });
      });

      it('ignores $setOnInsert when the document exists', async () => {
        const c = unique('upsert_existing');
        await updateOne(c, { _id: 'm1' }, { $set: { name: 'A' }, $setOnInsert: { createdAt: '2025-01-01' } }, { upsert: true });
        const again = await updateOne(
          c,
          { _id: 'm1' },
          { $set: { name: 'B' }, $setOnInsert: { createdAt: '2026-06-06' } },
          { upsert: true },
        );
        expect(again).toEqual({ matched: 1, modified: 1, upserted: false });
        expect(await get(c, 'm1')).toEqual({ _id: 'm1', name: 'B', createdAt: '2025-01-01' });
        const onlyOnInsert = await updateOne(c, { _id: 'm1' }, { $setOnInsert: { createdAt: '2027-07-07' } }, { upsert: true });
        expect(onlyOnInsert).toEqual({ matched: 1, modified: 0, upserted: false });
        expect(await get(c, 'm1')).toEqual({ _id: 'm1', name: 'B', createdAt: '2025-01-01' });
        expect(await store.collection(c).count()).toBe(1);
      });

      it('counts with $inc from an upserted document', async () => {
        const c = unique('upsert_counter');
        await updateOne(c, { _id: 'hits' }, { $inc: { n: 1 } }, { upsert: true });
        await updateOne(c, { _id: 'hits' }, { $inc: { n: 1 } }, { upsert: true });
        expect(await get(c, 'hits')).toEqual({ _id: 'hits', n: 2 });
      });
    });

    describe('replaceOne, updateMany, deleteOne, deleteMany', () => {
      it('replaceOne replaces the whole document, and reports no match without upsert', async () => {
        const c = unique('replace');
        await seed(c, [{ _id: 'r1', a: 1, b: { c: 2 } }]);
        const result = await store.transaction((tx) => tx.collection(c).replaceOne({ _id: 'r1' }, { _id: 'r1', z: 3 }));
        expect(result).toEqual({ matched: 1, modified: 1, upserted: false });
        expect(await get(c, 'r1')).toEqual({ _id: 'r1', z: 3 });
        const byField = await store.transaction((tx) => tx.collection(c).replaceOne({ z: 3 }, { _id: 'r1', z: 4 }));
        expect(byField).toEqual({ matched: 1, modified: 1, upserted: false });
        const none = await store.transaction((tx) => tx.collection(c).replaceOne({ _id: 'r2' }, { _id: 'r2', v: 1 }));
        expect(none).toEqual({ matched: 0, modified: 0, upserted: false });
        expect(await get(c, 'r2')).toBeNull();
        expect(await get(c, 'r1')).toEqual({ _id: 'r1', z: 4 });
      });

      it('replaceOne with upsert inserts when nothing matches and replaces when something does', async () => {
        const c = unique('replace_upsert');
        const inserted = await store.transaction((tx) =>
          tx.collection(c).replaceOne({ _id: 'r2' }, { _id: 'r2', v: 1 }, { upsert: true }),
        );
        expect(inserted).toEqual({ matched: 0, modified: 0, upserted: true });
        expect(await get(c, 'r2')).toEqual({ _id: 'r2', v: 1 });
        const replaced = await store.transaction((tx) =>
          tx.collection(c).replaceOne({ _id: 'r2' }, { _id: 'r2', w: 2 }, { upsert: true }),
        );
        expect(replaced).toEqual({ matched: 1, modified: 1, upserted: false });
        expect(await get(c, 'r2')).toEqual({ _id: 'r2', w: 2 });
        expect(await store.collection(c).count()).toBe(1);
      });

      it('put inserts a missing document and replaces an existing one whole, as an upsert by _id does', async () => {
        const c = unique('put');
        await seed(c, [{ _id: 'p1', a: 1, b: { c: 2 } }]);
        await store.transaction(async (tx) => {
          await tx.collection(c).put({ _id: 'p1', z: 3 });
          await tx.collection(c).put({ _id: 'p2', v: 1 });
        });
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'p1', z: 3 },
          { _id: 'p2', v: 1 },
        ]);
      });

      it('put is seen by the same transaction, before and after a read of the document, and a failed transaction keeps nothing of it', async () => {
        const c = unique('put_tx');
        await seed(c, [{ _id: 'read', v: 0 }]);
        await store.transaction(async (tx) => {
          const docs = tx.collection(c);
          expect(await docs.findOne({ _id: 'read' })).toEqual({ _id: 'read', v: 0 });
          await docs.put({ _id: 'read', v: 1 });
          await docs.put({ _id: 'unread', v: 1 });
          expect(await docs.findOne({ _id: 'read' })).toEqual({ _id: 'read', v: 1 });
          expect(await docs.findOne({ _id: 'unread' })).toEqual({ _id: 'unread', v: 1 });
          expect(ids(await docs.find({ v: 1 }))).toEqual(['read', 'unread']);
          await docs.put({ _id: 'unread', v: 2 });
          expect(await docs.count({ v: 2 })).toBe(1);
        });
        expect(await get(c, 'unread')).toEqual({ _id: 'unread', v: 2 });
        await expect(
          store.transaction(async (tx) => {
            await tx.collection(c).put({ _id: 'read', v: 9 });
            await tx.collection(c).put({ _id: 'never', v: 9 });
            throw new Boom();
          }),
        ).rejects.toBeInstanceOf(Boom);
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'read', v: 1 },
          { _id: 'unread', v: 2 },
        ]);
      });

      it('updateMany updates every match and counts matched and modified apart', async () => {
        const c = unique('update_many');
        await seed(c, [
          { _id: 'a', group: 'g1', flag: false, n: 1 },
          { _id: 'b', group: 'g1', flag: true, n: 2 },
          { _id: 'c', group: 'g1', flag: false, n: 3 },
          { _id: 'd', group: 'g2', flag: false, n: 4 },
        ]);
        const flagged = await store.transaction((tx) => tx.collection(c).updateMany({ group: 'g1' }, { $set: { flag: true } }));
        expect(flagged).toEqual({ matched: 3, modified: 2, upserted: false });
        expect(ids(await store.collection(c).find({ flag: true }))).toEqual(['a', 'b', 'c']);
        const bumped = await store.transaction((tx) => tx.collection(c).updateMany({ n: { $gte: 2 } }, { $inc: { n: 10 } }));
        expect(bumped).toEqual({ matched: 3, modified: 3, upserted: false });
        expect((await store.collection(c).find({}, { sort: { _id: 1 } })).map((doc) => doc['n'])).toEqual([1, 12, 13, 14]);
        const none = await store.transaction((tx) => tx.collection(c).updateMany({ group: 'g9' }, { $set: { flag: false } }));
        expect(none).toEqual({ matched: 0, modified: 0, upserted: false });
      });

      it('deleteOne deletes one match and deleteMany every match, returning counts', async () => {
        const c = unique('delete');
        await seed(c, [
          { _id: 'a', group: 'g1' },
          { _id: 'b', group: 'g1' },
          { _id: 'c', group: 'g1' },
          { _id: 'd', group: 'g2' },
          { _id: 'e', group: 'g3' },
        ]);
        expect(await store.transaction((tx) => tx.collection(c).deleteOne({ _id: 'e' }))).toBe(1);
        expect(await store.transaction((tx) => tx.collection(c).deleteOne({ _id: 'e' }))).toBe(0);
        expect(await store.transaction((tx) => tx.collection(c).deleteOne({ group: 'g1' }))).toBe(1);
        expect(await store.collection(c).count({ group: 'g1' })).toBe(2);
        expect(await store.transaction((tx) => tx.collection(c).deleteMany({ group: 'g1' }))).toBe(2);
        expect(await store.transaction((tx) => tx.collection(c).deleteMany({ group: 'g1' }))).toBe(0);
        expect(ids(await store.collection(c).find())).toEqual(['d']);
        expect(await store.transaction((tx) => tx.collection(c).deleteMany({}))).toBe(1);
        expect(await store.collection(c).count()).toBe(0);
      });
    });

    describe('stream', () => {
      const total = 2_500;
      let c: string;

      beforeAll(async () => {
        c = unique('stream');
        // Inserted in a scrambled order so that insertion order is not the sort order.
        const order = Array.from({ length: total }, (_, i) => (i * 7919) % total);
        await store.transaction(async (tx) => {
          const docs = tx.collection(c);
          for (const n of order) {
            await docs.insertOne({ _id: `d${String(n).padStart(5, '0')}`, n, bucket: n % 10, payload: 'x'.repeat(64) });
          }
        });
      }, 180_000);

      it('yields every document, in sort order', async () => {
        let count = 0;
        let previous = Number.POSITIVE_INFINITY;
        let ordered = true;
        for await (const doc of store.collection(c).stream({}, { sort: { n: -1 } })) {
          const n = doc['n'] as number;
          if (!(n < previous)) ordered = false;
          previous = n;
          count++;
        }
        expect(count).toBe(total);
        expect(ordered).toBe(true);
        expect(previous).toBe(0);
        expect(await store.collection(c).count()).toBe(total);
      }, 120_000);

      it('yields every document once, in id order, when no sort is asked (pages by key, not by offset)', async () => {
        const streamed = (await drain(store.collection(c).stream({}))).map((doc) => doc._id);
        expect(streamed).toHaveLength(total);
        expect(new Set(streamed).size).toBe(total);
        expect(streamed).toEqual([...streamed].sort());
      }, 120_000);

      it('yields every document once when many share a sort key', async () => {
        const streamed = await drain(store.collection(c).stream({}, { sort: { bucket: 1 } }));
        expect(new Set(streamed.map((doc) => doc._id)).size).toBe(total);
        const buckets = streamed.map((doc) => doc['bucket'] as number);
        expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
      }, 120_000);

      it('yields only matches, projected, in sort order', async () => {
        const docs = await drain(store.collection(c).stream({ bucket: 3 }, { sort: { n: 1 }, projection: { n: 1, _id: 0 } }));
        expect(docs).toHaveLength(total / 10);
        expect(docs).toEqual(Array.from({ length: total / 10 }, (_, i) => ({ n: i * 10 + 3 })));
      }, 120_000);

      it('can be left early, and the store stays usable', async () => {
        const seen: number[] = [];
        for await (const doc of store.collection(c).stream({ n: { $gte: 100 } }, { sort: { n: 1 } })) {
          seen.push(doc['n'] as number);
          if (seen.length === 10) break;
        }
        expect(seen).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
        expect(await store.collection(c).count({ n: { $lt: 100 } })).toBe(100);
      }, 120_000);
    });

    describe('transactions', () => {
      it('returns what the work returns and commits its writes', async () => {
        const c = unique('tx_commit');
        const result = await store.transaction(async (tx) => {
          await tx.collection(c).insertOne({ _id: 'a', v: 1 });
          await tx.collection(c).insertOne({ _id: 'b', v: 2 });
          return { written: 2 };
        });
        expect(result).toEqual({ written: 2 });
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'a', v: 1 },
          { _id: 'b', v: 2 },
        ]);
      });

      it('lets reads through tx see the writes made earlier in the same transaction', async () => {
        const c = unique('tx_read_own');
        await seed(c, [
          { _id: 'old', v: 0 },
          { _id: 'doomed', v: 0 },
        ]);
        const seen = await store.transaction(async (tx) => {
          const docs = tx.collection(c);
          await docs.insertOne({ _id: 'new', v: 1 });
          await docs.updateOne({ _id: 'old' }, { $set: { v: 5 } });
          await docs.deleteOne({ _id: 'doomed' });
          return {
            inserted: await docs.findOne({ _id: 'new' }),
            updated: await docs.findOne({ _id: 'old' }),
            deleted: await docs.findOne({ _id: 'doomed' }),
            found: ids(await docs.find({ v: { $gte: 1 } })),
            count: await docs.count(),
            streamed: (await drain(docs.stream({}, { sort: { v: -1 } }))).map((doc) => doc._id),
          };
        });
        expect(seen).toEqual({
          inserted: { _id: 'new', v: 1 },
          updated: { _id: 'old', v: 5 },
          deleted: null,
          found: ['new', 'old'],
          count: 2,
          streamed: ['old', 'new'],
        });
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'new', v: 1 },
          { _id: 'old', v: 5 },
        ]);
      });

      it('leaves nothing of a transaction whose work throws, and passes the error on', async () => {
        const c = unique('tx_rollback');
        const other = unique('tx_rollback_other');
        await seed(c, [
          { _id: 'keep', v: 1 },
          { _id: 'gone', v: 1 },
        ]);
        let sawOwnWrites = false;
        const failing = store.transaction(async (tx) => {
          const docs = tx.collection(c);
          await docs.insertOne({ _id: 'n1', v: 1 });
          await docs.insertOne({ _id: 'n2', v: 1 });
          await docs.updateOne({ _id: 'keep' }, { $set: { v: 2 } });
          await docs.updateOne({ _id: 'upserted' }, { $set: { v: 3 } }, { upsert: true });
          await docs.deleteOne({ _id: 'gone' });
          await tx.collection(other).insertOne({ _id: 'o1' });
          sawOwnWrites = (await docs.count()) === 4 && (await tx.collection(other).count()) === 1;
          throw new Boom();
        });
        await expect(failing).rejects.toBeInstanceOf(Boom);
        expect(sawOwnWrites).toBe(true);
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'gone', v: 1 },
          { _id: 'keep', v: 1 },
        ]);
        expect(await store.collection(other).count()).toBe(0);
      });

      it('ends concurrent transactions incrementing one counter with the exact total', async () => {
        const c = unique('tx_concurrent_inc');
        await seed(c, [{ _id: 'counter', n: 0 }]);
        const writers = 20;
        await Promise.all(
          Array.from({ length: writers }, () =>
            store.transaction((tx) => tx.collection(c).updateOne({ _id: 'counter' }, { $inc: { n: 1 } })),
          ),
        );
        expect(await get(c, 'counter')).toEqual({ _id: 'counter', n: writers });
      }, 120_000);

      it('loses no update when concurrent transactions read, then write what they read', async () => {
        const c = unique('tx_concurrent_rmw');
        await seed(c, [{ _id: 'counter', n: 0 }]);
        const writers = 20;
        await Promise.all(
          Array.from({ length: writers }, (_, i) =>
            store.transaction(async (tx) => {
              const docs = tx.collection(c);
              const counter = await docs.findOne({ _id: 'counter' });
              const n = counter!['n'] as number;
              await docs.updateOne({ _id: 'counter' }, { $set: { n: n + 1 } });
              await docs.insertOne({ _id: `writer-${i}`, saw: n });
            }),
          ),
        );
        expect(await get(c, 'counter')).toEqual({ _id: 'counter', n: writers });
        const seen = (await store.collection(c).find({ saw: { $exists: true } })).map((doc) => doc['saw'] as number);
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i));
      }, 120_000);
    });

    describe('sessions (optional: adapters without openSession skip these)', () => {
      /** Runs `test` with a session, where the adapter offers them. */
      const withSession = (name: string, test: (session: ReadModelSession) => Promise<void>) =>
        it(name, async () => {
          if (!store.openSession) return;
          await test(store.openSession());
        });

      withSession('reads its own writes over what is committed, and shows nothing to anyone before commit', async (session) => {
        const c = unique('session_read_own');
        await seed(c, [
          { _id: 'old', v: 0 },
          { _id: 'doomed', v: 0 },
        ]);
        const docs = session.collection(c);
        await docs.insertOne({ _id: 'new', v: 1 });
        await docs.updateOne({ _id: 'old' }, { $set: { v: 5 } });
        await docs.deleteOne({ _id: 'doomed' });
        await docs.updateOne({ _id: 'up' }, { $inc: { v: 2 } }, { upsert: true });
        expect(await docs.findOne({ _id: 'new' })).toEqual({ _id: 'new', v: 1 });
        expect(await docs.findOne({ _id: 'doomed' })).toBeNull();
        expect(ids(await docs.find({ v: { $gte: 1 } }))).toEqual(['new', 'old', 'up']);
        expect(await docs.count()).toBe(3);
        expect((await drain(docs.stream({}, { sort: { v: -1 } }))).map((doc) => doc._id)).toEqual(['old', 'up', 'new']);
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'doomed', v: 0 },
          { _id: 'old', v: 0 },
        ]);
        expect(session.bytes).toBeGreaterThan(0);

        const other = unique('session_other');
        const result = await session.commit(async (tx) => {
          // The work runs after the session's writes: it sees them.
          await tx.collection(other).insertOne({ _id: 'marker', saw: await tx.collection(c).count() });
          return 'done';
        });
        expect(result).toBe('done');
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'new', v: 1 },
          { _id: 'old', v: 5 },
          { _id: 'up', v: 2 },
        ]);
        expect(await store.collection(other).find()).toEqual([{ _id: 'marker', saw: 3 }]);
        expect(session.bytes).toBe(0);
        // It goes on after a commit, over what it committed.
        await session.collection(c).updateOne({ _id: 'up' }, { $inc: { v: 1 } });
        await session.commit(async () => undefined);
        expect(await get(c, 'up')).toEqual({ _id: 'up', v: 3 });
      });

      withSession('writes nothing when the commit work throws', async (session) => {
        const c = unique('session_rollback');
        await seed(c, [{ _id: 'keep', v: 1 }]);
        await session.collection(c).updateOne({ _id: 'keep' }, { $set: { v: 2 } });
        await session.collection(c).insertOne({ _id: 'n1' });
        await expect(
          session.commit(async (tx) => {
            await tx.collection(c).insertOne({ _id: 'n2' });
            throw new Boom();
          }),
        ).rejects.toBeInstanceOf(Boom);
        expect(await store.collection(c).find()).toEqual([{ _id: 'keep', v: 1 }]);
      });

      withSession('rolls back to its savepoint, keeping what came before', async (session) => {
        const c = unique('session_savepoint');
        await seed(c, [{ _id: 'a', v: 1 }]);
        const docs = session.collection(c);
        session.savepoint();
        await docs.updateOne({ _id: 'a' }, { $inc: { v: 1 } });
        await docs.insertOne({ _id: 'b', v: 1 });
        expect(await docs.findOne({ _id: 'c' })).toBeNull(); // what it has read stays known
        session.savepoint();
        const before = session.bytes;
        await docs.updateOne({ _id: 'a' }, { $inc: { v: 10 } });
        await docs.insertOne({ _id: 'c', v: 1 });
        await docs.deleteOne({ _id: 'b' });
        session.rollbackToSavepoint();
        expect(session.bytes).toBeGreaterThanOrEqual(before); // memory may stay held until the commit
        expect(await docs.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'a', v: 2 },
          { _id: 'b', v: 1 },
        ]);
        await session.commit(async () => undefined);
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'a', v: 2 },
          { _id: 'b', v: 1 },
        ]);
      });

      withSession('puts over what is committed and what it wrote, undone by a savepoint, written at commit', async (session) => {
        const c = unique('session_put');
        const fresh = unique('session_put_fresh');
        await seed(c, [{ _id: 'old', v: 0 }]);
        const docs = session.collection(c);
        await docs.put({ _id: 'old', v: 1 });
        await docs.put({ _id: 'new', v: 1 });
        // A collection the store holds nothing of yet: what the session put there is found.
        await session.collection(fresh).put({ _id: 'f', v: 1 });
        expect(await session.collection(fresh).findOne({ _id: 'f' })).toEqual({ _id: 'f', v: 1 });
        session.savepoint();
        await docs.put({ _id: 'new', v: 2 });
        await docs.put({ _id: 'later', v: 2 });
        session.rollbackToSavepoint();
        expect(await docs.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'new', v: 1 },
          { _id: 'old', v: 1 },
        ]);
        expect(await get(c, 'old')).toEqual({ _id: 'old', v: 0 });
        await session.commit(async () => undefined);
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'new', v: 1 },
          { _id: 'old', v: 1 },
        ]);
        expect(await store.collection(fresh).find()).toEqual([{ _id: 'f', v: 1 }]);
        // After the commit the session knows what it wrote there, and finds it again.
        await session.collection(fresh).put({ _id: 'g', v: 1 });
        expect(ids(await session.collection(fresh).find({}))).toEqual(['f', 'g']);
        await session.commit(async () => undefined);
        expect(await store.collection(fresh).count()).toBe(2);
      });

      withSession('answers queries over a whole collection as a transaction does, in the same order', async (session) => {
        const c = unique('session_scan');
        const t = unique('session_scan_tx');
        const stored = people.map(copy);
        await seed(c, stored);
        await seed(t, stored);
        const change = async (docs: WriteCollection) => {
          await docs.insertOne({ _id: 'p0', name: 'Zeta', role: 'worker', age: 50 });
          await docs.insertOne({ _id: 'p9', name: 'Alfa', role: 'worker', age: 22 });
          await docs.updateOne({ role: 'volunteer' }, { $set: { role: 'worker' } });
          await docs.deleteOne({ _id: 'p2' });
          return {
            first: await docs.findOne({ role: 'worker' }),
            all: inOrder(await docs.find({ role: 'worker' })),
            sorted: inOrder(await docs.find({}, { sort: { age: -1, _id: 1 } })),
            count: await docs.count({ role: 'worker' }),
            total: await docs.count(),
            streamed: (await drain(docs.stream({ role: 'worker' }, { sort: { age: 1 } }))).map((doc) => doc._id),
            updated: await docs.updateMany({ role: 'worker' }, { $inc: { age: 1 } }),
          };
        };
        const inSession = await change(session.collection(c));
        const inTransaction = await store.transaction((tx) => change(tx.collection(t)));
        expect(inSession).toEqual(inTransaction);
        await session.commit(async () => undefined);
        expect(await store.collection(c).find({}, { sort: { _id: 1 } })).toEqual(
          await store.collection(t).find({}, { sort: { _id: 1 } }),
        );
      });
    });

    describe('collections', () => {
      it('lists a collection once written, and drops it with its documents', async () => {
        const c = unique('listed');
        const kept = unique('kept');
        await seed(c, [{ _id: 'a' }, { _id: 'b' }]);
        await seed(kept, [{ _id: 'k' }]);
        const before = await store.listCollections();
        expect(before).toContain(c);
        expect(before).toContain(kept);
        await store.dropCollection(c);
        const after = await store.listCollections();
        expect(after).not.toContain(c);
        expect(after).toContain(kept);
        expect(await store.collection(c).count()).toBe(0);
        expect(await store.collection(c).find()).toEqual([]);
        expect(await store.collection(kept).count()).toBe(1);
        await seed(c, [{ _id: 'a', again: true }]);
        expect(await store.collection(c).find()).toEqual([{ _id: 'a', again: true }]);
      });

      it('drops a collection that does not exist without complaint', async () => {
        await expect(store.dropCollection(unique('never_created'))).resolves.toBeUndefined();
      });
    });

    describe('health', () => {
      it('answers ping with true and has a name', async () => {
        expect(await store.ping()).toBe(true);
        expect(typeof store.name).toBe('string');
        expect(store.name.length).toBeGreaterThan(0);
      });
    });
  });
}
