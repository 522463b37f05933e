import { APPEND_BYTES_BUDGET, eventBytes } from './event-store.js';
import type { EventStorage, StoredRecord } from './storage.js';

export interface CopyProgress {
  read: number;
  copied: number;
  skipped: number;
}

export interface CopyOptions {
  /** Appends in flight at once: order is kept by adapters that commit in arrival order. */
  window?: number;
  /** Stop after this many events read (to test resumption). */
  limit?: number;
  onProgress?(progress: CopyProgress): void;
}

/**
 * Copies a whole history between stores with ids, stream revisions, types, data and
 * metadata (so every hash) unchanged, in `$all` order. Re-running after an interruption
 * continues: events the target already holds, by stream revision and id, are skipped.
 * Positions are the target's own.
 */
export async function copyHistory(from: EventStorage, to: EventStorage, options: CopyOptions = {}): Promise<CopyProgress> {
  const window = Math.max(1, options.window ?? 1);
  const progress: CopyProgress = { read: 0, copied: 0, skipped: 0 };
  const heads = new Map<string, bigint | undefined>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let batch: StoredRecord[] = [];
  let batchBytes = 0;

  const targetHead = async (stream: string): Promise<bigint | undefined> => {
    if (!heads.has(stream)) {
      let head: bigint | undefined;
      for await (const last of to.readStream(stream, { direction: 'backwards', maxCount: 1 })) head = last.revision;
      heads.set(stream, head);
    }
    return heads.get(stream);
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    batchBytes = 0;
    const first = events[0]!.revision;
    const write = to
      .append(
        events[0]!.stream,
        events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
        first === 0n ? 'no_stream' : first - 1n,
      )
      .then(() => {
        progress.copied += events.length;
        options.onProgress?.({ ...progress });
      })
      .catch((error: unknown) => {
        failure ??= error;
      });
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
    if (inFlight.size >= window) await Promise.race(inFlight);
    if (failure) throw failure;
  };

  for await (const record of from.readAll()) {
    if (options.limit !== undefined && progress.read >= options.limit) break;
    progress.read++;
    const head = await targetHead(record.stream);
    if (head !== undefined && record.revision <= head) {
      await assertSameEvent(to, record);
      progress.skipped++;
      continue;
    }
    // One stream per append, and under EventStoreDB's append size (a larger one is refused).
    const bytes = eventBytes(record);
    if (batch.length && (batch[0]!.stream !== record.stream || batch.length >= 500 || batchBytes + bytes > APPEND_BYTES_BUDGET))
      await flush();
    batch.push(record);
    batchBytes += bytes;
    heads.set(record.stream, record.revision);
  }
  await flush();
  await Promise.all(inFlight);
  if (failure) throw failure;
  return progress;
}

/** A target that holds a different event at this revision is not a copy of the source. */
async function assertSameEvent(to: EventStorage, record: StoredRecord): Promise<void> {
  for await (const existing of to.readStream(record.stream, { fromRevision: record.revision, maxCount: 1 }))
    if (existing.id === record.id && existing.metadata.hash === record.metadata.hash) return;
  throw new Error(`${record.stream}@${record.revision}: the target holds another event; it is not a copy of this source`);
}
