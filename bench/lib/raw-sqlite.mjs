// The raw baselines: better-sqlite3 (the same library the product uses) with the same table,
// WAL and synchronous=FULL, and nothing else: no schema validation, no hash chain, no
// head lookups, no group-commit queue.
import Database from 'better-sqlite3';

/** Mirrors the table of src/platform/event-store/sqlite/sqlite-event-storage.ts. */
export const EVENTS_TABLE = `
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
`;

export function openRaw(file, { readonly = false } = {}) {
  const db = new Database(file, { readonly });
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(EVENTS_TABLE);
  }
  return db;
}

export function rawInserter(db) {
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const one = (row) =>
    insert.run(row.id, row.stream, row.revision, row.type, JSON.stringify(row.data), JSON.stringify(row.metadata));
  return {
    /** One durable transaction for this one row. */
    single: db.transaction(one).immediate,
    /** One durable transaction for all these rows. */
    batch: db.transaction((rows) => {
      for (const row of rows) one(row);
    }).immediate,
  };
}
