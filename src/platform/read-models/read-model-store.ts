/**
 * The read-model port: named collections of JSON documents with MongoDB's query and
 * update semantics (a subset every adapter supports: query operators, `$set`, `$unset`,
 * `$inc`, `$push`, `$pull`, `$addToSet`, `$min`, `$max`, `$setOnInsert`, upserts). The
 * embedded adapter evaluates them with mingo over SQLite; the server adapter hands them to
 * MongoDB. Documents are plain JSON (strings, numbers, booleans, arrays, objects, null).
 */
export type Doc = { _id: string } & Record<string, unknown>;
export type Filter = Record<string, unknown>;
export type Update = Record<string, unknown>;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
  /** Inclusion (`{ a: 1 }`) or exclusion (`{ a: 0 }`) projection. */
  projection?: Record<string, 0 | 1>;
}

export interface ReadCollection<T extends Doc = Doc> {
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter: Filter): Promise<T | null>;
  count(filter?: Filter): Promise<number>;
  /** Every matching document, in `sort` order, without holding them all in memory. */
  stream(filter?: Filter, options?: Pick<FindOptions, 'sort' | 'projection'>): AsyncIterable<T>;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upserted: boolean;
}

export interface WriteCollection<T extends Doc = Doc> extends ReadCollection<T> {
  insertOne(doc: T): Promise<void>;
  /** Replaces the first match; with `upsert`, inserts when nothing matches. */
  replaceOne(filter: Filter, doc: T, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
}

/** Writes inside one atomic unit: all of them are committed, or none. */
export interface ReadModelTransaction {
  collection<T extends Doc = Doc>(name: string): WriteCollection<T>;
}

export interface ReadModelStore {
  readonly name: string;
  collection<T extends Doc = Doc>(name: string): ReadCollection<T>;
  /**
   * Runs `work` atomically. Inside it, reads through `tx` see the transaction's own writes.
   * `work` may be run again if the store retries a transient failure, so it must only
   * touch the store through `tx`.
   */
  transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R>;
  dropCollection(name: string): Promise<void>;
  listCollections(): Promise<string[]>;
  /** True when the store answers (for readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A document with this `_id` already exists in the collection. */
export class DuplicateDocumentError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`collection ${collection} already holds a document ${id}`);
    this.name = 'DuplicateDocumentError';
  }
}
