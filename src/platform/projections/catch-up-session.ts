import { comparePositions, type Position } from '../event-store/position.js';
import type { ReadModelSession, ReadModelStore } from '../read-models/read-model-store.js';
import type { Projector } from './projector.js';

/**
 * A build's catch-up in memory: batches applied in a {@link ReadModelSession} and committed
 * with the checkpoint by a memory budget or when the build reaches the head.
 */

/** Default memory for catch-ups' documents between two commits (shared by a runner's catch-ups). */
export const CATCH_UP_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * Batches applied in a {@link ReadModelSession} and not committed yet: the session holds their
 * documents, `position` and `eventsApplied` where they leave the build. Nothing of it is
 * durable or visible to queries before the worker commits it.
 */
export interface CatchUp {
  session: ReadModelSession;
  position: Position | undefined;
  eventsApplied: number;
  written: Position | undefined;
}

/**
 * A session for catching up from where the build stands, when the store offers one: documents
 * stay in memory across batches and are written once each, in key order, with the checkpoint.
 * Not for a process manager, whose commands must not run ahead of its durable checkpoint.
 */
export function openCatchUp(
  projector: Projector,
  readModels: ReadModelStore,
  from: Omit<CatchUp, 'session'>,
): CatchUp | undefined {
  if (projector.issuesCommands || !readModels.openSession) return undefined;
  return { session: readModels.openSession(), ...from };
}

/**
 * One batch into the catch-up's session: all of it, or (when `apply` throws) none of it, the
 * session rolled back to before it. On success the catch-up stands at `next`.
 */
export async function applyToCatchUp(
  catchUp: CatchUp,
  count: number,
  next: Position,
  apply: () => Promise<{ wrote: Position | undefined }>,
): Promise<void> {
  catchUp.session.savepoint();
  let wrote: Position | undefined;
  try {
    ({ wrote } = await apply());
  } catch (error) {
    catchUp.session.rollbackToSavepoint();
    throw error;
  }
  catchUp.position = next;
  catchUp.eventsApplied += count;
  catchUp.written = later(catchUp.written, wrote);
}

/** The later of two positions (either may be absent). */
export function later(a: Position | undefined, b: Position | undefined): Position | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return comparePositions(a, b) >= 0 ? a : b;
}
