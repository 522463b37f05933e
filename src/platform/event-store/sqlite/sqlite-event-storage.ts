import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { catchUpSubscription } from '../catch-up-subscription.js';
import type { ReadAllOptions, ReadStreamOptions, Subscription } from '../event-store.js';
import { positionOf, type Position } from '../position.js';
import type { EventStorage, StoredAppendResult, StoredEvent, StoredRecord, StoredText } from '../storage.js';
import { LimitedQuery } from '../../sqlite/limited-query.js';
import { WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { BUSY_TIMEOUT_MS, SqliteGroupCommit } from './sqlite-group-commit.js';

interface Row {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/** position, id, stream, revision, type, data, metadata */
type TextRow = [number, string, string, number, string, string, string];

const PAGE = 1000;
/**
 * A type-filtered read of `$all`, one type at a time through `events_by_type`: only the index
 * entries of the wanted types are visited (a filter over the positions would read the whole log
 * after the start for a rare type). The positions of each type are merged, then the rows read.
 */
export const POSITIONS_OF_TYPE_SQL = 'SELECT position FROM events WHERE type = ? AND position > ? ORDER BY position LIMIT ?';
export const EVENTS_AT_SQL = 'SELECT * FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id       TEXT    NOT NULL UNIQUE,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  type     TEXT    NOT NULL,
  data     TEXT    NOT NULL,
  metadata TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
CREATE TABLE IF NOT EXISTS store_identity (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  id   TEXT    NOT NULL
);
`;

export interface SqliteEventStorageOptions {
  /** How often a live subscription looks for events written by another process. */
  pollIntervalMs?: number;
  /**
   * Whether to checkpoint the log from a thread of its own (the default). A process that only
   * reads (an audit) writes no log: without the thread it neither starts nor waits for one.
   */
  checkpointThread?: boolean;
  /**
   * Page cache in KiB (default 32 MiB, for the appends' random index pages). A connection that
   * only reads `$all` in order (the catch-up thread) needs little: the file's pages are in the
   * operating system's cache either way.
   */
  cacheKib?: number;
}

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`, so an
 * acknowledged append survives `kill -9` and power loss. Appends that arrive in the same
 * turn of the event loop are committed together in one transaction by the writer
 * ({@link SqliteGroupCommit}, in `sqlite-group-commit.ts`); the reads and subscriptions are
 * here. The log is checkpointed by a thread of its own ({@link WalCheckpointer}), not inside
 * an append's COMMIT (unless that thread falls 10,000 pages behind).
 */
export class SqliteEventStorage implements EventStorage {
  readonly name = 'sqlite';
  readonly positionsCountEvents = true;
  readonly received = { events: 0 };
  private readonly db: Database.Database;
  private readonly changes = new EventEmitter();
  private readonly writer: SqliteGroupCommit;
  /** Appends and the transactions that committed them: their ratio is the group-commit gain. */
  readonly stats: SqliteGroupCommit['stats'];
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly checkpointer: WalCheckpointer | undefined;
  private readonly identity: string;
  /**
   * The store's file, for readers that open their own read-only connection to it
   * (`SqliteLogReader`: an audit's worker threads); undefined in memory.
   */
  readonly file: string | undefined;

  constructor(file: string, options: SqliteEventStorageOptions = {}) {
    this.file = file === ':memory:' ? undefined : file;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Long while the schema is made (several processes may start at once), short afterwards.
    this.db.pragma('busy_timeout = 10000');
    // 32 MB of page cache (the default is 2 MB): the unique indexes of ids and streams take
    // random keys, whose pages a large store would otherwise read back from the file. Not
    // more: a full replay fills it, and it counts in the replaying process's memory (64 MB
    // took replay.memory over 1M events from 234 to 300 MB).
    this.db.pragma(`cache_size = -${options.cacheKib ?? 32_768}`);
    this.db.exec(SCHEMA);
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Written once, by whichever process opens the file first; `coop copy` never copies it.
    this.db.prepare('INSERT OR IGNORE INTO store_identity (only, id) VALUES (1, ?)').run(randomUUID());
    this.identity = this.db.prepare<[], { id: string }>('SELECT id FROM store_identity').get()!.id;
    if (file !== ':memory:' && options.checkpointThread !== false) this.checkpointer = new WalCheckpointer(this.db, file);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.changes.setMaxListeners(0);
    this.writer = new SqliteGroupCommit(this.db, () => this.changes.emit('appended'));
    this.stats = this.writer.stats;
    this.statements = {
      forwards: new LimitedQuery<[string, number], Row>(
        this.db,
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      backwards: new LimitedQuery<[string, number], Row>(
        this.db,
        'SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      all: new LimitedQuery<[number], Row>(this.db, 'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      allText: new LimitedQuery<[number], TextRow>(
        this.db,
        'SELECT position, id, stream, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
        'raw',
      ),
      positionsOfType: new LimitedQuery<[string, number], number>(this.db, POSITIONS_OF_TYPE_SQL, 'pluck'),
      eventsAt: this.db.prepare<[string], Row>(EVENTS_AT_SQL),
      locate: this.db.prepare<[string], { stream: string; revision: number }>('SELECT stream, revision FROM events WHERE id = ?'),
      headPosition: this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
    };
  }

  append(stream: string, events: readonly StoredEvent[], expected: 'no_stream' | bigint): Promise<StoredAppendResult> {
    return this.writer.append(stream, events, expected);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredRecord> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let next = options.fromRevision !== undefined ? Number(options.fromRevision) : backwards ? Number.MAX_SAFE_INTEGER : 0;
    // Forwards past a head this process wrote, with no other writer since: nothing to read.
    if (!backwards && next > 0 && next > (this.writer.known.headOf(stream) ?? Infinity)) return;
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = (backwards ? this.statements.backwards : this.statements.forwards).all(limit, stream, next);
      for (const row of rows) yield toRecord(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      next = rows[rows.length - 1]!.revision + (backwards ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredRecord> {
    let remaining = options.maxCount ?? Infinity;
    let after = options.after;
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = this.readAllPage(after, options.types, limit);
      for (const record of rows) yield record;
      remaining -= rows.length;
      if (rows.length < limit) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  async *readAllText(options: ReadAllOptions = {}): AsyncIterable<readonly StoredText[]> {
    if (options.types) {
      // Audits read everything; a filtered read keeps the general path.
      for await (const record of this.readAll(options))
        yield [{ ...record, data: JSON.stringify(record.data), metadata: JSON.stringify(record.metadata) }];
      return;
    }
    let remaining = options.maxCount ?? Infinity;
    let from = options.after === undefined ? 0 : Number(options.after);
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = this.statements.allText.all(limit, from);
      if (rows.length > 0)
        yield rows.map(([position, id, stream, revision, type, data, metadata]) => ({
          id,
          type,
          stream,
          revision: BigInt(revision),
          position: `${position}` as Position,
          data,
          metadata,
        }));
      remaining -= rows.length;
      if (rows.length < limit) return;
      from = rows[rows.length - 1]![0];
    }
  }

  private readAllPage(after: Position | undefined, types: readonly string[] | undefined, limit: number): StoredRecord[] {
    const from = after === undefined ? 0 : Number(after);
    const rows = types ? this.rowsOfTypes(from, types, limit) : this.statements.all.all(limit, from);
    this.received.events += rows.length;
    return rows.map(toRecord);
  }

  private rowsOfTypes(from: number, types: readonly string[], limit: number): Row[] {
    const positions: number[] = [];
    for (const type of new Set(types)) positions.push(...this.statements.positionsOfType.all(limit, type, from));
    if (positions.length === 0) return [];
    positions.sort((a, b) => a - b);
    return this.statements.eventsAt.all(JSON.stringify(positions.slice(0, limit)));
  }

  subscribeToAll(options: { after?: Position; types?: readonly string[] } = {}): Subscription<StoredRecord> {
    return catchUpSubscription<StoredRecord>(
      {
        readPage: (after, limit) => this.readAllPage(after, options.types, limit),
        waitForChange: (signal) => this.waitForChange(signal),
      },
      options.after,
    );
  }

  /** Resolves on the next local commit, or after the poll interval (for other processes). */
  private waitForChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.changes.off('appended', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.changes.once('appended', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async headPosition(): Promise<Position | undefined> {
    const row = this.statements.headPosition.get();
    return row?.position == null ? undefined : positionOf(BigInt(row.position));
  }

  async storeId(): Promise<string> {
    return this.identity;
  }

  async locate(id: string): Promise<{ stream: string; revision: bigint } | undefined> {
    const row = this.statements.locate.get(id);
    return row && { stream: row.stream, revision: BigInt(row.revision) };
  }

  async close(): Promise<void> {
    if (this.writer.hasPending) this.writer.flush();
    this.changes.emit('appended');
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}

function toRecord(row: Row): StoredRecord {
  return {
    id: row.id,
    stream: row.stream,
    revision: BigInt(row.revision),
    // An INTEGER column read as a number: its digits are the position (no BigInt made and printed per row).
    position: `${row.position}` as Position,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
