import { positionOf, type Position } from './position.js';
import type { StoredRecord } from './storage.js';

interface Entry<Shared> {
  record: StoredRecord;
  /** What every reader of this record gets, made when first read. */
  shared?: Shared;
}

/** What {@link RecentAppends.after} could answer: the records, and the position up to which nothing else exists. */
export interface RecentRead<Shared> {
  records: Shared[];
  upTo: Position;
}

/**
 * The last events this process appended, as they were stored, while they follow each other in
 * `$all` with no gap (for a store whose positions count events, the embedded one). A live
 * projector reading `$all` after its checkpoint reads what was just appended, and most often
 * finds nothing of its types: the range this holds is answered from memory, without a query
 * per event type. Any gap (another process wrote between two of ours, or a position was skipped)
 * starts it again from the next append, so whatever lies in the range it answers for is in it.
 *
 * A record is turned into what readers get (`share`: parsed, validated and frozen, exactly what
 * the store would return) once, by its first reader; the live projectors that read it after
 * share that one object. It keeps between `capacity` and twice as many records (~1–2 kB each):
 * a few MB at most, since a live reader lags by a few waves of appends, not thousands.
 */
export class RecentAppends<Shared> {
  private entries: Entry<Shared>[] = [];
  /** The commit number of `entries[0]`. */
  private first = 0;

  constructor(
    private readonly share: (record: StoredRecord) => Shared,
    private readonly capacity = 1_024,
  ) {}

  /** Records just committed, in `$all` order. */
  add(records: readonly StoredRecord[]): void {
    for (const record of records) {
      const commit = commitOf(record.position);
      if (commit === undefined || (this.entries.length > 0 && commit !== this.first + this.entries.length)) {
        this.entries = [];
      }
      if (commit === undefined) continue;
      if (this.entries.length === 0) this.first = commit;
      this.entries.push({ record });
    }
    if (this.entries.length > 2 * this.capacity) {
      const drop = this.entries.length - this.capacity;
      this.entries = this.entries.slice(drop);
      this.first += drop;
    }
  }

  /**
   * The records after `after` (of `types`, up to `maxCount`), when this holds every event from
   * just after `after` to its last one; undefined when `after` lies before what it holds.
   */
  after(after: Position | undefined, types: readonly string[] | undefined, maxCount: number): RecentRead<Shared> | undefined {
    if (after === undefined || this.entries.length === 0) return undefined;
    const from = commitOf(after);
    if (from === undefined || from < this.first - 1) return undefined;
    const last = this.first + this.entries.length - 1;
    if (from >= last) return { records: [], upTo: after };
    const wanted = types ? new Set(types) : undefined;
    const records: Shared[] = [];
    let index = from - this.first + 1;
    for (; index < this.entries.length && records.length < maxCount; index++) {
      const entry = this.entries[index]!;
      if (wanted && !wanted.has(entry.record.type)) continue;
      records.push((entry.shared ??= this.share(entry.record)));
    }
    return { records, upTo: positionOf(BigInt(this.first + index - 1)) };
  }
}

/** The commit number of a plain position ("42"), as a safe integer; undefined for any other form. */
function commitOf(position: Position): number | undefined {
  if (position.includes(':')) return undefined;
  const commit = Number(position);
  return Number.isSafeInteger(commit) ? commit : undefined;
}
