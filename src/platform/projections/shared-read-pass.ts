import type { EventStore, RecordedEvent } from '../event-store/event-store.js';
import { comparePositions, type Position } from '../event-store/position.js';
import { readBatch } from './projection-batch.js';

/**
 * One read pass of `$all` for the builds catching up together: instead of each build reading
 * (and parsing) its own batches, the builds waiting for their next batch are served from one
 * batch of the union of their event types, read from the lowest of their positions. Each
 * build takes the events of its types after its own position and keeps its own checkpoint and
 * commits; a build ahead of the batch waits until the pass reaches it. The next batch is read
 * once every build in the pass waits (the others are applying or committing theirs), so one
 * batch of parsed events is alive at a time. A build leaves the pass when it reaches the head,
 * fails, or stops; it then reads on its own, as live tailing does.
 */

/** What a build gets for its next batch: its events after its position, up to `upTo`. */
export interface PassBatch {
  events: RecordedEvent[];
  /** Every event of the build's types up to here is in `events` (undefined: nothing read yet). */
  upTo: Position | undefined;
  /** The read reached the head of `$all`: nothing of the build's types is left after `upTo`. */
  complete: boolean;
}

interface Waiting {
  from: Position | undefined;
  types: ReadonlySet<string>;
  resolve: (batch: PassBatch) => void;
  reject: (error: unknown) => void;
}

/** Whether `a` is strictly before `b` (undefined: before the first event). */
function before(a: Position | undefined, b: Position | undefined): boolean {
  if (a === undefined) return b !== undefined;
  if (b === undefined) return false;
  return comparePositions(a, b) < 0;
}

export class SharedReadPass {
  /** The builds in the pass: waiting for a batch, or (undefined) applying/committing theirs. */
  private readonly members = new Map<object, Waiting | undefined>();
  private reading = false;
  /** How many batches of `$all` the pass has read (for tests). */
  reads = 0;

  constructor(
    private readonly events: EventStore,
    private readonly batchSize: number,
  ) {}

  /** The next batch of `types` after `from` for `member`, once the pass gets there. */
  next(member: object, from: Position | undefined, types: readonly string[]): Promise<PassBatch> {
    return new Promise<PassBatch>((resolve, reject) => {
      this.members.set(member, { from, types: new Set(types), resolve, reject });
      this.maybeRead();
    });
  }

  /** `member` leaves the pass (caught up, failed or stopping); a wait of its ends empty. */
  leave(member: object): void {
    const waiting = this.members.get(member);
    this.members.delete(member);
    waiting?.resolve({ events: [], upTo: waiting.from, complete: false });
    this.maybeRead();
  }

  private maybeRead(): void {
    if (this.reading || this.members.size === 0) return;
    for (const waiting of this.members.values()) if (!waiting) return; // one is busy with its batch
    this.reading = true;
    void this.read().finally(() => {
      this.reading = false;
      this.maybeRead();
    });
  }

  private async read(): Promise<void> {
    const waiting = [...this.members.entries()] as [object, Waiting][];
    let after: Position | undefined = waiting[0]![1].from;
    const types = new Set<string>();
    for (const [, w] of waiting) {
      if (before(w.from, after)) after = w.from;
      for (const type of w.types) types.add(type);
    }
    let batch: RecordedEvent[];
    try {
      batch = await readBatch(this.events, after, [...types], this.batchSize);
    } catch (error) {
      for (const [member, w] of waiting) {
        if (this.members.get(member) !== w) continue;
        this.members.set(member, undefined);
        w.reject(error);
      }
      return;
    }
    this.reads += 1;
    const complete = batch.length < this.batchSize;
    const last = batch.length ? batch[batch.length - 1]!.position : after;
    for (const [member, w] of waiting) {
      if (this.members.get(member) !== w) continue; // it left meanwhile
      // A build ahead of this batch waits for the pass to reach it (unless this read reached the head).
      if (!complete && !before(w.from, last)) continue;
      this.members.set(member, undefined);
      const events = batch.filter((event) => w.types.has(event.type) && before(w.from, event.position));
      w.resolve({ events, upTo: before(w.from, last) ? last : w.from, complete });
    }
  }
}
