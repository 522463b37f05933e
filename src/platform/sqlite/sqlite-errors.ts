import { StorageError } from '../errors/storage-errors.js';

/**
 * The {@link StorageError} an SQLite failure means, or undefined when it is not about the
 * medium (a constraint, a syntax error: the caller's own business). better-sqlite3 gives
 * extended codes (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`).
 */
export function sqliteStorageError(error: unknown, store: string): StorageError | undefined {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_FULL') return new StorageError('full', store, code, error);
  if (code.startsWith('SQLITE_READONLY')) return new StorageError('read-only', store, code, error);
  if (/^SQLITE_(IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOLFS)/.test(code))
    return new StorageError('unavailable', store, code, error);
  return undefined;
}

/** Rethrows an SQLite failure of the medium as a {@link StorageError}; anything else as it was. */
export function rethrowAsStorageError(error: unknown, store: string): never {
  throw sqliteStorageError(error, store) ?? error;
}
