/**
 * The store cannot take a write (or answer) for a reason of its medium, not of the request:
 * the disk is full, the file is read-only, the device fails. Mapped once by the HTTP filter:
 * `full` and `read-only` are 507 Insufficient Storage (retrying will not help until an
 * operator acts), `unavailable` is 503 with Retry-After (an I/O error, a lock held too long).
 * The adapters throw it only from a failed transaction, so nothing is half-written.
 */
export class StorageError extends Error {
  constructor(
    readonly kind: 'full' | 'read-only' | 'unavailable',
    /** Which store: `event store`, `read models`, `key store`. */
    readonly store: string,
    /** The driver's code (`SQLITE_FULL`), for the log. */
    readonly code: string,
    override readonly cause?: unknown,
  ) {
    super(
      kind === 'full'
        ? `the ${store} is full: nothing was recorded; free disk space, then retry`
        : kind === 'read-only'
          ? `the ${store} is read-only: nothing was recorded; make its file writable, then retry`
          : `the ${store} is unavailable for the moment: nothing was recorded; retry shortly`,
    );
    this.name = 'StorageError';
  }
}
