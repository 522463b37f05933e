import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyedLock } from '../../keyed-lock.js';
import {
  DuplicateDocumentError,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ReadCollection,
  type ReadModelStore,
  type ReadModelSession,
  type ReadModelTransaction,
  type Update,
  type UpdateResult,
  type WriteCollection,
} from '../read-model-store.js';
import { rethrowAsStorageError } from '../../sqlite/sqlite-errors.js';
import { WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { jsonPath, matcher, project, seedFromFilter, select, updated } from './mongo-semantics.js';

/**
 * Documents live in a rowid table, keyed by their (collection, id) through a unique index of
 * their own. A new document lands at the end of the table, wherever its id sorts: ids are
 * mostly random (UUIDs), and with them as the table's key (the first layout, `WITHOUT ROWID`)
 * every commit of a rebuild rewrote leaf pages all over a growing B-tree. Now only the index,
 * a few dozen bytes per document, takes random keys. Over 1M events the member register's
 * rebuild went from 20.0k to 30.6k events/s (bench/README.md).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  seq        INTEGER PRIMARY KEY,
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  body       TEXT NOT NULL,
  UNIQUE (collection, id)
);
`;

/** Files made before the rowid layout are moved to it when first opened, in one transaction. */
function migrateFromKeyedTable(db: Database.Database): void {
  const keyed = () =>
    /WITHOUT\s+ROWID/i.test(
      db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get()?.sql ??
        '',
    );
  if (!keyed()) return;
  db.transaction(() => {
    if (!keyed()) return; // another process moved it first
    db.exec('ALTER TABLE documents RENAME TO documents_keyed');
    db.exec(SCHEMA);
    db.exec(
      'INSERT INTO documents (collection, id, body) SELECT collection, id, body FROM documents_keyed ORDER BY collection, id',
    );
    db.exec('DROP TABLE documents_keyed');
  }).immediate();
}

const PAGE = 1000;
/** Several processes share the file: how long SQLite blocks for another's write lock before `begin` tries again later. */
const BUSY_TIMEOUT_MS = 200;
const BUSY_GIVE_UP_MS = 60_000;

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
  private readonly checkpointer: WalCheckpointer;
  /** The indexes declared per collection: a query with an equality on one's first field is answered from it. */
  private readonly indexes: Indexes = new Map();

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.writer = new Database(file);
    // A new file gets 8 KiB pages. Chosen for the first layout (a WITHOUT ROWID row keeps at most
    // ~1000 bytes in a 4 KiB leaf: a member's document, ~1 KiB, went half to an overflow page);
    // measured again with the rowid table, 8 KiB still rebuilt faster (1M events: 30.6k against
    // 28.3k events/s). An existing file keeps its page size (no-op here).
    this.writer.pragma('page_size = 8192');
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('synchronous = NORMAL');
    this.writer.pragma('busy_timeout = 10000');
    // Projections rewrite documents with random keys all over the file: 64 MB of page cache
    // (the default is 2 MB) keeps a large read model's index pages in memory.
    this.writer.pragma('cache_size = -65536');
    migrateFromKeyedTable(this.writer);
    this.writer.exec(SCHEMA);
    // Long while the file is made (several processes may start at once), short afterwards: see `begin`.
    this.writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.checkpointer = new WalCheckpointer(this.writer, file);
    this.reader = new Database(file);
    this.reader.pragma('busy_timeout = 10000');
    this.reader.pragma('cache_size = -16384');
  }

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return new SqliteCollection<T>(new Documents(this.reader), name, this.indexes);
  }

  async createIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.lock.run('writer', async () => {
      for (const index of indexes) this.writer.exec(createIndexSql(collection, index));
    });
    const known = this.indexes.get(collection) ?? [];
    for (const index of indexes)
      if (!known.some((k) => JSON.stringify(k.fields) === JSON.stringify(index.fields))) known.push(index);
    this.indexes.set(collection, known);
  }

  /**
   * The plan SQLite would follow for the rows a query on `collection` reads (EXPLAIN QUERY
   * PLAN, one line per step): an indexed query reads through an index, any other reads every
   * document of the collection.
   */
  explain(collection: string, filter: Filter): string[] {
    const byId = typeof filter._id === 'string';
    const query = byId ? { sql: SELECT_ONE, params: [collection, filter._id] } : indexedQuery(collection, filter, this.indexes);
    const sql = query?.sql ?? SELECT_ALL;
    const params = query?.params ?? [collection];
    return this.reader
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => row.detail)
      .concat(query ? [] : ['(no declared index serves this filter: every document of the collection is read)']);
  }

  openSession(): ReadModelSession {
    return new SessionDocuments(this.reader, this.indexes, (rows, work) =>
      this.transaction(async (tx) => {
        // Key order: each B-tree page is visited once, and a new build is written front to back.
        let written = 0;
        for (const row of rows) {
          writeRow(this.writer, row);
          // Long commits leave the event loop (queries on the reader) a turn now and then.
          if (++written % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        return work(tx);
      }),
    );
  }

  transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    return this.lock.run('writer', async () => {
      try {
        await this.begin();
      } catch (error) {
        rethrowAsStorageError(error, 'read models');
      }
      // Each document is read at most once and written once per transaction (at its end).
      const pending = new TransactionDocuments(this.writer);
      try {
        const result = await work({
          collection: <T extends Doc>(name: string) => new SqliteCollection<T>(pending, name, this.indexes),
        });
        pending.flush();
        this.writer.exec('COMMIT');
        return result;
      } catch (error) {
        try {
          if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        } catch {
          // The rollback of a transaction the disk refused: SQLite undoes it on its own.
        }
        rethrowAsStorageError(error, 'read models');
      }
    });
  }

  /**
   * `BEGIN IMMEDIATE`, waiting for another process's write lock: SQLite blocks for
   * `BUSY_TIMEOUT_MS` at a time, and between tries the event loop goes on.
   */
  private async begin(): Promise<void> {
    const deadline = Date.now() + BUSY_GIVE_UP_MS;
    for (;;) {
      try {
        this.writer.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!/^SQLITE_BUSY/.test((error as { code?: string }).code ?? '') || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
      }
    }
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
      await this.checkpointer.stop();
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

const UPSERT =
  'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body';
const DELETE = 'DELETE FROM documents WHERE collection = ? AND id = ?';
const SELECT_ONE = 'SELECT body FROM documents WHERE collection = ? AND id = ?';
const SELECT_ALL = 'SELECT id, body FROM documents WHERE collection = ? ORDER BY id';

/** The `ORDER BY` of a stream: the sort keys as SQLite's `json_extract` orders them, then `id`. */
const orderBy = (sort: Record<string, 1 | -1> | undefined): string =>
  Object.entries(sort ?? {})
    .map(
      ([path, direction]) => `json_extract(body, '${jsonPath(path).replaceAll("'", "''")}') ${direction === -1 ? 'DESC' : 'ASC'}`,
    )
    .concat('id')
    .join(', ');

/**
 * Where a collection's documents are read from and written to. This base reads what is
 * committed (or, on the writer inside a transaction, what the transaction wrote) and cannot write.
 */
class Documents {
  constructor(readonly db: Database.Database) {}

  /** The body of one document, or null when there is none. */
  get(collection: string, id: string): string | null {
    return statement<[string, string], { body: string }>(this.db, SELECT_ONE).get(collection, id)?.body ?? null;
  }

  /** Every document of a collection, in `id` order (SQLite's, by UTF-8 bytes). */
  all(collection: string): string[] {
    return statement<[string], { id: string; body: string }>(this.db, SELECT_ALL)
      .all(collection)
      .map((row) => row.body);
  }

  count(collection: string): number {
    return statement<[string], { n: number }>(this.db, 'SELECT count(*) AS n FROM documents WHERE collection = ?').get(
      collection,
    )!.n;
  }

  /** Every document in `sort` order, a page at a time. */
  *pages(collection: string, sort: Record<string, 1 | -1> | undefined): Generator<string[]> {
    const page = statement<[string, number, number], { body: string }>(
      this.db,
      `SELECT body FROM documents WHERE collection = ? ORDER BY ${orderBy(sort)} LIMIT ? OFFSET ?`,
    );
    for (let offset = 0; ; offset += PAGE) {
      const rows = page.all(collection, PAGE, offset);
      yield rows.map((row) => row.body);
      if (rows.length < PAGE) return;
    }
  }

  write(_collection: string, _id: string, _body: string | null): void {
    throw new Error('read-model writes must run inside a transaction');
  }

  /** The bodies an indexed query selects, in `id` order; undefined when this view cannot answer it from the table. */
  indexed(_collection: string, query: IndexedQuery): string[] | undefined {
    return this.indexedRows(query)
      .sort((a, b) => compareUtf8(a.id, b.id))
      .map((row) => row.body);
  }

  protected indexedRows(query: IndexedQuery): Array<{ id: string; body: string }> {
    return statement<unknown[], { id: string; body: string }>(this.db, query.sql).all(...query.params);
  }
}

type Indexes = Map<string, IndexSpec[]>;

interface IndexedQuery {
  sql: string;
  params: unknown[];
  /** The equality or `$in` on the index's first field, for a session to find its own documents by (none for a range). */
  lead?: { field: string; values: unknown[] };
}

const sqlText = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const fieldExpression = (field: string): string => `json_extract(body, ${sqlText(jsonPath(field))})`;

/** A partial index per declared index, over the collection's documents only (the collection is a literal). */
function createIndexSql(collection: string, index: IndexSpec): string {
  const fields = Object.entries(index.fields);
  const name = `ix_${createHash('sha1').update(collection).update(JSON.stringify(index.fields)).digest('hex').slice(0, 20)}`;
  const columns = fields.map(([field, direction]) => `${fieldExpression(field)}${direction === -1 ? ' DESC' : ''}`).join(', ');
  return `CREATE INDEX IF NOT EXISTS ${name} ON documents (${columns}) WHERE collection = ${sqlText(collection)}`;
}

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** `{ $gte: a, $lt: b }` on strings or numbers, as operator and value pairs; undefined for anything else. */
function rangeOf(condition: unknown): Array<[keyof typeof RANGE_SQL, string | number]> | undefined {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const entries = Object.entries(condition);
  if (entries.length === 0) return undefined;
  for (const [operator, value] of entries)
    if (!(operator in RANGE_SQL) || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  return entries as Array<[keyof typeof RANGE_SQL, string | number]>;
}

/** A scalar SQLite compares as JSON's: booleans are stored by json_extract as 1 and 0. */
const sqlScalar = (value: unknown): unknown => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
const isScalar = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The SQL that reads, through a declared index, a superset of a filter's matches (every
 * document is still matched by mingo after): equalities and `$in` on the index's leading
 * fields. Undefined when no index has its first field so constrained.
 */
function indexedQuery(collection: string, filter: Filter, indexes: Indexes): IndexedQuery | undefined {
  let best: { terms: string[]; params: unknown[]; lead?: IndexedQuery['lead'] } | undefined;
  for (const index of indexes.get(collection) ?? []) {
    const terms: string[] = [];
    const params: unknown[] = [];
    let lead: IndexedQuery['lead'];
    for (const field of Object.keys(index.fields)) {
      const condition = filter[field];
      const equal = isScalar(condition)
        ? condition
        : condition &&
            typeof condition === 'object' &&
            Object.keys(condition).length === 1 &&
            isScalar((condition as { $eq?: unknown }).$eq)
          ? (condition as { $eq: unknown }).$eq
          : undefined;
      const among =
        condition &&
        typeof condition === 'object' &&
        Object.keys(condition).length === 1 &&
        Array.isArray((condition as { $in?: unknown }).$in)
          ? (condition as { $in: unknown[] }).$in
          : undefined;
      const range = rangeOf(condition);
      if (equal !== undefined) {
        if (terms.length === 0) lead = { field, values: [equal] };
        terms.push(`${fieldExpression(field)} = ?`);
        params.push(sqlScalar(equal));
      } else if (among && among.length > 0 && among.every(isScalar)) {
        if (terms.length === 0) lead = { field, values: among };
        terms.push(`${fieldExpression(field)} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(among));
      } else if (range) {
        // A range ends what the index can serve. SQLite orders numbers before text and compares
        // text by UTF-8 bytes, as MongoDB does within a type: what it selects covers the matches.
        for (const [operator, value] of range) {
          terms.push(`${fieldExpression(field)} ${RANGE_SQL[operator]} ?`);
          params.push(value);
        }
        break;
      } else break;
    }
    if (terms.length > 0 && (!best || terms.length > best.terms.length)) best = { terms, params, lead };
  }
  if (!best) return undefined;
  return {
    sql: `SELECT id, body FROM documents WHERE collection = ${sqlText(collection)} AND ${best.terms.join(' AND ')}`,
    params: best.params,
    ...(best.lead ? { lead: best.lead } : {}),
  };
}

/** A stored body, or null for none; dirty when it is still to be written. */
interface PendingDocument {
  body: string | null;
  dirty: boolean;
}

type Row = [collection: string, id: string, body: string | null];

/** The changed documents of `collections`, by collection and id. */
function dirtyRows<D extends { dirty: boolean }>(collections: Map<string, Map<string, D>>): Array<[string, string, D]> {
  const rows: Array<[string, string, D]> = [];
  // Key order matters only for speed here: the native order (UTF-16) is close enough and faster.
  for (const collection of [...collections.keys()].sort()) {
    const documents = collections.get(collection)!;
    const ids: string[] = [];
    for (const [id, document] of documents) if (document.dirty) ids.push(id);
    ids.sort();
    for (const id of ids) rows.push([collection, id, documents.get(id)!]);
  }
  return rows;
}

function writeRow(db: Database.Database, [collection, id, body]: Row): void {
  if (body === null) statement(db, DELETE).run(collection, id);
  else statement(db, UPSERT).run(collection, id, body);
}

/**
 * The documents a transaction has read or written, by collection and id, as JSON text (every
 * read still parses a fresh copy). Writes are kept here and written once each by
 * {@link flush}: at commit, or before a query that reads the table itself.
 */
class TransactionDocuments extends Documents {
  private readonly collections = new Map<string, Map<string, PendingDocument>>();
  private dirty = false;

  private of(collection: string): Map<string, PendingDocument> {
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    return documents;
  }

  override get(collection: string, id: string): string | null {
    const documents = this.of(collection);
    const known = documents.get(id);
    if (known) return known.body;
    const body = super.get(collection, id);
    documents.set(id, { body, dirty: false });
    return body;
  }

  override all(collection: string): string[] {
    this.flush();
    return super.all(collection);
  }

  override count(collection: string): number {
    this.flush();
    return super.count(collection);
  }

  override *pages(collection: string, sort: Record<string, 1 | -1> | undefined): Generator<string[]> {
    this.flush();
    yield* super.pages(collection, sort);
  }

  override indexed(collection: string, query: IndexedQuery): string[] | undefined {
    this.flush();
    return super.indexed(collection, query);
  }

  override write(collection: string, id: string, body: string | null): void {
    if (!this.db.inTransaction) throw new Error('read-model writes must run inside a transaction');
    this.of(collection).set(id, { body, dirty: true });
    this.dirty = true;
  }

  /** Writes what changed, in key order (neighbouring rows share B-tree pages). */
  flush(): void {
    if (!this.dirty) return;
    for (const [collection, id, document] of dirtyRows(this.collections)) {
      writeRow(this.db, [collection, id, document.body]);
      document.dirty = false;
    }
    this.dirty = false;
  }
}

/** What one cached document costs besides its text, about (Map entry, object, key). */
const ENTRY_BYTES = 120;
/** Rows written between two turns of the event loop while a session commits. */
const ROWS_PER_TURN = 5_000;
const NO_DOCUMENT = -1;
const ON_HEAP = -2;
/** Beyond this, a session's texts stay JavaScript strings (its owner should have committed long before). */
const ARENA_MAX = 1 << 30;

/**
 * A session's document: its UTF-8 text at `at` in the session's arena, none (`NO_DOCUMENT`), or
 * a string (`ON_HEAP`, when the arena is at its maximum).
 */
interface HeldDocument {
  at: number;
  length: number;
  text?: string;
  dirty: boolean;
}

/**
 * A {@link ReadModelSession}'s documents: read from what is committed (on the reader: never
 * another transaction's uncommitted writes) and changed here only until the session commits.
 * Queries over a whole collection see the committed rows with the session's documents over
 * them, in the same order the table gives.
 *
 * Their texts go into one buffer, reused after each commit, rather than into strings: strings
 * held across batches end in V8's old generation, and each commit would leave them there as
 * garbage, which V8 lets grow to several times the budget before collecting it.
 */
class SessionDocuments extends Documents implements ReadModelSession {
  private readonly collections = new Map<string, Map<string, HeldDocument>>();
  /** Since the last savepoint: each changed document as it was before (undefined: not cached). */
  private journal: Map<Map<string, HeldDocument>, Map<string, HeldDocument | undefined>> | undefined;
  private arena = Buffer.allocUnsafeSlow(0);
  private used = 0;
  /** The entries' own cost (see ENTRY_BYTES), and texts held as strings. */
  private overhead = 0;
  /**
   * By collection: the ids this session committed to it, when the store held none of it the
   * first time the session looked (null when it did). A miss outside them needs no SELECT:
   * a rebuild writes into empty collections, and most of its reads are of documents not there.
   */
  private readonly fresh = new Map<string, IdFilter | null>();

  constructor(
    reader: Database.Database,
    readonly indexes: Indexes,
    private readonly committer: <R>(rows: Iterable<Row>, work: (tx: ReadModelTransaction) => Promise<R>) => Promise<R>,
  ) {
    super(reader);
  }

  get bytes(): number {
    return this.used + this.overhead;
  }

  collection<T extends Doc = Doc>(name: string): WriteCollection<T> {
    return new SqliteCollection<T>(this, name, this.indexes);
  }

  /**
   * Documents of the session are not in the table: an indexed query over a collection it holds
   * some of reads the table's rows it does not hold, and its own by the query's first field
   * (a value index of the session's documents, built on the first such query and kept up to date
   * by writes). Without it, each lookup of a rebuild would read the collection whole: quadratic.
   * A query whose first field is a range reads the collection whole.
   */
  override indexed(collection: string, query: IndexedQuery): string[] | undefined {
    const documents = this.collections.get(collection);
    if (!documents?.size) return super.indexed(collection, query);
    if (!query.lead) return undefined;
    const rows = new Map<string, string>();
    for (const row of this.indexedRows(query)) if (!documents.has(row.id)) rows.set(row.id, row.body);
    const index = this.valueIndex(collection, documents, query.lead.field);
    for (const value of query.lead.values)
      for (const id of index.get(valueKey(value)) ?? []) {
        const body = this.text(documents.get(id)!);
        if (body !== null) rows.set(id, body);
      }
    return [...rows.keys()].sort(compareUtf8).map((id) => rows.get(id)!);
  }

  /** By collection and field: the ids of the session's documents by each value of the field (a superset: mingo matches after). */
  private readonly valueIndexes = new Map<string, Map<string, ValueIndex>>();

  private valueIndex(collection: string, documents: Map<string, HeldDocument>, field: string): Map<string, Set<string>> {
    let byField = this.valueIndexes.get(collection);
    if (!byField) this.valueIndexes.set(collection, (byField = new Map()));
    let index = byField.get(field);
    if (!index) {
      byField.set(field, (index = new ValueIndex(field)));
      for (const [id, document] of documents) index.put(id, this.text(document));
    }
    return index.ids;
  }

  savepoint(): void {
    this.journal = new Map();
  }

  rollbackToSavepoint(): void {
    if (!this.journal) return;
    // Texts are never overwritten before a commit: the earlier entries still point at theirs.
    for (const [documents, before] of this.journal)
      for (const [id, previous] of before) {
        this.overhead += weight(id, previous) - weight(id, documents.get(id));
        if (previous) documents.set(id, previous);
        else documents.delete(id);
      }
    this.journal = new Map();
    this.valueIndexes.clear(); // rebuilt from the restored documents by the next indexed query
  }

  async commit<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    const rows = dirtyRows(this.collections);
    const texts = this.texts(rows); // decoded one row at a time, as they are written
    const result = await this.committer(texts, (tx) =>
      work({
        collection: <T extends Doc>(name: string) => {
          this.fresh.set(name, null); // written by someone else than the session: no longer known
          return tx.collection<T>(name);
        },
      }),
    );
    for (const [collection, id, document] of rows) if (document.at !== NO_DOCUMENT) this.fresh.get(collection)?.add(id);
    this.collections.clear();
    this.valueIndexes.clear();
    this.journal = this.journal && new Map();
    this.used = 0;
    this.overhead = 0;
    return result;
  }

  private *texts(rows: Array<[string, string, HeldDocument]>): Generator<Row> {
    for (const [collection, id, document] of rows) yield [collection, id, this.text(document)];
  }

  private text(document: HeldDocument): string | null {
    if (document.at === NO_DOCUMENT) return null;
    if (document.at === ON_HEAP) return document.text!;
    return this.arena.toString('utf8', document.at, document.at + document.length);
  }

  private hold(body: string | null, dirty: boolean): HeldDocument {
    if (body === null) return { at: NO_DOCUMENT, length: 0, dirty };
    const most = 3 * body.length; // UTF-8 bytes per UTF-16 code unit, at most
    if (this.used + most > this.arena.length) {
      if (this.used + most > ARENA_MAX) return { at: ON_HEAP, length: body.length, text: body, dirty };
      const grown = Buffer.allocUnsafeSlow(Math.min(ARENA_MAX, Math.max(2 * this.arena.length, this.used + most, 1 << 20)));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    const at = this.used;
    const length = this.arena.write(body, at);
    this.used += length;
    return { at, length, dirty };
  }

  private of(collection: string): Map<string, HeldDocument> {
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    return documents;
  }

  private set(documents: Map<string, HeldDocument>, id: string, document: HeldDocument): void {
    this.overhead += weight(id, document) - weight(id, documents.get(id));
    documents.set(id, document);
  }

  override get(collection: string, id: string): string | null {
    const documents = this.of(collection);
    const known = documents.get(id);
    if (known) return this.text(known);
    const filter = this.freshFilter(collection);
    const body = filter && !filter.mightHold(id) ? null : super.get(collection, id);
    this.set(documents, id, this.hold(body, false));
    return body;
  }

  private freshFilter(collection: string): IdFilter | null {
    let filter = this.fresh.get(collection);
    if (filter === undefined) {
      const empty = !statement(this.db, 'SELECT 1 FROM documents WHERE collection = ? LIMIT 1').get(collection);
      this.fresh.set(collection, (filter = empty ? new IdFilter() : null));
    }
    return filter;
  }

  override all(collection: string): string[] {
    const documents = this.collections.get(collection);
    if (!documents?.size) return super.all(collection);
    const merged = new Map<string, string>();
    for (const row of statement<[string], { id: string; body: string }>(this.db, SELECT_ALL).iterate(collection))
      merged.set(row.id, row.body);
    let added = false;
    for (const [id, document] of documents) {
      const body = this.text(document);
      if (body === null) merged.delete(id);
      else {
        added ||= !merged.has(id);
        merged.set(id, body);
      }
    }
    const ids = [...merged.keys()];
    if (added) ids.sort(compareUtf8);
    return ids.map((id) => merged.get(id)!);
  }

  override count(collection: string): number {
    return this.collections.get(collection)?.size ? this.all(collection).length : super.count(collection);
  }

  override *pages(collection: string, sort: Record<string, 1 | -1> | undefined): Generator<string[]> {
    if (!this.collections.get(collection)?.size) return yield* super.pages(collection, sort);
    // SQLite orders the merged documents, so a stream sorts exactly as it does over the table.
    const rows = statement<[string], { body: string }>(
      this.db,
      `SELECT body FROM (SELECT value AS body, json_extract(value, '$._id') AS id FROM json_each(?)) ORDER BY ${orderBy(sort)}`,
    ).all(`[${this.all(collection).join(',')}]`);
    yield rows.map((row) => row.body);
  }

  override write(collection: string, id: string, body: string | null): void {
    const documents = this.of(collection);
    if (this.journal) {
      let before = this.journal.get(documents);
      if (!before) this.journal.set(documents, (before = new Map()));
      if (!before.has(id)) before.set(id, documents.get(id));
    }
    this.set(documents, id, this.hold(body, true));
    for (const index of this.valueIndexes.get(collection)?.values() ?? []) index.put(id, body);
  }
}

const valueKey = (value: unknown): string => (typeof value === 'string' ? `s${value}` : JSON.stringify(value));

/** The ids of a session's documents by the value of one field (each element, for an array). */
class ValueIndex {
  readonly ids = new Map<string, Set<string>>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly path: string[];

  constructor(field: string) {
    this.path = field.split('.');
  }

  put(id: string, body: string | null): void {
    for (const key of this.keysOf.get(id) ?? []) this.ids.get(key)?.delete(id);
    this.keysOf.delete(id);
    if (body === null) return;
    let value: unknown = JSON.parse(body);
    for (const step of this.path)
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
    if (value === undefined) return;
    const keys = [...new Set((Array.isArray(value) ? value : [value]).map(valueKey))];
    this.keysOf.set(id, keys);
    for (const key of keys) {
      let ids = this.ids.get(key);
      if (!ids) this.ids.set(key, (ids = new Set()));
      ids.add(id);
    }
  }
}

/**
 * A Bloom filter of ids (1 MiB, 7 probes): `mightHold` is false only for an id never added.
 * Half a million ids give about one false "might" in 2,000; more only make misses slower.
 */
class IdFilter {
  private static readonly BITS = 1 << 23;
  private readonly words = new Int32Array(IdFilter.BITS >>> 5);

  add(id: string): void {
    const [h1, h2] = hashes(id);
    for (let i = 0, h = h1; i < 7; i++, h = (h + h2) | 0) {
      const bit = (h >>> 0) & (IdFilter.BITS - 1);
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mightHold(id: string): boolean {
    const [h1, h2] = hashes(id);
    for (let i = 0, h = h1; i < 7; i++, h = (h + h2) | 0) {
      const bit = (h >>> 0) & (IdFilter.BITS - 1);
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit hashes of a string (FNV-1a, and a multiply-xorshift), for double hashing. */
function hashes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a, b | 1];
}

const weight = (id: string, document: HeldDocument | undefined): number =>
  document ? ENTRY_BYTES + id.length + (document.text?.length ?? 0) : 0;

/**
 * SQLite's order of TEXT keys (memcmp of UTF-8): the same as JavaScript's comparison of UTF-16
 * code units except between a surrogate pair and a code unit above it (U+E000 to U+FFFF).
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates (U+D800–DFFF, the start of a code point above U+FFFF) rank above U+E000–FFFF. */
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);

/** One collection over a {@link Documents}: the committed view, a transaction, or a session. */
class SqliteCollection<T extends Doc> implements WriteCollection<T> {
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
    for (const page of this.documents.pages(this.name, options.sort))
      for (const body of page) {
        const doc = JSON.parse(body) as T;
        if (test(doc)) yield project(doc, options.projection);
      }
  }

  async insertOne(doc: T): Promise<void> {
    if (this.documents.get(this.name, doc._id) !== null) throw new DuplicateDocumentError(this.name, doc._id);
    this.put(doc);
  }

  async replaceOne(filter: Filter, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const current = this.first(filter);
    if (!current) {
      if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
      this.put({ ...doc, _id: doc._id ?? (filter._id as string) ?? randomUUID() });
      return { matched: 0, modified: 0, upserted: true };
    }
    const next = JSON.stringify({ ...doc, _id: current.doc._id });
    // Stored bodies are JSON.stringify's output, which a parse and stringify give back unchanged.
    const modified = next !== (current.body ?? JSON.stringify(current.doc));
    if (modified) this.documents.write(this.name, current.doc._id, next);
    return { matched: 1, modified: modified ? 1 : 0, upserted: false };
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const current = this.first(filter);
    if (current) {
      // The document was parsed for this call alone: updated in place, without another copy.
      const { doc, modified } = updated(current.doc, update, false, true);
      if (modified) this.put(doc);
      return { matched: 1, modified: modified ? 1 : 0, upserted: false };
    }
    if (!options.upsert) return { matched: 0, modified: 0, upserted: false };
    const seed = seedFromFilter(filter);
    const { doc } = updated({ _id: randomUUID(), ...seed } as T, update, true, true);
    this.put(doc);
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
        this.put(doc);
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

  private put(doc: T): void {
    this.documents.write(this.name, doc._id, JSON.stringify(doc));
  }
}
