/** One read-model collection over SQLite, with MongoDB's query and update semantics (mingo). */
import { randomUUID } from 'node:crypto';
import {
  DuplicateDocumentError,
  type Doc,
  type Filter,
  type FindOptions,
  type Update,
  type UpdateResult,
  type WriteCollection,
} from '../read-model-store.js';
import { matcher, projector, seedFromFilter, select, updated } from './mongo-semantics.js';
import { Documents } from './documents.js';
import { type Indexes, indexedQuery } from './indexed-query.js';

/** One collection over a {@link Documents}: the committed view, a transaction, or a session. */
export class SqliteCollection<T extends Doc> implements WriteCollection<T> {
  constructor(
    private readonly documents: Documents,
    private readonly name: string,
    private readonly indexes: Indexes = new Map(),
  ) {}

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    return select(this.candidates(filter), filter, options);
  }

  async findOne(filter: Filter): Promise<T | null> {
    const test = matcher(filter);
    return this.candidates(filter).find(test) ?? null;
  }

  async count(filter: Filter = {}): Promise<number> {
    if (Object.keys(filter).length === 0) return this.documents.count(this.name);
    const test = matcher(filter);
    return this.candidates(filter).filter(test).length;
  }

  async *stream(filter: Filter = {}, options: Pick<FindOptions, 'sort' | 'projection'> = {}): AsyncIterable<T> {
    const test = matcher(filter);
    const shape = projector<T>(options.projection);
    for (const page of this.documents.pages(this.name, options.sort))
      for (const body of page) {
        const doc = JSON.parse(body) as T;
        if (test(doc)) yield shape(doc);
      }
  }

  async insertOne(doc: T): Promise<void> {
    if (this.documents.get(this.name, doc._id) !== null) throw new DuplicateDocumentError(this.name, doc._id);
    this.store(doc);
  }

  async replaceOne(filter: Filter, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const current = this.first(filter);
    if (!current) {
      if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
      this.store({ ...doc, _id: doc._id ?? (filter._id as string) ?? randomUUID() });
      return { matched: 0, modified: 0, upserted: true };
    }
    const next = JSON.stringify({ ...doc, _id: current.doc._id });
    // Stored bodies are JSON.stringify's output, which a parse and stringify give back unchanged.
    const modified = next !== (current.body ?? JSON.stringify(current.doc));
    if (modified) this.documents.write(this.name, current.doc._id, next);
    return { matched: 1, modified: modified ? 1 : 0, upserted: false };
  }

  async put(doc: T): Promise<void> {
    // Written as it comes: the row is not read, and the write wins over whatever it held.
    this.store(doc);
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const current = this.first(filter);
    if (current) {
      // The document was parsed for this call alone: updated in place, without another copy.
      const { doc, modified } = updated(current.doc, update, false, true);
      if (modified) this.store(doc);
      return { matched: 1, modified: modified ? 1 : 0, upserted: false };
    }
    if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
    const seed = seedFromFilter(filter);
    const { doc } = updated({ _id: randomUUID(), ...seed } as T, update, true, true);
    this.store(doc);
    return { matched: 0, modified: 0, upserted: true };
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const test = matcher(filter);
    let matched = 0;
    let modifiedCount = 0;
    for (const current of this.candidates(filter).filter(test)) {
      matched++;
      const { doc, modified } = updated(current, update, false, true);
      if (modified) {
        modifiedCount++;
        this.store(doc);
      }
    }
    return { matched, modified: modifiedCount, upserted: false };
  }

  async deleteOne(filter: Filter): Promise<number> {
    const current = await this.findOne(filter);
    if (!current) return 0;
    this.documents.write(this.name, current._id, null);
    return 1;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const test = matcher(filter);
    let count = 0;
    for (const doc of this.candidates(filter).filter(test)) {
      this.documents.write(this.name, doc._id, null);
      count++;
    }
    return count;
  }

  /** The first match, and its stored text when it was found by `_id`. */
  private first(filter: Filter): { doc: T; body?: string } | undefined {
    if (typeof filter._id === 'string') {
      const body = this.documents.get(this.name, filter._id);
      if (body === null) return undefined;
      const doc = JSON.parse(body) as T;
      return matcher(filter)(doc) ? { doc, body } : undefined;
    }
    const test = matcher(filter);
    const doc = this.candidates(filter).find(test);
    return doc && { doc };
  }

  /**
   * The documents a filter can match: one row when it names an `_id`, those a declared index
   * selects when it constrains one's first field, else the whole collection.
   */
  private candidates(filter: Filter): T[] {
    if (typeof filter._id === 'string') {
      const doc = this.get(filter._id);
      return doc && matcher(filter)(doc) ? [doc] : [];
    }
    const query = indexedQuery(this.name, filter, this.indexes);
    const bodies = (query && this.documents.indexed(this.name, query)) ?? this.documents.all(this.name);
    return bodies.map((body) => JSON.parse(body) as T);
  }

  private get(id: string): T | undefined {
    const body = this.documents.get(this.name, id);
    return body === null ? undefined : (JSON.parse(body) as T);
  }

  private store(doc: T): void {
    this.documents.write(this.name, doc._id, JSON.stringify(doc));
  }
}
