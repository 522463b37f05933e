import { EventEmitter } from 'node:events';
import type { EventStore } from '../event-store/event-store.js';
import { comparePositions, type Position } from '../event-store/position.js';
import type { Doc, ReadCollection, ReadModelStore } from '../read-models/read-model-store.js';
import { stateConflict } from '../errors/domain-errors.js';
import { Leases, type LeaseDoc } from './projection-lease.js';
import { collectionName } from './projection-state.js';
import { batchSizes, type ProjectionRunnerOptions, type ProjectionStatus } from './projection-status.js';
import { ProjectionWorker } from './projection-worker.js';
import { SharedReadPass } from './shared-read-pass.js';
import type { ProjectionReader, Projector } from './projector.js';
import { lazyCollection } from '../read-models/lazy-collection.js';

export type { ProjectionRunnerOptions, ProjectionState, ProjectionStatus } from './projection-status.js';

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
  private readonly leases: Leases | undefined;
  private readonly lastLeases = new Map<string, LeaseDoc>();
  private leaseTimer: NodeJS.Timeout | undefined;
  private leaseTick: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    projectors: readonly Projector[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.progress.setMaxListeners(0);
    if (options.leases) this.leases = new Leases(readModels, options.leases);
    // One read pass of `$all` for the builds catching up together, where catch-ups hold sessions
    // (bench/README.md, "rebuild17": 8 % faster and 28 % less peak memory than one read each).
    const pass =
      options.sharedCatchUp !== false && readModels.openSession
        ? new SharedReadPass(events, batchSizes(options).catchUp)
        : undefined;
    for (const projector of projectors) {
      if (this.workers.has(projector.name)) throw new Error(`projector ${projector.name} is registered twice`);
      this.workers.set(
        projector.name,
        new ProjectionWorker(projector, events, readModels, options, this.progress, () => this.catchUpsInMemory(), pass),
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
    this.stopping = false;
    if (!this.leases) {
      await Promise.all([...this.workers.values()].map((worker) => worker.start()));
      return;
    }
    await this.renewLeases();
    const every = Math.max(50, Math.floor(this.leases.ttlMs / 3));
    clearInterval(this.leaseTimer);
    this.leaseTimer = setInterval(() => {
      this.leaseTick ??= this.renewLeases().finally(() => (this.leaseTick = undefined));
    }, every);
    this.leaseTimer.unref();
  }

  /** This instance's lease holder id, when it takes leases. */
  get leaseHolder(): string | undefined {
    return this.leases?.holder;
  }

  /**
   * Takes or renews each projector's lease: starts those it now holds, stands by for those
   * another instance holds. A lease not renewed within its term (the store unreachable) is
   * given up here too, since another instance may have taken it.
   */
  private async renewLeases(): Promise<void> {
    const leases = this.leases!;
    await Promise.all(
      [...this.workers].map(async ([name, worker]) => {
        let lease: LeaseDoc | null;
        try {
          lease = await leases.acquire(name);
        } catch (error) {
          this.options.onError?.(name, error);
          const last = this.lastLeases.get(name);
          if (!worker.running || (last && last.expiresAt > Date.now())) return;
          lease = null;
        }
        if (this.stopping) return;
        const held = lease?.holder === leases.holder;
        const was = this.lastLeases.get(name);
        if (lease) this.lastLeases.set(name, lease);
        else this.lastLeases.delete(name);
        try {
          if (held && !worker.running) await worker.start();
          else if (!held && (worker.running || was === undefined)) await worker.standBy();
        } catch (error) {
          // The store is unreachable (a start while it is down): the next round tries again.
          this.lastLeases.delete(name);
          this.options.onError?.(name, error);
          return;
        }
        if ((was?.holder === leases.holder) !== held || was === undefined) this.options.onLeaseChange?.(name, held, lease);
      }),
    );
  }

  /** Where each projector stands, as stored, without starting any (for `coop projections status`). */
  async inspect(): Promise<ProjectionStatus[]> {
    await Promise.all([...this.workers.values()].map((worker) => worker.load()));
    const statuses = await this.status();
    // Who runs each one, as the store says (the CLI takes no lease itself): one this process
    // does not run is `running` while another process holds a live lease on it, else `stopped`.
    const leases = new Leases(this.readModels, this.leases ? { holder: this.leases.holder } : {});
    return Promise.all(
      statuses.map(async (status) => {
        const lease = await leases.read(status.name).catch(() => null);
        const elsewhere = lease !== null && !leases.view(lease)!.mine && leases.isLive(lease);
        return {
          ...status,
          state: status.state === 'stopped' && elsewhere ? 'running' : status.state,
          lease: leases.view(lease),
        };
      }),
    );
  }

  /** Stops every projector (their last batch committed) and gives up the leases held. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.leaseTimer);
    await this.leaseTick;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    if (this.leases)
      await Promise.all(
        [...this.lastLeases]
          .filter(([, lease]) => lease.holder === this.leases!.holder)
          .map(([name]) => this.leases!.release(name).catch(() => undefined)),
      );
    this.lastLeases.clear();
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
    return Promise.all(
      [...this.workers].map(async ([name, worker]) => {
        const status = await worker.status(head);
        return this.leases ? { ...status, lease: this.leases.view(this.lastLeases.get(name) ?? null) } : status;
      }),
    );
  }

  /** Rebuilds one projector into a new build and switches to it once caught up. */
  async rebuild(name: string): Promise<void> {
    const lease = this.lastLeases.get(name);
    if (this.leases && lease && lease.holder !== this.leases.holder)
      throw stateConflict('LEASE_HELD_ELSEWHERE', `projection ${name} runs on instance ${lease.holder}: rebuild it there`, {
        holder: lease.holder,
      });
    await this.worker(name).rebuild();
  }

  async collection<T extends Doc = Doc>(projector: string, name: string): Promise<ReadCollection<T>> {
    const build = await this.worker(projector).servingBuild();
    return this.readModels.collection<T>(collectionName(projector, build, name));
  }

  /**
   * A projector's collection as a typed reader: each read goes to the build live at that
   * moment, so `await projections.reader<Doc>(projector, 'x').find(…)` reads in one step.
   */
  reader<T extends Doc = Doc>(projector: string, name: string): ReadCollection<T> {
    return lazyCollection(() => this.collection<T>(projector, name));
  }

  /** Where a projector's live build stands: what it answers has taken every event up to here into account. */
  servedPosition(projector: string): Promise<Position | undefined> {
    return this.worker(projector).servedPosition();
  }

  /**
   * Read-your-writes: resolves true once every named projector's live build has processed
   * `position` and what the process managers feeding it wrote for the events up to
   * `position`; false if `timeoutMs` passes first. A process manager feeds a projector when
   * it `emits` a type the projector reads: the wait first lets it pass `position` (and, in
   * turn, what feeds it), then takes the last position its commands wrote as the projector's
   * target. So a query after a command sees what a process manager did because of it.
   */
  async waitFor(position: Position, projectors: readonly string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const reached = new Map<string, Position>();
    const reach = async (name: string, visiting: ReadonlySet<string>): Promise<boolean> => {
      let target = position;
      for (const feeder of this.feedersOf(name)) {
        if (visiting.has(feeder)) continue;
        if (!(await reach(feeder, new Set([...visiting, feeder])))) return false;
        const wrote = await this.worker(feeder).writtenUpTo();
        if (wrote !== undefined && comparePositions(wrote, target) > 0) target = wrote;
      }
      const known = reached.get(name);
      if (known !== undefined && comparePositions(known, target) >= 0) return true;
      if (!(await this.waitUntilServed(name, target, deadline))) return false;
      reached.set(name, target);
      return true;
    };
    for (const name of projectors) if (!(await reach(name, new Set([name])))) return false;
    return true;
  }

  /** The process managers whose commands append events `projector` reads (all that do not say what they emit). */
  private feedersOf(projector: string): string[] {
    const reads = new Set(this.worker(projector).projector.eventTypes);
    const feeders: string[] = [];
    for (const [name, worker] of this.workers) {
      const candidate = worker.projector;
      if (name === projector || !candidate.issuesCommands) continue;
      if (!candidate.emits || candidate.emits.some((type) => reads.has(type))) feeders.push(name);
    }
    return feeders;
  }

  private async waitUntilServed(name: string, position: Position, deadline: number): Promise<boolean> {
    const worker = this.worker(name);
    while (!(await worker.hasServed(position))) {
      worker.hurry();
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
