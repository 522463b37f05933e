import { EventEmitter } from 'node:events';
import type { EventStore, RecordedEvent } from '../event-store/event-store.js';
import { comparePositions, isAfter, positionParts, type Position } from '../event-store/position.js';
import type { Doc, ReadCollection, ReadModelStore } from '../read-models/read-model-store.js';
import {
  ACTIVE_BUILDS,
  CHECKPOINTS,
  buildName,
  checkpointId,
  collectionName,
  readActiveBuild,
  readCheckpoint,
  type ActiveBuildDoc,
  type CheckpointDoc,
} from './projection-state.js';
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
  /** How far behind the head, in position units (events on the embedded store). */
  lag: string;
  eventsApplied: number;
  error?: string;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** How often an idle projection looks for events appended by another process. */
  pollIntervalMs?: number;
  /** Subscribes to appends made in this process, to wake up at once. */
  onAppend?: (listener: (position: Position) => void) => () => void;
  onError?: (projector: string, error: unknown) => void;
  onProgress?: (status: ProjectionStatus) => void;
}

/** Another writer advanced this build's checkpoint: reload and go on from there. */
class CheckpointMovedError extends Error {}

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
      this.workers.set(projector.name, new ProjectionWorker(projector, events, readModels, options, this.progress));
    }
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

  /** Resolves when every projector has caught up with the head as it is now. */
  async catchUp(timeoutMs = 60_000): Promise<boolean> {
    const head = await this.events.headPosition();
    return head === undefined ? true : this.waitFor(head, this.names(), timeoutMs);
  }

  private worker(name: string): ProjectionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projector named ${name}`);
    return worker;
  }
}

class ProjectionWorker {
  private state: ProjectionState = 'stopped';
  private build = '';
  private generation = 0;
  private position: Position | undefined;
  private eventsApplied = 0;
  private error: string | undefined;
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private active: ActiveBuildDoc | null = null;
  private wake: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly projector: Projector,
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly options: ProjectionRunnerOptions,
    private readonly progress: EventEmitter,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  async start(): Promise<void> {
    await this.load();
    this.run();
  }

  async load(): Promise<void> {
    this.active = await readActiveBuild(this.readModels, this.projector.name);
    await this.useBuild(this.active?.version === this.projector.version ? this.active.generation : 0);
    this.state = 'stopped';
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    this.state = 'stopped';
  }

  async rebuild(): Promise<void> {
    await this.stop();
    const latest = await readActiveBuild(this.readModels, this.projector.name);
    const current = latest?.version === this.projector.version ? latest.generation : this.generation;
    const generation = current + 1;
    this.active = latest;
    await this.dropBuild(buildName(this.projector.version, generation));
    await this.useBuild(generation);
    this.run();
  }

  async servingBuild(): Promise<string> {
    return this.active?.build ?? this.build;
  }

  /** True when the build answering queries has processed `position`. */
  async hasServed(position: Position): Promise<boolean> {
    if (!this.active || this.active.build === this.build)
      return this.position !== undefined && comparePositions(this.position, position) >= 0;
    const checkpoint = await readCheckpoint(this.readModels, this.projector.name, this.active.build);
    return checkpoint?.position != null && comparePositions(checkpoint.position, position) >= 0;
  }

  async status(head: Position | null): Promise<ProjectionStatus> {
    const lag = head === null ? 0n : positionParts(head).commit - (this.position ? positionParts(this.position).commit : 0n);
    return {
      name: this.projector.name,
      version: this.projector.version,
      build: this.build,
      activeBuild: this.active?.build ?? null,
      state: this.state,
      position: this.position ?? null,
      head,
      lag: (lag < 0n ? 0n : lag).toString(),
      eventsApplied: this.eventsApplied,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private async useBuild(generation: number): Promise<void> {
    this.generation = generation;
    this.build = buildName(this.projector.version, generation);
    const checkpoint = await readCheckpoint(this.readModels, this.projector.name, this.build);
    this.position = checkpoint?.position ?? undefined;
    this.eventsApplied = checkpoint?.eventsApplied ?? 0;
    this.state = this.isServing() ? 'catching-up' : 'rebuilding';
  }

  private isServing(): boolean {
    return this.active === null || this.active.build === this.build;
  }

  private run(): void {
    this.state = this.isServing() ? 'catching-up' : 'rebuilding';
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = (async () => {
      let failures = 0;
      while (!signal.aborted) {
        try {
          const caughtUp = await this.step();
          failures = 0;
          if (caughtUp) {
            if (this.active?.build !== this.build) await this.switchToThisBuild();
            else await this.followSwitchElsewhere();
            this.state = 'live';
            await this.idle(signal, this.pollIntervalMs, true);
          }
        } catch (error) {
          if (error instanceof CheckpointMovedError) {
            await this.useBuild(this.generation);
            continue;
          }
          failures++;
          this.state = 'failed';
          this.error = error instanceof Error ? error.message : String(error);
          this.options.onError?.(this.projector.name, error);
          await this.idle(signal, Math.min(30_000, 250 * 2 ** Math.min(failures, 7)), false);
        }
      }
    })();
  }

  /** Applies one batch; true when the projector has seen everything up to the head. */
  private async step(): Promise<boolean> {
    const head = await this.events.headPosition();
    const batch: RecordedEvent[] = [];
    for await (const event of this.events.readAll({
      after: this.position,
      types: this.projector.eventTypes,
      maxCount: this.batchSize,
    }))
      batch.push(event);
    const caughtUp = batch.length < this.batchSize;
    let next = batch.length ? batch[batch.length - 1]!.position : this.position;
    // A short batch means every matching event up to the head we saw has been read.
    if (caughtUp && head && isAfter(head, next)) next = head;
    if (next === undefined || next === this.position) return caughtUp;
    const expected = this.position ?? null;
    await this.readModels.transaction(async (tx) => {
      const checkpoint = await readCheckpoint(tx, this.projector.name, this.build);
      if ((checkpoint?.position ?? null) !== expected) throw new CheckpointMovedError();
      const context = {
        collection: <T extends Doc>(name: string) => tx.collection<T>(collectionName(this.projector.name, this.build, name)),
      };
      for (const event of batch) await this.projector.apply(event, context);
      await tx.collection<CheckpointDoc>(CHECKPOINTS).replaceOne(
        { _id: checkpointId(this.projector.name, this.build) },
        {
          _id: checkpointId(this.projector.name, this.build),
          projector: this.projector.name,
          build: this.build,
          position: next!,
          eventsApplied: this.eventsApplied + batch.length,
        },
        { upsert: true },
      );
    });
    this.position = next;
    this.eventsApplied += batch.length;
    this.error = undefined;
    if (this.state === 'failed') this.state = this.isServing() ? 'catching-up' : 'rebuilding';
    this.progress.emit(this.projector.name);
    return caughtUp;
  }

  /** Blue/green: the caught-up build becomes the live one and the old build is dropped. */
  private async switchToThisBuild(): Promise<void> {
    const previous = this.active;
    const active: ActiveBuildDoc = {
      _id: this.projector.name,
      build: this.build,
      version: this.projector.version,
      generation: this.generation,
    };
    await this.readModels.transaction(async (tx) => {
      await tx.collection<ActiveBuildDoc>(ACTIVE_BUILDS).replaceOne({ _id: active._id }, active, { upsert: true });
    });
    this.active = active;
    this.progress.emit(this.projector.name);
    if (previous && previous.build !== this.build) await this.dropBuild(previous.build);
  }

  private async dropBuild(build: string): Promise<void> {
    const prefix = collectionName(this.projector.name, build, '');
    for (const name of await this.readModels.listCollections())
      if (name.startsWith(prefix)) await this.readModels.dropCollection(name);
    await this.readModels.transaction(async (tx) => {
      await tx.collection(CHECKPOINTS).deleteOne({ _id: checkpointId(this.projector.name, build) });
    });
  }

  /** Another process (`coop projections rebuild`) switched the live build: write that one. */
  private async followSwitchElsewhere(): Promise<void> {
    const latest = await readActiveBuild(this.readModels, this.projector.name);
    if (!latest || latest.build === this.build || latest.version !== this.projector.version) return;
    this.active = latest;
    await this.useBuild(latest.generation);
  }

  /** Waits for the delay or stop, and with `wakeOnAppend` for an append in this process. */
  private idle(signal: AbortSignal, ms: number, wakeOnAppend: boolean): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let unsubscribe: (() => void) | undefined;
      const done = () => {
        clearTimeout(timer);
        unsubscribe?.();
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (wakeOnAppend) unsubscribe = this.options.onAppend?.(done);
      this.wake = done;
    });
  }
}
