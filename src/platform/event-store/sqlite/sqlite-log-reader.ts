import Database from 'better-sqlite3';

/** position, id, stream, revision, type, data, metadata: one stored event as its columns hold it. */
export type StoredRow = [number, string, string, number, string, string, string];

/**
 * A read-only connection to an embedded event store's file, for a thread that reads one range
 * of `$all` as the columns hold it (no JSON parsed, no object per row but the row's array):
 * what an audit run in worker threads reads, each thread through its own connection. It never
 * writes, creates nor checkpoints anything, so any number of them can read beside the service.
 */
export class SqliteLogReader {
  private readonly db: Database.Database;
  private readonly range;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.range = this.db
      .prepare<[number, number], StoredRow>(
        'SELECT position, id, stream, revision, type, data, metadata FROM events WHERE position > ? AND position <= ? ORDER BY position',
      )
      .raw(true);
  }

  /** The rows at positions `(after, upTo]`, in position order, read lazily. */
  rows(after: number, upTo: number): IterableIterator<StoredRow> {
    return this.range.iterate(after, upTo);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
