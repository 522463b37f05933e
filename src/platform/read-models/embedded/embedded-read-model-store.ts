import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyedLock } from '../../keyed-lock.js';
import type {
  Doc,
  Filter,
  IndexSpec,
  ReadCollection,
  ReadModelStore,
  ReadModelSession,
  ReadModelTransaction,
} from '../read-model-store.js';
import { rethrowAsStorageError } from '../../sqlite/sqlite-errors.js';
import { WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { DELETE, Documents, SELECT_ALL, SELECT_ONE, TransactionDocuments, writeRow } from './documents.js';
import { type Indexes, createIndexSql, indexedQuery } from './indexed-query.js';
import { SessionDocuments } from './session-documents.js';
import { yieldToEventLoop } from '../../event-loop-slices.js';
import { SqliteCollection } from './sqlite-collection.js';

export { compareUtf8 } from './utf8-order.js';

/**
 * The embedded read-model store: its SQLite schema and the store itself (connections, transactions,
 * sessions, indexes). What it stores through lives beside it: `documents.ts` (committed and
 * transaction views), `session-documents.ts` (the session arena and its savepoints),
 * `indexed-query.ts`, `id-filter.ts`, `utf8-order.ts` and `sqlite-collection.ts`.
 *
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
  private readonly checkpointer: WalCheckpointer | undefined;
  /** The indexes declared per collection: a query with an equality on one's first field is answered from it. */
  private readonly indexes: Indexes = new Map();

  /**
   * `checkpointThread: false` for a second connection in the same process (the catch-up thread),
   * whose file the first one's checkpointer already checkpoints.
   */
  constructor(file: string, options: { checkpointThread?: boolean } = {}) {
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
    // 16 MB of page cache for the writer (the default is 2 MB): the (collection, id) index pages a
    // rebuild's commits visit. It was 64 MB, and the reader's 16 MB: both fill during a rebuild and
    // count in the service's memory for good; a fresh service rebuilding every projector over 40k
    // events peaked at 594-660 MB with them, 553-562 MB with 16 + 4, at no measurable cost in
    // rebuild speed (bench/README.md, memory.rebuild).
    this.writer.pragma('cache_size = -16384');
    migrateFromKeyedTable(this.writer);
    this.writer.exec(SCHEMA);
    // Long while the file is made (several processes may start at once), short afterwards: see `begin`.
    this.writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (options.checkpointThread !== false) this.checkpointer = new WalCheckpointer(this.writer, file);
    this.reader = new Database(file);
    this.reader.pragma('busy_timeout = 10000');
    this.reader.pragma('cache_size = -4096');
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
        for (const row of rows) {
          writeRow(this.writer, row);
          // Long commits leave the event loop (requests, queries on the reader) a turn now and then.
          const turn = yieldToEventLoop();
          if (turn) await turn;
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
      await this.checkpointer?.stop();
      this.reader.close();
      this.writer.close();
    });
  }
}
