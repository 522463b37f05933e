import { EventEmitter } from 'node:events';
import type { EventStore } from '../event-store/event-store.js';
import type { Position } from '../event-store/position.js';
import type { Doc, ReadCollection, ReadModelStore } from '../read-models/read-model-store.js';
import { collectionName } from './projection-state.js';
import { ProjectionWorker } from './projection-worker.js';
import type { ProjectionReader, Projector } from './projector.js';

export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

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
  /** How often an idle projection looks for events appended by another process. */
  pollIntervalMs?: number;
  /** Subscribes to appends made in this process, to wake up at once. */
  onAppend?: (listener: (position: Position) => void) => () => void;
  onError?: (projector: string, error: unknown) => void;
  onProgress?: (status: ProjectionStatus) => void;
}

/**
 * Runs projectors over `$all`. Each reads from its checkpoint in batches and commits the
 * batch's documents together with the new checkpoint in one read-model transaction, so a
 * crash at any point leaves either the whole batch or none of it: restarting yields what
 * a rebuild yields. The commit also checks that the checkpoint is still the one it read,
 * so two processes projecting the same build never apply an event twice.
 */
export class ProjectionRunner implements ProjectionReader {
  private readonly workers = new Map<string, ProjectionWorker>();
  private readonly progress = new EventEmitter();

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    projectors: readonly Projector[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.progress.setMaxListeners(0);
    for (const projector of projectors) {
      if (this.workers.has(projector.name)) throw new Error(`projector ${projector.name} is registered twice`);
      this.workers.set(
        projector.name,
        new ProjectionWorker(projector, events, readModels, options, this.progress, () => this.catchUpsInMemory()),
      );
    }
  }

  /** How many builds hold a catch-up in memory now: they share `catchUpMemoryBytes`. */
  private catchUpsInMemory(): number {
    let holding = 0;
    for (const worker of this.workers.values()) if (worker.holdsCatchUp) holding += 1;
    return holding;
  }

  /** Starts every projector; resolves once each has loaded its checkpoint. */
  async start(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.start()));
  }

  /** Where each projector stands, as stored, without starting any (for `coop projections status`). */
  async inspect(): Promise<ProjectionStatus[]> {
    await Promise.all([...this.workers.values()].map((worker) => worker.load()));
    return this.status();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  /** The identity of the event store the projections read: their checkpoints' positions belong to it. */
  eventStoreId(): Promise<string> {
    return this.events.storeId();
  }

  names(): string[] {
    return [...this.workers.keys()];
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = (await this.events.headPosition()) ?? null;
    return Promise.all([...this.workers.values()].map((worker) => worker.status(head)));
  }

  /** Rebuilds one projector into a new build and switches to it once caught up. */
  async rebuild(name: string): Promise<void> {
    await this.worker(name).rebuild();
  }

  async collection<T extends Doc = Doc>(projector: string, name: string): Promise<ReadCollection<T>> {
    const build = await this.worker(projector).servingBuild();
    return this.readModels.collection<T>(collectionName(projector, build, name));
  }

  /**
   * Read-your-writes: resolves true once every named projector's live build has processed
   * `position`, false if `timeoutMs` passes first.
   */
  /** Where a projector's live build stands: what it answers has taken every event up to here into account. */
  servedPosition(projector: string): Promise<Position | undefined> {
    return this.worker(projector).servedPosition();
  }

  async waitFor(position: Position, projectors: readonly string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (const name of projectors) {
      const worker = this.worker(name);
      while (!(await worker.hasServed(position))) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            this.progress.off(name, done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(left, 100));
          this.progress.on(name, done);
        });
      }
    }
    return true;
  }

  /** Resolves true when the named projectors (all by default) have caught up with the head as it is now. */
  async catchUp(timeoutMs = 60_000, projectors: readonly string[] = this.names()): Promise<boolean> {
    const head = await this.events.headPosition();
    return head === undefined ? true : this.waitFor(head, projectors, timeoutMs);
  }

  private worker(name: string): ProjectionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projector named ${name}`);
    return worker;
  }
}
