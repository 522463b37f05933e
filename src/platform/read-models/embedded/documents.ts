/**
 * Where a collection's documents are read from and written to, on one SQLite connection: the
 * committed view (`Documents`) and a transaction's (`TransactionDocuments`), which keeps its writes
 * and writes each once, at commit or before a query reads the table; the prepared statements.
 */
import type Database from 'better-sqlite3';
import { jsonPath } from './mongo-semantics.js';
import { type IndexedQuery } from './indexed-query.js';
import { compareUtf8 } from './utf8-order.js';

/** Rows read per query while streaming a whole collection. */
const PAGE = 1000;

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepared statements are compiled once per connection and SQL text. */
export function statement<P extends unknown[] = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Database.Statement<P, R>;
}

const UPSERT =
  'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body';
export const DELETE = 'DELETE FROM documents WHERE collection = ? AND id = ?';
export const SELECT_ONE = 'SELECT body FROM documents WHERE collection = ? AND id = ?';
export const SELECT_ALL = 'SELECT id, body FROM documents WHERE collection = ? ORDER BY id';

/** The `ORDER BY` of a stream: the sort keys as SQLite's `json_extract` orders them, then `id`. */
export const orderBy = (sort: Record<string, 1 | -1> | undefined): string =>
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
export class Documents {
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

  /**
   * Every document in `sort` order, a page at a time, each page found by where the last one
   * ended (never by an offset, which reads again every row before it: a stream over n documents
   * would read n²/2000 rows). In `id` order the pages are ranges of the (collection, id) key;
   * in another order the ids come first, sorted once, and the bodies by id a page at a time, so
   * the stream holds the ids but never every document. A document written while the stream
   * runs is yielded as it is when its page is read; one deleted by then is left out.
   */
  *pages(collection: string, sort: Record<string, 1 | -1> | undefined): Generator<string[]> {
    if (!sort || Object.keys(sort).length === 0) {
      const page = statement<[string, string], { id: string; body: string }>(
        this.db,
        // The limit written into the SQL, not bound: a bound LIMIT recompiles the statement at every run (LimitedQuery).
        `SELECT id, body FROM documents WHERE collection = ? AND id > ? ORDER BY id LIMIT ${PAGE}`,
      );
      for (let after = ''; ;) {
        const rows = page.all(collection, after);
        if (rows.length > 0) yield rows.map((row) => row.body);
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.id;
      }
    }
    const ids = statement<[string], { id: string }>(
      this.db,
      `SELECT id FROM documents WHERE collection = ? ORDER BY ${orderBy(sort)}`,
    ).all(collection);
    // The table's own row, not `get`, which a transaction's or a session's view would keep.
    const one = statement<[string, string], { body: string }>(this.db, SELECT_ONE);
    for (let start = 0; start < ids.length; start += PAGE) {
      const bodies: string[] = [];
      for (let i = start; i < Math.min(start + PAGE, ids.length); i++) {
        const body = one.get(collection, ids[i]!.id)?.body;
        if (body !== undefined) bodies.push(body);
      }
      yield bodies;
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

/** A stored body, or null for none; dirty when it is still to be written. */
interface PendingDocument {
  body: string | null;
  dirty: boolean;
}

export type Row = [collection: string, id: string, body: string | null];

/** The changed documents of `collections`, by collection and id. */
export function dirtyRows<D extends { dirty: boolean }>(collections: Map<string, Map<string, D>>): Array<[string, string, D]> {
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

export function writeRow(db: Database.Database, [collection, id, body]: Row): void {
  if (body === null) statement(db, DELETE).run(collection, id);
  else statement(db, UPSERT).run(collection, id, body);
}

/**
 * The documents a transaction has read or written, by collection and id, as JSON text (every
 * read still parses a fresh copy). Writes are kept here and written once each by
 * {@link flush}: at commit, or before a query that reads the table itself.
 */
export class TransactionDocuments extends Documents {
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
