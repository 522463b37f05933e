import type { EventStore, RecordedEvent } from '../event-store/event-store.js';
import type { Position } from '../event-store/position.js';
import type { PersonalDataAccess } from '../personal-data/blind-search.js';
import type { Doc, ReadModelSession, ReadModelStore, ReadModelTransaction } from '../read-models/read-model-store.js';
import { later } from './catch-up-session.js';
import { yieldToEventLoop } from '../event-loop-slices.js';
import { collectionName, expectCheckpoint, putCheckpoint, type CheckpointWrite } from './projection-state.js';
import type { ProjectionContext, Projector } from './projector.js';

/**
 * What a projector's worker does with one batch of events: apply them to a transaction or a
 * catch-up session through the build's collections, and (the short path) commit them with the
 * checkpoint in one transaction. The worker keeps the state; these take it as arguments.
 */

/**
 * The next batch of the projector's types after `after`, at most `maxCount` events; `headSeen`,
 * the head read just before, is as far as it needs to go (see `ReadAllOptions.headSeen`).
 */
export async function readBatch(
  events: EventStore,
  after: Position | undefined,
  types: readonly string[],
  maxCount: number,
  headSeen?: Position,
): Promise<RecordedEvent[]> {
  const batch: RecordedEvent[] = [];
  for await (const event of events.readAll({ after, types, maxCount, ...(headSeen !== undefined && { headSeen }) })) {
    batch.push(event);
    const turn = yieldToEventLoop(); // a turn for the requests now and then (see event-loop-slices.ts)
    if (turn) await turn;
  }
  return batch;
}

/** Which build a batch is applied to, and what the projector is given besides its collections. */
export interface BatchTarget {
  projector: Projector;
  build: string;
  personalData?: PersonalDataAccess;
}

/**
 * Applies the batch (or, past `deadline`, the events before it: at least one); answers how
 * many, and the last position a process manager reported its commands wrote.
 */
export async function applyBatch(
  { projector, build, personalData }: BatchTarget,
  batch: readonly RecordedEvent[],
  target: ReadModelTransaction | ReadModelSession,
  deadline?: number,
): Promise<{ count: number; wrote: Position | undefined }> {
  let wrote: Position | undefined;
  const context: ProjectionContext = {
    collection: <T extends Doc>(name: string) => target.collection<T>(collectionName(projector.name, build, name)),
    wrote: (position) => void (wrote = later(wrote, position)),
    ...(personalData ? { personalData } : {}),
  };
  let count = 0;
  for (const event of batch) {
    if (count > 0 && deadline !== undefined && Date.now() >= deadline) break;
    await projector.apply(event, context);
    count++;
    const turn = yieldToEventLoop(); // a turn for the requests now and then (see event-loop-slices.ts)
    if (turn) await turn;
  }
  return { count, wrote };
}

/** Where the build stands before a batch committed in one transaction. */
export interface BatchStart {
  /** The checkpoint the store must still hold (null: none yet). */
  expected: Position | null;
  eventsApplied: number;
  written: Position | undefined;
  /** The build's checkpoint at a position. */
  checkpoint(position: Position, eventsApplied: number, written: Position | undefined): CheckpointWrite;
}

/**
 * The short path (live, or a store without sessions): one transaction for the batch and its
 * checkpoint. On a store with transaction limits, events stop being applied once the
 * transaction has taken `maxMs`, and the checkpoint names the last one applied. The callback
 * keeps nothing between its runs (`withTransaction` may run it again).
 */
export function commitBatch(
  readModels: ReadModelStore,
  target: BatchTarget,
  batch: readonly RecordedEvent[],
  next: Position,
  start: BatchStart,
): Promise<{ count: number; at: Position; written: Position | undefined }> {
  const maxMs = readModels.openSession ? undefined : readModels.transactionLimits?.maxMs;
  return readModels.transaction(async (tx) => {
    const started = Date.now();
    await expectCheckpoint(tx, target.projector.name, target.build, start.expected);
    const { count, wrote } = await applyBatch(target, batch, tx, maxMs === undefined ? undefined : started + maxMs);
    const at = count === batch.length ? next : batch[count - 1]!.position;
    const written = later(start.written, wrote);
    await putCheckpoint(tx, start.checkpoint(at, start.eventsApplied + count, written));
    return { count, at, written };
  });
}

/**
 * Waits for `ms` or the signal, and with `onAppend` for an append in this process: `settleMs`
 * after the first append it sees (at once when 0), so that the appends of a busy moment are
 * taken in one batch. `setWake` is given the function that ends the wait at once (and undefined
 * once it has ended).
 */
export function idle(
  signal: AbortSignal,
  ms: number,
  onAppend: ((listener: () => void) => () => void) | undefined,
  setWake: (wake: (() => void) | undefined) => void,
  settleMs = 0,
): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | undefined;
    const done = () => {
      clearTimeout(timer);
      unsubscribe?.();
      setWake(undefined);
      resolve();
    };
    let timer = setTimeout(done, ms);
    if (onAppend)
      unsubscribe = onAppend(() => {
        if (settleMs <= 0) return done();
        // The first append shortens the wait to `settleMs`; those after it join the same batch.
        unsubscribe?.();
        unsubscribe = undefined;
        clearTimeout(timer);
        timer = setTimeout(done, settleMs);
      });
    setWake(done);
  });
}
