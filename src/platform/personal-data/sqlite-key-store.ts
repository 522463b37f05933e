import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import { newPersonalKey, PERSONAL_KEY_BYTES, PersonalDataErasedError, type PersonalKeyStore } from './key-store.js';

/**
 * A live row has a key and no erasure; a tombstone has an erasure and no key. `key_id` is
 * null only for the tombstone of a subject erased before it was ever keyed.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS personal_keys (
  subject    TEXT PRIMARY KEY NOT NULL,
  key_id     TEXT,
  key        BLOB,
  created_at TEXT NOT NULL,
  erased_at  TEXT,
  CHECK (
    (key IS NULL AND erased_at IS NOT NULL)
    OR (key IS NOT NULL AND length(key) = ${PERSONAL_KEY_BYTES} AND key_id IS NOT NULL AND erased_at IS NULL)
  )
);
`;

interface KeyRow {
  key_id: string | null;
  key: Buffer | null;
  erased_at: string | null;
}

/** How often erase retries a checkpoint that another connection's reader keeps busy. */
const CHECKPOINT_ATTEMPTS = 5;
const CHECKPOINT_RETRY_MS = 200;

/**
 * The embedded key store: its own file (`<dataDir>/keys.sqlite`), never the event store's,
 * so that a copy of the events (a backup, an export, `coop copy`) carries no key, and so
 * that erasing a key (GDPR art. 17 by crypto-shredding, DESIGN.md "Personal data") can
 * scrub it from disk without touching history.
 *
 * Durability: WAL with `synchronous=FULL`, because a key lost after the event that uses it
 * was appended makes that person's data unreadable for ever.
 *
 * Scrubbing: `secure_delete=ON` on every connection makes SQLite zero the bytes it frees
 * (an overwritten cell, a page split, a freed page), and erasure ends with
 * `wal_checkpoint(TRUNCATE)`, so neither the database file nor its WAL still holds the key.
 * Copies outside this file (filesystem snapshots, backups of it) are the operator's to
 * expire.
 */
export class SqlitePersonalKeyStore implements PersonalKeyStore {
  readonly name = 'embedded';
  private readonly db: Database.Database;
  private readonly statements: {
    select: Database.Statement<[string], KeyRow>;
    insert: Database.Statement<[string, string, Buffer, string]>;
    get: Database.Statement<[string, string], { key: Buffer }>;
    tombstone: Database.Statement<[string, string, string]>;
    erasedAt: Database.Statement<[string], { erased_at: string }>;
  };

  constructor(
    file: string,
    private readonly clock: Clock = systemClock,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    // Readable by the service's user only; SQLite gives the -wal and -shm files the same mode.
    try {
      writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 10000');
      if (this.db.pragma('secure_delete = ON', { simple: true }) !== 1)
        throw new Error('this SQLite build cannot turn secure_delete on; erased keys could linger in free pages');
      this.db.exec(SCHEMA);
      this.statements = {
        select: this.db.prepare('SELECT key_id, key, erased_at FROM personal_keys WHERE subject = ?'),
        insert: this.db.prepare('INSERT OR IGNORE INTO personal_keys (subject, key_id, key, created_at) VALUES (?, ?, ?, ?)'),
        get: this.db.prepare(
          'SELECT key FROM personal_keys WHERE subject = ? AND key_id = ? AND key IS NOT NULL AND erased_at IS NULL',
        ),
        tombstone: this.db.prepare(
          `INSERT INTO personal_keys (subject, key_id, key, created_at, erased_at) VALUES (?, NULL, NULL, ?, ?)
           ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = coalesce(personal_keys.erased_at, excluded.erased_at)`,
        ),
        erasedAt: this.db.prepare('SELECT erased_at FROM personal_keys WHERE subject = ? AND erased_at IS NOT NULL'),
      };
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private pendingInserts: Array<{ subject: string; resolve: () => void; reject: (error: unknown) => void }> = [];

  async getOrCreate(subject: string): Promise<{ keyId: string; key: Buffer }> {
    // Read first: the common case writes nothing. Then INSERT OR IGNORE and read again, so a
    // concurrent creator (another connection or process) wins once and everyone reads its key.
    let row = this.statements.select.get(subject);
    if (!row) {
      await this.insertTogether(subject);
      row = this.statements.select.get(subject);
    }
    if (!row) throw new Error(`personal key of ${subject} vanished right after it was written`);
    if (row.erased_at !== null) throw new PersonalDataErasedError(subject, row.erased_at);
    return { keyId: row.key_id!, key: row.key! };
  }

  /**
   * New keys asked for in the same turn of the event loop are inserted in one durable
   * transaction (group commit), as the event store does with appends: each caller is answered
   * once its key is on disk, before the event that uses it is appended.
   */
  private insertTogether(subject: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pendingInserts.push({ subject, resolve, reject });
      if (this.pendingInserts.length === 1) setImmediate(() => this.flushInserts());
    });
  }

  private flushInserts(): void {
    const batch = this.pendingInserts;
    this.pendingInserts = [];
    try {
      const createdAt = this.clock.now().toISOString();
      this.db.transaction(() => {
        for (const { subject } of batch) {
          const { keyId, key } = newPersonalKey();
          this.statements.insert.run(subject, keyId, key, createdAt);
        }
      })();
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
  }

  async get(subject: string, keyId: string): Promise<Buffer | null> {
    return this.statements.get.get(subject, keyId)?.key ?? null;
  }

  async erase(subject: string): Promise<{ erasedAt: string }> {
    const now = this.clock.now().toISOString();
    const erasedAt = this.db.transaction(() => {
      this.statements.tombstone.run(subject, now, now);
      return this.statements.erasedAt.get(subject)!.erased_at;
    })();
    await this.scrubWal(subject);
    return { erasedAt };
  }

  async isErased(subject: string): Promise<boolean> {
    return this.statements.erasedAt.get(subject) !== undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * Moves every page into the database file (where secure_delete already zeroed the key) and
   * truncates the WAL, whose older frames still hold the page as it was before erasure. A
   * reader on another connection can hold the checkpoint back; then erasure is recorded but
   * not yet scrubbed, which is an error: erasing again (idempotent) retries.
   */
  private async scrubWal(subject: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      if (result && result.busy === 0) return;
      if (attempt >= CHECKPOINT_ATTEMPTS)
        throw new Error(
          `the key of ${subject} is erased, but another connection to the key store kept the WAL from being ` +
            'truncated, so its bytes may still be on disk; erase again to retry',
        );
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_RETRY_MS));
    }
  }
}
