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
  /**
   * Stores `doc` under its `_id`, replacing whatever was there: `replaceOne({ _id }, doc,
   * { upsert: true })` that reports nothing, so an adapter need not read the document first.
   * For a document that is most likely new (keyed by an event, or by what an event creates):
   * over a store larger than its cache, the read of a missing key costs as much as the write.
   */
  put(doc: T): Promise<void>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
}

/** Writes inside one atomic unit: all of them are committed, or none. */
export interface ReadModelTransaction {
  collection<T extends Doc = Doc>(name: string): WriteCollection<T>;
}

/**
 * Writes kept in memory across many units of work and written together by {@link commit}: how
 * a projection catches up (a rebuild) without one commit per batch, each document written once
 * per session and in key order. Reads through it see the session's writes over what the store
 * has committed; nothing of it is visible to anyone else, or durable, before `commit`.
 */
export interface ReadModelSession {
  collection<T extends Doc = Doc>(name: string): WriteCollection<T>;
  /** About how many bytes of memory the documents held here take (for a budget); a rollback may keep them until the commit. */
  readonly bytes: number;
  /** Starts a unit of work that {@link rollbackToSavepoint} can undo (a new savepoint replaces the last). */
  savepoint(): void;
  /** Undoes every write made since the last savepoint. */
  rollbackToSavepoint(): void;
  /**
   * One transaction that writes every document changed in the session, then runs `work` (which
   * sees them, and whose writes win). After it commits the session is empty and can go on; if
   * it fails nothing is written and the session should be dropped.
   */
  commit<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R>;
}

/**
 * An index a read model's queries need: equality (or `$in`) on `fields`, in order, then their
 * sort. Fields hold scalars (strings, numbers, booleans), never arrays: the embedded store
 * answers a query on them from the index, and an array would not be matched element by element.
 */
export interface IndexSpec {
  fields: Record<string, 1 | -1>;
}

/** How much one transaction may hold, on a store whose transactions have a lifetime. */
export interface TransactionLimits {
  /** Events a projection applies in one transaction, at most. */
  maxEvents: number;
  /** Time a projection spends applying events in one transaction before it commits what it has. */
  maxMs: number;
}

export interface ReadModelStore {
  readonly name: string;
  /**
   * Set by a store whose transactions must stay small (MongoDB aborts one after
   * `transactionLifetimeLimitSeconds`, 60 s by default, and `withTransaction` then runs the
   * whole callback again until it gives up): projections commit within these.
   */
  readonly transactionLimits?: TransactionLimits;
  collection<T extends Doc = Doc>(name: string): ReadCollection<T>;
  /**
   * Optional: a {@link ReadModelSession}. Adapters without it (MongoDB) are caught up one
   * transaction per batch.
   */
  openSession?(): ReadModelSession;
  /**
   * Runs `work` atomically. Inside it, reads through `tx` see the transaction's own writes.
   * `work` may be run again if the store retries a transient failure, so it must only
   * touch the store through `tx`.
   */
  transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R>;
  /**
   * Creates the indexes (idempotent): on MongoDB as they are, on the embedded store as
   * expression indexes over the JSON document, which answer the queries whose filter has an
   * equality (or `$in`) on an index's first field.
   */
  createIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;
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
