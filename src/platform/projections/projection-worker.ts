import type { EventEmitter } from 'node:events';
import type { EventStore, RecordedEvent } from '../event-store/event-store.js';
import { isAfter, type Position } from '../event-store/position.js';
import type { ReadModelStore } from '../read-models/read-model-store.js';
import { batchSizes, type ProjectionRunnerOptions, type ProjectionState, type ProjectionStatus } from './projection-status.js';
import { createBuildIndexes, dropBuild, switchBuild } from './projection-builds.js';
import { hasServed, servedPosition, statusOf, writtenUpTo, type ServedView } from './projection-served.js';
import { applyToCatchUp, CATCH_UP_MEMORY_BYTES, openCatchUp, type CatchUp } from './catch-up-session.js';
import { applyBatch, commitBatch, idle, readBatch, type BatchTarget } from './projection-batch.js';
import {
  buildName,
  CheckpointMovedError,
  fromAnotherStore,
  readActiveBuild,
  readCheckpoint,
  writeCheckpoint,
  type ActiveBuildDoc,
  type CheckpointWrite,
} from './projection-state.js';
import type { Projector } from './projector.js';
import type { SharedReadPass } from './shared-read-pass.js';
import type { CommittedCatchUp } from './catch-up-thread.js';

/** How often, at most, a projector with nothing to apply writes its checkpoint forward. */
const STORE_IDLE_POSITION_MS = 2_000;
/**
 * One projector's loop: its build, checkpoint, batches and blue/green switch, and what it has
 * served. It stays one class because the loop, the catch-up and the queries share its state;
 * what they do in the store is beside it: checkpoints in `projection-state.ts`, the build
 * lifecycle in `projection-builds.ts`, the in-memory catch-up in `catch-up-session.ts`, a
 * batch's application and one-transaction commit (and the idle wait) in `projection-batch.ts`,
 * the queries answered from what a build has served in `projection-served.ts`.
 */
export class ProjectionWorker {
  private state: ProjectionState = 'stopped';
  private build = '';
  private generation = 0;
  /** Everything up to here is applied (or concerned no event type of the projector). */
  private position: Position | undefined;
  /** The position the stored checkpoint holds: `position` may run ahead of it over irrelevant events. */
  private stored: Position | undefined;
  private storedAt = 0;
  private eventsApplied = 0;
  /** A process manager's: the last position its commands wrote for events up to `position`. */
  private written: Position | undefined;
  private error: string | undefined;
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private active: ActiveBuildDoc | null = null;
  private wake: (() => void) | undefined;
  /** Someone waits for this build (see `hurry`) while it is not idle: its next wait ends at once. */
  private hurried = false;
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  /** The last batch came back full: more is waiting, read it in larger batches. */
  private behind = true;
  /** This build has been caught up with the head once. */
  private reachedHead = false;
  private readonly pollIntervalMs: number;
  private readonly catchUpMemoryBytes: number;
  /** Applied in memory ahead of `position`, while far behind the head (see `catchUpMemoryBytes`). */
  private catchUp: CatchUp | undefined;
  private committingCatchUp = false;
  /**
   * When this build last looked whether another process switched the live build: once a poll
   * interval, as for the appends of other processes, not on every wake.
   */
  private switchLookedAt = 0;
  /** Another instance holds this projector's lease: this one only reads what that one committed. */
  private standingBy = false;
  /** The event store this build's positions belong to (see `fromAnotherStore`). */
  private storeId: string | undefined;
  /** Told of each commit, while this worker catches a build up for another (see `catchUpBuild`). */
  private onCommitted: ((committed: CommittedCatchUp) => void) | undefined;

  constructor(
    readonly projector: Projector,
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly options: ProjectionRunnerOptions,
    private readonly progress: EventEmitter,
    /** How many of the runner's builds hold a catch-up in memory (this one included, when it does). */
    private readonly catchUpsInMemory: () => number = () => 1,
    /** The runner's one read pass for the builds catching up together (none: each reads its own). */
    private readonly pass?: SharedReadPass,
  ) {
    ({ live: this.batchSize, catchUp: this.catchUpBatchSize } = batchSizes(options));
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.catchUpMemoryBytes = options.catchUpMemoryBytes ?? CATCH_UP_MEMORY_BYTES;
  }

