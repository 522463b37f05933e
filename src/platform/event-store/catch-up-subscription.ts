import type { Subscription } from './event-store.js';
import type { Position } from './position.js';

export interface CatchUpSource<E extends { position: Position }> {
  /** Up to `limit` events strictly after `after`, in order. */
  readPage(after: Position | undefined, limit: number): Promise<E[]> | E[];
  /** Resolves when new events may exist (a local append, or a poll interval elapsed). */
  waitForChange(signal: AbortSignal): Promise<void>;
}

/**
 * Catch-up then live over any source that can read pages of `$all` in order: it reads
 * pages until one comes back short, then waits for a change and reads again from the
 * last position it delivered. Delivering by position is what makes the handover from
 * catch-up to live free of gaps and duplicates.
 */
export function catchUpSubscription<E extends { position: Position }>(
  source: CatchUpSource<E>,
  from: Position | undefined,
  pageSize = 500,
): Subscription<E> {
  const abort = new AbortController();
  async function* run(): AsyncGenerator<E> {
    let after = from;
    while (!abort.signal.aborted) {
      const page = await source.readPage(after, pageSize);
      for (const event of page) {
        if (abort.signal.aborted) return;
        yield event;
        after = event.position;
      }
      if (page.length < pageSize && !abort.signal.aborted) await source.waitForChange(abort.signal);
    }
  }
  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      abort.abort();
      await iterator.return(undefined);
    },
  };
}
