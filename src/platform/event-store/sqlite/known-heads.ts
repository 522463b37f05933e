import type Database from 'better-sqlite3';

/** How many streams' heads are remembered (the least recently written are forgotten first). */
const CAPACITY = 10_000;

/**
 * The heads of the streams this connection wrote, good for as long as no other connection has
 * committed to the file since: then a read of a stream after its head needs no query. A fold of
 * a command's state mostly reads after the revision it already holds and finds nothing; over a
 * large store each such read costs the index pages of a random key (bench/README.md, flat30).
 *
 * SQLite's `PRAGMA data_version` changes when another connection commits, never for this
 * connection's own commits. It is read inside each write transaction, where the write lock keeps
 * every other connection from committing, so the value names exactly the state the recorded heads
 * extend; and it is read again at each lookup, not once per turn, so another process's commit
 * made a moment ago is never missed. A change forgets every head.
 */
export class KnownHeads {
  private readonly heads = new Map<string, number>();
  private validAt: number | undefined;
  private readonly dataVersion: Database.Statement<[], number>;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** Inside a write transaction, before its writes: what the file held when it began. */
  beginWrite(): void {
    const now = this.dataVersion.get()!;
    if (now !== this.validAt) {
      this.heads.clear();
      this.validAt = now;
    }
  }

  /** After that transaction committed: `stream`'s last revision is `revision`. */
  wrote(stream: string, revision: number): void {
    this.heads.delete(stream);
    this.heads.set(stream, revision);
    if (this.heads.size > CAPACITY) this.heads.delete(this.heads.keys().next().value!);
  }

  /** After a transaction that did not commit: nothing it began with can be trusted to stay known. */
  abandon(): void {
    this.heads.clear();
    this.validAt = undefined;
  }

  /** The stream's last revision, when this connection wrote it and no other connection committed since. */
  headOf(stream: string): number | undefined {
    const head = this.heads.get(stream);
    if (head === undefined) return undefined;
    if (this.dataVersion.get() !== this.validAt) {
      this.heads.clear();
      this.validAt = undefined;
      return undefined;
    }
    return head;
  }
}
