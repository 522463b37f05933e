import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyedLock } from '../../keyed-lock.js';
import {
  DuplicateDocumentError,
  type Doc,
  type Filter,
  type FindOptions,
  type ReadCollection,
  type ReadModelStore,
  type ReadModelTransaction,
  type Update,
  type UpdateResult,
  type WriteCollection,
} from '../read-model-store.js';
import { jsonPath, matcher, project, seedFromFilter, select, updated } from './mongo-semantics.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  body       TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
`;
const PAGE = 1000;

/**
 * Read models in one SQLite file, queried and updated with MongoDB semantics (mingo).
 * Two connections: transactions run on the writer, one at a time (`BEGIN IMMEDIATE` …
 * `COMMIT` around the async work), so projections commit documents and checkpoint
 * atomically; plain queries run on the reader and, thanks to WAL, see only committed data.
 * A crash loses at most uncommitted work, never half of a transaction.
 */
export class EmbeddedReadModelStore implements ReadModelStore {
  readonly name = 'embedded';
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly lock = new KeyedLock();

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.writer = new Database(file);
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('synchronous = NORMAL');
    this.writer.pragma('busy_timeout = 10000');
    // Projections rewrite documents with random keys all over the file: 64 MB of page cache
    // (the default is 2 MB) keeps a large read model's index pages in memory.
    this.writer.pragma('cache_size = -65536');
    this.writer.exec(SCHEMA);
    this.reader = new Database(file);
    this.reader.pragma('busy_timeout = 10000');
    this.reader.pragma('cache_size = -16384');
  }

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return new SqliteCollection<T>(this.reader, name);
  }

  transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    return this.lock.run('writer', async () => {
      this.writer.exec('BEGIN IMMEDIATE');
      // Each document is read at most once and written once per transaction (at its end).
      const pending = new TransactionDocuments(this.writer);
      try {
        const result = await work({
          collection: <T extends Doc>(name: string) => new SqliteCollection<T>(this.writer, name, pending),
        });
        pending.flush();
        this.writer.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async dropCollection(name: string): Promise<void> {
    await this.transaction(async () => {
      this.writer.prepare('DELETE FROM documents WHERE collection = ?').run(name);
    });
  }

  async listCollections(): Promise<string[]> {
    return this.reader
      .prepare<[], { collection: string }>('SELECT DISTINCT collection FROM documents ORDER BY collection')
      .all()
      .map((row) => row.collection);
  }

  async ping(): Promise<boolean> {
    return this.reader.prepare('SELECT 1 AS ok').get() !== undefined;
  }

  async close(): Promise<void> {
    await this.lock.run('writer', async () => {
      this.reader.close();
      this.writer.close();
    });
  }
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepared statements are compiled once per connection and SQL text. */
function statement<P extends unknown[] = unknown[], R = unknown>(db: Database.Database, sql: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Database.Statement<P, R>;
}

/** A stored body, or null for none; dirty when it is still to be written. */
interface PendingDocument {
  body: string | null;
  dirty: boolean;
}

/**
 * The documents a transaction has read or written, by collection and id, as JSON text (every
 * read still parses a fresh copy). Writes are kept here and written once each by
 * {@link flush}: at commit, or before a query that reads the table itself.
 */
class TransactionDocuments {
  private readonly collections = new Map<string, Map<string, PendingDocument>>();
  private dirty = false;

  constructor(private readonly db: Database.Database) {}

  of(collection: string): Map<string, PendingDocument> {
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    return documents;
  }

  write(collection: string, id: string, body: string | null): void {
    this.of(collection).set(id, { body, dirty: true });
    this.dirty = true;
  }

  flush(): void {
    if (!this.dirty) return;
    const upsert = statement(this.db, UPSERT);
    const remove = statement(this.db, DELETE);
    for (const [collection, documents] of this.collections)
      for (const [id, document] of documents) {
        if (!document.dirty) continue;
        if (document.body === null) remove.run(collection, id);
        else upsert.run(collection, id, document.body);
        document.dirty = false;
      }
    this.dirty = false;
  }
}

const UPSERT =
  'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body';
const DELETE = 'DELETE FROM documents WHERE collection = ? AND id = ?';

/** One collection on one connection; writes are only reachable through a transaction. */
class SqliteCollection<T extends Doc> implements WriteCollection<T> {
  private readonly documents: Map<string, PendingDocument> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly name: string,
    private readonly pending?: TransactionDocuments,
  ) {
    this.documents = pending?.of(name);
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    return select(this.candidates(filter), filter, options);
  }

  async findOne(filter: Filter): Promise<T | null> {
    const test = matcher(filter);
    return this.candidates(filter).find(test) ?? null;
  }

  async count(filter: Filter = {}): Promise<number> {
    if (Object.keys(filter).length === 0) {
      this.pending?.flush();
      return statement<[string], { n: number }>(this.db, 'SELECT count(*) AS n FROM documents WHERE collection = ?').get(
        this.name,
      )!.n;
    }
    const test = matcher(filter);
    return this.candidates(filter).filter(test).length;
  }

  async *stream(filter: Filter = {}, options: Pick<FindOptions, 'sort' | 'projection'> = {}): AsyncIterable<T> {
    this.pending?.flush();
    const test = matcher(filter);
    const order = Object.entries(options.sort ?? {})
      .map(
        ([path, direction]) =>
          `json_extract(body, '${jsonPath(path).replaceAll("'", "''")}') ${direction === -1 ? 'DESC' : 'ASC'}`,
      )
      .concat('id')
      .join(', ');
    const page = statement<[string, number, number], { body: string }>(
      this.db,
      `SELECT body FROM documents WHERE collection = ? ORDER BY ${order} LIMIT ? OFFSET ?`,
    );
    for (let offset = 0; ; offset += PAGE) {
      const rows = page.all(this.name, PAGE, offset);
      for (const row of rows) {
        const doc = JSON.parse(row.body) as T;
        if (test(doc)) yield project(doc, options.projection);
      }
      if (rows.length < PAGE) return;
    }
  }

  async insertOne(doc: T): Promise<void> {
    if (this.get(doc._id)) throw new DuplicateDocumentError(this.name, doc._id);
    this.put(doc);
  }

  async replaceOne(filter: Filter, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const current = await this.findOne(filter);
    if (!current) {
      if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
      this.put({ ...doc, _id: doc._id ?? (filter._id as string) ?? randomUUID() });
      return { matched: 0, modified: 0, upserted: true };
    }
    const next = { ...doc, _id: current._id };
    const modified = JSON.stringify(next) !== JSON.stringify(current);
    if (modified) this.put(next);
    return { matched: 1, modified: modified ? 1 : 0, upserted: false };
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const current = await this.findOne(filter);
    if (current) {
      const { doc, modified } = updated(current, update, false);
      if (modified) this.put(doc);
      return { matched: 1, modified: modified ? 1 : 0, upserted: false };
    }
    if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
    const seed = seedFromFilter(filter);
    const { doc } = updated({ _id: randomUUID(), ...seed } as T, update, true);
    this.put(doc);
    return { matched: 0, modified: 0, upserted: true };
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const test = matcher(filter);
    let matched = 0;
    let modifiedCount = 0;
    for (const current of this.candidates(filter).filter(test)) {
      matched++;
      const { doc, modified } = updated(current, update, false);
      if (modified) {
        modifiedCount++;
        this.put(doc);
      }
    }
    return { matched, modified: modifiedCount, upserted: false };
  }

  async deleteOne(filter: Filter): Promise<number> {
    const current = await this.findOne(filter);
    if (!current) return 0;
    this.remove(current._id);
    return 1;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const test = matcher(filter);
    let count = 0;
    for (const doc of this.candidates(filter).filter(test)) {
      this.remove(doc._id);
      count++;
    }
    return count;
  }

  /** The documents a filter can match: one row when it names an `_id`, else the whole collection. */
  private candidates(filter: Filter): T[] {
    if (typeof filter._id === 'string') {
      const doc = this.get(filter._id);
      return doc && matcher(filter)(doc) ? [doc] : [];
    }
    this.pending?.flush();
    return statement<[string], { body: string }>(this.db, 'SELECT body FROM documents WHERE collection = ?')
      .all(this.name)
      .map((row) => JSON.parse(row.body) as T);
  }

  private get(id: string): T | undefined {
    const known = this.documents?.get(id);
    if (known) return known.body === null ? undefined : (JSON.parse(known.body) as T);
    const row = statement<[string, string], { body: string }>(
      this.db,
      'SELECT body FROM documents WHERE collection = ? AND id = ?',
    ).get(this.name, id);
    this.documents?.set(id, { body: row ? row.body : null, dirty: false });
    return row && (JSON.parse(row.body) as T);
  }

  private put(doc: T): void {
    if (!this.db.inTransaction) throw new Error('read-model writes must run inside a transaction');
    if (this.pending) this.pending.write(this.name, doc._id, JSON.stringify(doc));
    else statement(this.db, UPSERT).run(this.name, doc._id, JSON.stringify(doc));
  }

  private remove(id: string): void {
    if (!this.db.inTransaction) throw new Error('read-model writes must run inside a transaction');
    if (this.pending) this.pending.write(this.name, id, null);
    else statement(this.db, DELETE).run(this.name, id);
  }
}
