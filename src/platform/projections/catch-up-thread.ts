import { Worker } from 'node:worker_threads';
import type { Position } from '../event-store/position.js';

/**
 * Long catch-ups of the embedded read models in a worker thread of their own: a fresh service
 * rebuilding every projector, or a rebuild, no longer shares the event loop with the requests.
 * The thread opens its own connections to the same SQLite files, runs the same projectors
 * (loaded from the compiled contexts module) with the same workers, sessions and shared read
 * pass, and commits each catch-up with its checkpoint as the event loop would; it tells what it
 * committed, and the build's worker in the service then goes on from the stored checkpoint for
 * the rest (the events appended meanwhile), switches and serves as before. Process managers
 * never go there: their commands belong to the service.
 *
 * A thread that cannot start, fails or exits hands every build back: they catch up on the event
 * loop from where their checkpoints stand, which is what they did before this existed. After
 * {@link MAX_CRASHES} such failures the service stops trying.
 */

/** What the thread is asked: catch this projector's build up to the head. */
export interface CatchUpRequest {
  projector: string;
  generation: number;
}

/** A commit the thread made: the build's checkpoint now stands here. */
export interface CommittedCatchUp {
  position: Position;
  eventsApplied: number;
  written: Position | undefined;
}

/** Where a projection worker hands a long catch-up over (see `ProjectionRunnerOptions.catchUpElsewhere`). */
export interface CatchUpDelegate {
  /** Whether a build standing at `from`, with the head at `head`, is worth handing over. */
  wants(from: Position | undefined, head: Position | undefined): boolean;
  /**
   * Catches the build up elsewhere; `onCommitted` for each commit. Resolves once it is caught
   * up, stopped (`signal`) or given back after a failure; never rejects: the build's stored
   * checkpoint says how far it got.
   */
  catchUp(request: CatchUpRequest, signal: AbortSignal, onCommitted: (committed: CommittedCatchUp) => void): Promise<void>;
}

/** What the thread's program is started with. */
export interface CatchUpThreadData {
  dataDir: string;
  /** The module (URL) exporting `contexts`, the service's bounded contexts, compiled. */
  contextsModule: string;
  blindIndexKey?: string;
  batchSize: number;
  catchUpBatchSize?: number;
  catchUpMemoryBytes?: number;
}

/** Messages to the thread. */
export type ToCatchUpThread =
  ({ type: 'catch-up'; id: number } & CatchUpRequest) | { type: 'stop'; id: number } | { type: 'close' };

/** Messages from the thread. */
export type FromCatchUpThread =
  | ({ type: 'committed'; id: number } & CommittedCatchUp)
  /** `caughtUp`: it reached the head; else it was stopped. */
  | { type: 'done'; id: number; caughtUp: boolean }
  | { type: 'failed'; id: number; error: string };

/** Builds at least this many events behind the head go to the thread; nearer ones stay (starting one costs ~1 s). */
export const CATCH_UP_THREAD_MIN_EVENTS = 20_000;
/** After this many threads that failed or exited unasked, catch-ups stay on the event loop. */
export const MAX_CRASHES = 3;

interface Pending {
  onCommitted: (committed: CommittedCatchUp) => void;
  finish: () => void;
}

export interface CatchUpThreadOptions {
  /** The thread's program: `catch-up-thread.program.js`, compiled. */
  entry: URL;
  data: CatchUpThreadData;
  minEvents?: number;
  onError?: (error: unknown) => void;
}

export class CatchUpThread implements CatchUpDelegate {
  private worker: Worker | undefined;
  private readonly exits = new Set<Promise<void>>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private crashes = 0;
  private closed = false;
  private readonly minEvents: number;
  /**
   * What has happened so far (for tests and the bench): builds handed over, their commits there,
   * and how each came back: caught up, stopped (the service stopping, a rebuild) or failed.
   */
  readonly stats = { handedOver: 0, commits: 0, completed: 0, stopped: 0, failed: 0, threadsStarted: 0 };

  constructor(private readonly options: CatchUpThreadOptions) {
    this.minEvents = options.minEvents ?? CATCH_UP_THREAD_MIN_EVENTS;
  }

  wants(from: Position | undefined, head: Position | undefined): boolean {
    if (this.closed || this.crashes >= MAX_CRASHES || head === undefined) return false;
    // The embedded store's positions count its events; no other store's come here.
    if (head.includes(':') || from?.includes(':')) return false;
    return Number(head) - Number(from ?? 0) >= this.minEvents;
  }

  catchUp(request: CatchUpRequest, signal: AbortSignal, onCommitted: (committed: CommittedCatchUp) => void): Promise<void> {
    if (signal.aborted || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = this.thread();
      } catch (error) {
        this.crashed(error);
        resolve();
        return;
      }
      const id = this.nextId++;
      const stop = () => worker.postMessage({ type: 'stop', id } satisfies ToCatchUpThread);
      signal.addEventListener('abort', stop, { once: true });
      this.pending.set(id, {
        onCommitted,
        finish: () => {
          signal.removeEventListener('abort', stop);
          this.pending.delete(id);
          if (this.pending.size === 0) this.release();
          resolve();
        },
      });
      this.stats.handedOver += 1;
      worker.postMessage({ type: 'catch-up', id, ...request } satisfies ToCatchUpThread);
    });
  }

  /** Hands every build back and waits for the thread to close its connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of [...this.pending.values()]) pending.finish();
    this.release();
    await Promise.all([...this.exits]);
  }

  /** The running thread, or a new one. */
  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.entry, { workerData: this.options.data });
    this.stats.threadsStarted += 1;
    this.worker = worker;
    worker.on('message', (message: FromCatchUpThread) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.type === 'committed') {
        const { position, eventsApplied, written } = message;
        this.stats.commits += 1;
        pending.onCommitted({ position, eventsApplied, written });
      } else if (message.type === 'done') {
        if (message.caughtUp) this.stats.completed += 1;
        else this.stats.stopped += 1;
        pending.finish();
      } else {
        this.stats.failed += 1;
        this.options.onError?.(new Error(message.error));
        pending.finish();
      }
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.crashed(error);
    });
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        this.exits.delete(exited);
        if (this.worker === worker) this.crashed(new Error(`the catch-up thread exited (code ${code})`));
        resolve();
      }),
    );
    this.exits.add(exited);
    return worker;
  }

  /** The thread failed: every build it held goes back to the event loop. */
  private crashed(error: unknown): void {
    this.crashes += 1;
    this.options.onError?.(error);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const pending of [...this.pending.values()]) {
      this.stats.failed += 1;
      pending.finish();
    }
  }

  /** Nothing left for the thread: it commits nothing more, closes its connections and exits. */
  private release(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.postMessage({ type: 'close' } satisfies ToCatchUpThread);
  }
}
