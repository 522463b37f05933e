import type Database from 'better-sqlite3';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store.js';
import { positionOf } from '../position.js';
import type { StoredAppendResult, StoredEvent, StoredRecord } from '../storage.js';
import { sqliteStorageError } from '../../sqlite/sqlite-errors.js';
import { KnownHeads } from './known-heads.js';

interface PendingAppend {
  stream: string;
  events: readonly StoredEvent[];
  expected: 'no_stream' | bigint;
  resolve(result: StoredAppendResult): void;
  reject(error: unknown): void;
}

/**
 * Several processes may write one file: SQLite waits this long (blocking) for another's write
 * lock, then the commit is tried again later from the event loop, until `BUSY_GIVE_UP_MS`.
 */
export const BUSY_TIMEOUT_MS = 200;
const BUSY_GIVE_UP_MS = 30_000;

const isBusy = (error: unknown) => /^SQLITE_BUSY/.test((error as { code?: string }).code ?? '');

const STORE = 'event store';

/**
 * The embedded event store's writer: appends that arrive in the same turn of the event loop
 * are committed together in one transaction (group commit), each undone alone if refused (a
 * savepoint around a multi-event append; a one-event append's failed INSERT undoes itself),
 * so one append's conflict never fails another, and every caller is answered only after the
 * commit is on disk. Another process holding the write lock is waited for from the event loop.
 */
export class SqliteGroupCommit {
  /** Appends and the transactions that committed them: their ratio is the group-commit gain. */
  readonly stats = { appends: 0, commits: 0 };
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** Since when the write lock has been held by another process (undefined: it is not). */
  private busySince: number | undefined;
  private readonly head;
  private readonly insert;
  // Prepared once: `exec` would compile them again for every append.
  private readonly tx;
  /** The heads this writer's commits left, while no other connection has written (see {@link KnownHeads}). */
  readonly known: KnownHeads;

  /** `onCommit` is told after each transaction that committed appends. */
  constructor(
    private readonly db: Database.Database,
    private readonly onCommit: () => void,
  ) {
    this.head = db.prepare<[string], { revision: number }>(
      'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    this.tx = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackTo: db.prepare('ROLLBACK TO append'),
      commit: db.prepare('COMMIT'),
    };
    this.known = new KnownHeads(db);
  }

  /** Queues the append for the next flush (in the next turn of the event loop). */
  append(stream: string, events: readonly StoredEvent[], expected: 'no_stream' | bigint): Promise<StoredAppendResult> {
    return new Promise((resolve, reject) => {
      if (!this.db.open) return reject(new Error('the event store is closed'));
      this.pending.push({ stream, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Whether appends wait for the next flush. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Commits every append queued since the last flush in one durable transaction. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (!this.db.open) {
      for (const append of batch) append.reject(new Error('the event store is closed'));
      return;
    }
    const outcomes: Array<{ ok: true; value: StoredAppendResult } | { ok: false; error: unknown }> = [];
    const tx = this.tx;
    try {
      tx.begin.run();
    } catch (error) {
      this.busySince ??= Date.now();
      if (isBusy(error) && Date.now() - this.busySince < BUSY_GIVE_UP_MS) {
        // Another process is committing: try again in a moment, without holding up the event loop.
        this.pending = batch.concat(this.pending);
        this.flushScheduled = true;
        setTimeout(() => this.flush(), 2 + Math.random() * 8);
        return;
      }
      this.busySince = undefined;
      for (const append of batch) append.reject(error);
      return;
    }
    this.busySince = undefined;
    try {
      this.known.beginWrite();
      for (const append of batch) {
        // A failed statement undoes itself, so a one-event append needs no savepoint.
        const savepoint = append.events.length > 1;
        if (savepoint) tx.savepoint.run();
        try {
          outcomes.push({ ok: true, value: this.write(append) });
          if (savepoint) tx.release.run();
        } catch (error) {
          // A full disk or a failing device may have rolled the whole transaction back:
          // the batch fails as one, and every append in it is refused (nothing half-written).
          if (sqliteStorageError(error, STORE)) throw error;
          if (savepoint) {
            tx.rollbackTo.run();
            tx.release.run();
          }
          outcomes.push({ ok: false, error });
        }
      }
      tx.commit.run();
      this.stats.commits += 1;
      this.stats.appends += batch.length;
    } catch (error) {
      try {
        if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // The rollback of a transaction the disk refused: SQLite undoes it on its own.
      }
      this.known.abandon();
      const refused = sqliteStorageError(error, STORE) ?? error;
      for (const append of batch) append.reject(refused);
      return;
    }
    batch.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) {
        this.known.wrote(append.stream, Number(outcome.value.nextExpectedRevision));
        append.resolve(outcome.value);
      } else append.reject(outcome.error);
    });
    this.onCommit();
  }

  private write({ stream, events, expected }: PendingAppend): StoredAppendResult {
    // A new stream: UNIQUE (stream, revision) refuses revision 0 if it exists (told apart below).
    const head = expected === 'no_stream' ? undefined : this.head.get(stream);
    const actual = head === undefined ? 'no_stream' : BigInt(head.revision);
    if (actual !== expected) throw new WrongExpectedRevisionError(stream, expected, actual);
    let revision = head === undefined ? -1 : head.revision;
    const records: StoredRecord[] = [];
    for (const event of events) {
      revision += 1;
      try {
        const info = this.insert.run(
          event.id,
          stream,
          revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
        records.push({ ...event, stream, revision: BigInt(revision), position: positionOf(BigInt(info.lastInsertRowid)) });
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          const found = expected === 'no_stream' ? this.head.get(stream) : undefined;
          if (found && revision === 0) throw new WrongExpectedRevisionError(stream, expected, BigInt(found.revision));
          throw new DuplicateEventIdError(stream, event.id);
        }
        throw error;
      }
    }
    return { nextExpectedRevision: BigInt(revision), records };
  }
}