  async start(): Promise<void> {
    await this.load();
    this.standingBy = false;
    this.run();
  }

  /** Whether this instance is applying events (it holds the lease, or runs without leases). */
  get running(): boolean {
    return this.loop !== undefined && !this.abort.signal.aborted;
  }

  /**
   * Stops applying (another instance holds the lease) and answers from the store: the build
   * that instance switched to, up to the checkpoint it committed.
   */
  async standBy(): Promise<void> {
    if (this.running) await this.stop();
    else await this.load();
    this.standingBy = true;
    this.state = 'standby';
  }

  async load(): Promise<void> {
    this.storeId = await this.events.storeId();
    this.active = await readActiveBuild(this.readModels, this.projector.name);
    let generation = this.active?.version === this.projector.version ? this.active.generation : 0;
    // Positions of another store (a history copied here) are refused, and the read model rebuilt
    // into a new build, while the old one answers queries (but no read-your-writes) until then.
    // Nothing is dropped here: `load` also serves `coop projections status`.
    while (
      fromAnotherStore(
        await readCheckpoint(this.readModels, this.projector.name, buildName(this.projector.version, generation)),
        this.storeId,
      )
    )
      generation += 1;
    await this.useBuild(generation);
    this.state = 'stopped';
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    this.pass?.leave(this);
    await this.loop;
    // What a catch-up applied in memory is kept if it can be; else a later start applies it again.
    await this.commitCatchUp().catch(() => undefined);
    await this.storePosition().catch(() => undefined); // a later start reads past it again: harmless
    this.state = 'stopped';
  }

  async rebuild(): Promise<void> {
    await this.stop();
    const latest = await readActiveBuild(this.readModels, this.projector.name);
    const current = latest?.version === this.projector.version ? latest.generation : this.generation;
    const generation = current + 1;
    this.active = latest;
    await dropBuild(this.readModels, this.projector.name, buildName(this.projector.version, generation));
    await this.useBuild(generation);
    this.run();
  }

  async servingBuild(): Promise<string> {
    if (this.standingBy) this.active = await readActiveBuild(this.readModels, this.projector.name);
    return this.active?.build ?? this.build;
  }

  /** The position the build answering queries has processed (undefined before its first event). */
  async servedPosition(): Promise<Position | undefined> {
    if (this.standingBy) await this.servingBuild();
    return servedPosition(this.readModels, this.served());
  }

  /**
   * What the commands of this process manager wrote for the events its serving build has
   * processed, up to where (undefined when they wrote nothing).
   */
  writtenUpTo(): Promise<Position | undefined> {
    return writtenUpTo(this.readModels, this.served());
  }

  async hasServed(position: Position): Promise<boolean> {
    if (this.standingBy) await this.servingBuild();
    return hasServed(this.events, this.readModels, this.served(), position);
  }

  /** What the served queries read of this worker (see `projection-served.ts`). */
  private served(): ServedView {
    const { projector, build, position, written, storeId, standingBy } = this;
    return { projector, build, serving: this.active?.build ?? build, position, written, storeId, standingBy };
  }

  async status(head: Position | null): Promise<ProjectionStatus> {
    if (this.standingBy) {
      const build = await this.servingBuild();
      const checkpoint = await readCheckpoint(this.readModels, this.projector.name, build);
      // What the holder committed: nothing of it is this instance's to store.
      this.position = checkpoint?.position ?? undefined;
      this.stored = this.position;
      this.eventsApplied = checkpoint?.eventsApplied ?? 0;
      this.build = build;
    }
    const { active, state, eventsApplied, error } = this;
    return statusOf(this.events, { ...this.served(), active, state, eventsApplied, error }, head);
  }

