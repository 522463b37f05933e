import type { Position } from '../event-store/position.js';
import type { PersonalDataAccess } from '../personal-data/blind-search.js';
import type { LeaseDoc, LeaseOptions, LeaseView } from './projection-lease.js';
import type { CatchUpDelegate } from './catch-up-thread.js';

/**
 * What a projection runner is told (its options) and what it tells (each projector's status):
 * the types the runner and its workers share, so neither imports the other for them.
 */

/**
 * What a projector is doing. `running`: not here, but another process (a service on the same
 * store) holds its lease and projects it: what `inspect` says for a projector this process
 * does not run.
 */
export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped' | 'standby' | 'running';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** The build this process is writing. */
  build: string;
  /** The build that answers queries. */
  activeBuild: string | null;
  state: ProjectionState;
  position: Position | null;
  head: Position | null;
  /** How far behind the head, in events (counted up to 10,000). */
  lag: string;
  eventsApplied: number;
  /** Who runs it, when the runner takes leases: the others stand by. */
  lease?: LeaseView | null;
  error?: string;
}

export interface ProjectionRunnerOptions {
  /** Events per read-model transaction while keeping up with the head. */
  batchSize?: number;
  /**
   * Events per transaction until a build first reaches the head (a rebuild, a start far
   * behind), as long as batches come back full: fewer, larger commits. Once live, `batchSize`.
   * Default: ten times `batchSize`, at least 5000.
   */
  catchUpBatchSize?: number;
  /**
   * While catching up on a store with sessions (the embedded one), documents stay in memory
   * across batches and are committed with the checkpoint when the build reaches the head, or
   * once they take their share of this many bytes: one budget for the runner, shared by the
   * builds catching up at the same time (a fresh service rebuilding every projector holds
   * about as much as one rebuild). Default 64 MiB.
   */
  catchUpMemoryBytes?: number;
  /**
   * On a store with sessions, the builds catching up together read `$all` in one shared pass
   * (see `shared-read-pass.ts`) instead of one read each. Default true: over the bench's 1M
   * events, every projector rebuilt in 407 s and 466 MB peak against 441 s and 643 MB with one
   * read each (bench/README.md, "rebuild17"). The builds of a pass reach the head together, so
   * a quick one no longer serves before the slow ones are done: wait for `catchUp` before
   * reading a history the process has not caught up with yet.
   */
  sharedCatchUp?: boolean;
  /** How often an idle projection looks for events appended by another process. */
  pollIntervalMs?: number;
  /** Subscribes to appends made in this process, to wake up at once. */
  onAppend?: (listener: (position: Position) => void) => () => void;
  /**
   * How long a live projector waits after the first append it is told of before reading, so
   * that the appends of a busy moment come in one batch and one transaction rather than one
   * each. Default 0 (at once). Whoever waits for a build (`waitFor`, `catchUp`) wakes it at once.
   */
  appendSettleMs?: number;
  onError?: (projector: string, error: unknown) => void;
  onProgress?: (status: ProjectionStatus) => void;
  /**
   * Runs each projector only while this instance holds its lease (several instances on one
   * store): the others stand by, answer queries from what the holder committed, and take the
   * lease over when it lapses. Without it every projector runs here (one process, the CLI).
   */
  leases?: LeaseOptions;
  onLeaseChange?: (projector: string, held: boolean, lease: LeaseDoc | null) => void;
  /** Given to projectors that index sealed personal data (see `ProjectionContext.personalData`). */
  personalData?: PersonalDataAccess;
  /**
   * Where a build far behind the head catches up instead of this event loop (the catch-up
   * thread, see `catch-up-thread.ts`); once per build, then it goes on here from its checkpoint.
   */
  catchUpElsewhere?: CatchUpDelegate;
}

/** The batch sizes the options give: `live` (default 500) and `catchUp` (see `catchUpBatchSize`). */
export function batchSizes(options: ProjectionRunnerOptions): { live: number; catchUp: number } {
  const live = options.batchSize ?? 500;
  return { live, catchUp: Math.max(live, options.catchUpBatchSize ?? Math.max(5_000, 10 * live)) };
}