  private async useBuild(generation: number): Promise<void> {
    if (generation !== this.generation) {
      // A new build starts from nothing: large batches from the first one.
      this.reachedHead = false;
      this.behind = true;
    }
    this.catchUp = undefined;
    this.generation = generation;
    this.build = buildName(this.projector.version, generation);
    await createBuildIndexes(this.readModels, this.projector, this.build);
    if (this.active && this.active.build !== this.build)
      await createBuildIndexes(this.readModels, this.projector, this.active.build);
    const checkpoint = await readCheckpoint(this.readModels, this.projector.name, this.build);
    this.position = checkpoint?.position ?? undefined;
    this.stored = this.position;
    this.eventsApplied = checkpoint?.eventsApplied ?? 0;
    this.written = checkpoint?.written ?? undefined;
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
      let handedOver = false;
      while (!signal.aborted) {
        try {
          if (!handedOver) {
            handedOver = true; // once per build: what is left afterwards is caught up here
            await this.handOverCatchUp(signal);
            if (signal.aborted) break;
          }
          const caughtUp = await this.step();
          failures = 0;
          if (caughtUp) {
            this.pass?.leave(this);
            if (this.active?.build !== this.build) await this.switchToThisBuild();
            else if (Date.now() - this.switchLookedAt >= this.pollIntervalMs) await this.followSwitchElsewhere();
            this.state = 'live';
            await this.idle(signal, this.pollIntervalMs, true);
          }
        } catch (error) {
          if (error instanceof CheckpointMovedError) {
            await this.useBuild(this.generation);
            continue;
          }
          this.pass?.leave(this); // a failing build does not hold up the others' pass
          failures++;
          this.state = 'failed';
          this.error = error instanceof Error ? error.message : String(error);
          this.options.onError?.(this.projector.name, error);
          await this.idle(signal, Math.min(30_000, 250 * 2 ** Math.min(failures, 7)), false);
        }
      }
      this.pass?.leave(this);
    })();
  }

  /**
   * A build far behind the head catches up elsewhere (the catch-up thread), when the runner has
   * such a place: this worker waits, and is told of each commit there (queries waiting for a
   * position see it). Whatever happened there, the build then goes on here from its stored
   * checkpoint. Not for a process manager, nor for a build that has been live.
   */
  private async handOverCatchUp(signal: AbortSignal): Promise<void> {
    const elsewhere = this.options.catchUpElsewhere;
    if (!elsewhere || this.projector.issuesCommands || this.reachedHead || this.standingBy) return;
    if (!elsewhere.wants(this.position, await this.events.headPosition())) return;
    try {
      await elsewhere.catchUp({ projector: this.projector.name, generation: this.generation }, signal, (committed) =>
        this.advanced(committed.position, committed.eventsApplied, committed.written),
      );
    } finally {
      await this.useBuild(this.generation);
    }
  }

  /**
   * This worker as the catch-up thread's: catches build `generation` up to the head as the
   * service would (sessions, the shared pass, commits with the checkpoint), telling
   * `onCommitted` of each commit, and returns true; it neither switches builds nor goes live. On
   * `signal`, commits what it holds and returns false. Throws what the projector or the store
   * threw, after committing the batches before it.
   */
  async catchUpBuild(
    generation: number,
    signal: AbortSignal,
    onCommitted: (committed: CommittedCatchUp) => void,
  ): Promise<boolean> {
    this.storeId = await this.events.storeId();
    this.active = await readActiveBuild(this.readModels, this.projector.name);
    await this.useBuild(generation);
    this.onCommitted = onCommitted;
    const leave = () => this.pass?.leave(this);
    signal.addEventListener('abort', leave, { once: true });
    let caughtUp = false;
    try {
      while (!signal.aborted && !caughtUp) caughtUp = await this.step();
    } finally {
      signal.removeEventListener('abort', leave);
      this.pass?.leave(this);
      try {
        await this.commitCatchUp();
      } finally {
        this.onCommitted = undefined;
      }
    }
    return caughtUp;
  }

  /** Writes the checkpoint up to `position` where it ran ahead over events of no concern. */
  private async storePosition(): Promise<void> {
    if (this.position === undefined || this.position === this.stored) return;
    const [expected, position] = [this.stored ?? null, this.position];
    await this.readModels.transaction((tx) =>
      writeCheckpoint(tx, expected, this.checkpoint(position, this.eventsApplied, this.written)),
    );
    this.stored = position;
    this.storedAt = Date.now();
  }

  /**
   * A query or command waits for what this build has served: it reads now rather than after the
   * settling time of appends (`appendSettleMs`), or, when busy, as soon as its batch is done.
   */
  hurry(): void {
    if (this.wake) this.wake();
    else this.hurried = true;
  }

  /** Applies one batch; true when the projector has seen everything up to the head. */
  private async step(): Promise<boolean> {
    this.hurried = false; // what is appended from here on is read by this step or the next
    const head = await this.events.headPosition();
    const from = this.catchUp?.position ?? this.position;
    // Large batches only until this build first reaches the head: once live, short transactions,
    // which do not hold up the requests sharing this event loop for long.
    const catchingUp = this.behind && !this.reachedHead;
    const wanted = catchingUp ? this.catchUpBatchSize : this.batchSize;
    // A store with transaction limits (MongoDB) takes a catch-up in transactions of its size.
    const limits = this.readModels.openSession ? undefined : this.readModels.transactionLimits;
    const size = limits ? Math.min(wanted, limits.maxEvents) : wanted;
    const { batch, caughtUp, upTo } = await this.readNext(from, catchingUp, size, head);
    this.behind = !caughtUp;
    if (caughtUp) this.reachedHead = true;
    let next = upTo;
    // A short batch means every matching event up to the head we saw has been read.
    if (caughtUp && head && isAfter(head, next)) next = head;
    if (next !== undefined && next !== from) {
      // More is waiting: apply it in memory, commit by the budget (not for a short, live batch).
      if (!this.catchUp && catchingUp && !caughtUp)
        this.catchUp = openCatchUp(this.projector, this.readModels, {
          position: this.position,
          eventsApplied: this.eventsApplied,
          written: this.written,
        });
      if (this.catchUp) await this.applyInMemory(this.catchUp, batch, next);
      else if (!(await this.applyAndCommit(batch, next))) {
        this.behind = true; // the transaction's time ran out first: the rest in the next one
        return false;
      }
    }
    // A catch-up commits by its memory budget, and before the build goes live (or is switched to).
    if (this.catchUp && (caughtUp || this.catchUp.session.bytes >= this.catchUpShare())) await this.commitCatchUp(!caughtUp);
    return caughtUp;
  }

  /**
   * The next batch of the projector's types after `from`: while catching up, from the runner's
   * shared pass (all of this build's events up to where the pass read); else read alone
   * (`size` events). `caughtUp`: every event of its types up to the head is in it.
   */
  private async readNext(
    from: Position | undefined,
    catchingUp: boolean,
    size: number,
    head: Position | undefined,
  ): Promise<{ batch: RecordedEvent[]; caughtUp: boolean; upTo: Position | undefined }> {
    if (catchingUp && this.pass) {
      const shared = await this.pass.next(this, from, this.projector.eventTypes);
      return { batch: shared.events, caughtUp: shared.complete, upTo: shared.upTo ?? from };
    }
    const batch = await readBatch(this.events, from, this.projector.eventTypes, size, head);
    return { batch, caughtUp: batch.length < size, upTo: batch.length ? batch[batch.length - 1]!.position : from };
  }

  /** Whether documents of this build wait in memory, or are being committed. */
  get holdsCatchUp(): boolean {
    return this.catchUp !== undefined || this.committingCatchUp;
  }

  /** This build's part of the runner's catch-up memory: an equal share among those holding one. */
  private catchUpShare(): number {
    return this.catchUpMemoryBytes / Math.max(1, this.catchUpsInMemory());
  }

  /** One batch into the catch-up's session: all of it, or (when `apply` throws) none of it. */
  private async applyInMemory(catchUp: CatchUp, batch: RecordedEvent[], next: Position): Promise<void> {
    try {
      await applyToCatchUp(catchUp, batch.length, next, () => applyBatch(this.target(), batch, catchUp.session));
    } catch (error) {
      // Keep the batches before this one: the build then stands (durably) where it failed.
      await this.commitCatchUp().catch(() => undefined);
      throw error;
    }
    this.error = undefined;
    if (this.state === 'failed') this.state = this.isServing() ? 'catching-up' : 'rebuilding';
  }

  /**
   * Writes the catch-up's documents and its checkpoint in one transaction: the checkpoint never
   * claims a position whose documents are not written with it, and a crash before this leaves
   * the build at its previous checkpoint. On any failure the session is dropped; with `goOn`
   * the catch-up continues in the same session (what it learnt of the store stays valid).
   */
  private async commitCatchUp(goOn = false): Promise<void> {
    const catchUp = this.catchUp;
    if (!catchUp) return;
    this.catchUp = undefined;
    const position = catchUp.position;
    if (position === undefined || position === this.position) return;
    const expected = this.stored ?? null;
    this.committingCatchUp = true;
    try {
      await catchUp.session.commit((tx) =>
        writeCheckpoint(tx, expected, this.checkpoint(position, catchUp.eventsApplied, catchUp.written)),
      );
    } finally {
      this.committingCatchUp = false;
    }
    this.advanced(position, catchUp.eventsApplied, catchUp.written);
    if (goOn) this.catchUp = catchUp;
  }

  /** The short path: the batch and its checkpoint in one transaction (see `commitBatch`); false when cut short. */
  private async applyAndCommit(batch: RecordedEvent[], next: Position): Promise<boolean> {
    if (batch.length === 0 && Date.now() - this.storedAt < STORE_IDLE_POSITION_MS) {
      // Nothing of ours came: no transaction per projector per append. The stored checkpoint
      // catches up at most every few seconds, and on stop; a restart reads the gap again.
      this.position = next;
      this.progress.emit(this.projector.name);
      return true;
    }
    const applied = await commitBatch(this.readModels, this.target(), batch, next, {
      expected: this.stored ?? null,
      eventsApplied: this.eventsApplied,
      written: this.written,
      checkpoint: (position, eventsApplied, written) => this.checkpoint(position, eventsApplied, written),
    });
    this.advanced(applied.at, this.eventsApplied + applied.count, applied.written);
    return applied.count === batch.length;
  }

  private target(): BatchTarget {
    return {
      projector: this.projector,
      build: this.build,
      ...(this.options.personalData ? { personalData: this.options.personalData } : {}),
    };
  }

  /** This build's checkpoint at `position`. */
  private checkpoint(position: Position, eventsApplied: number, written: Position | undefined): CheckpointWrite {
    return { projector: this.projector.name, build: this.build, store: this.storeId, position, eventsApplied, written };
  }

  /** The build's documents and checkpoint are committed up to `position`. */
  private advanced(position: Position, eventsApplied: number, written: Position | undefined): void {
    this.position = position;
    this.written = written;
    this.stored = position;
    this.storedAt = Date.now();
    this.eventsApplied = eventsApplied;
    this.error = undefined;
    if (this.state === 'failed') this.state = this.isServing() ? 'catching-up' : 'rebuilding';
    this.onCommitted?.({ position, eventsApplied, written });
    this.progress.emit(this.projector.name);
  }

  /** Blue/green: the caught-up build becomes the live one and the old build is dropped. */
  private async switchToThisBuild(): Promise<void> {
    const { projector, build, generation } = this;
    const active = { _id: projector.name, build, version: projector.version, generation };
    await switchBuild(this.readModels, active, this.active, () => {
      this.active = active;
      this.progress.emit(projector.name);
    });
  }

  /** Another process (`coop projections rebuild`) switched the live build: write that one. */
  private async followSwitchElsewhere(): Promise<void> {
    this.switchLookedAt = Date.now();
    const latest = await readActiveBuild(this.readModels, this.projector.name);
    if (!latest || latest.build === this.build || latest.version !== this.projector.version) return;
    this.active = latest;
    await this.useBuild(latest.generation);
  }

  /** Waits for the delay or stop, and with `wakeOnAppend` for an append in this process. */
  private idle(signal: AbortSignal, ms: number, wakeOnAppend: boolean): Promise<void> {
    if (wakeOnAppend && this.hurried) return Promise.resolve();
    const onAppend = wakeOnAppend ? this.options.onAppend : undefined;
    return idle(signal, ms, onAppend, (wake) => (this.wake = wake), this.options.appendSettleMs);
  }
}
