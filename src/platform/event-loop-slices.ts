/**
 * Projections (and their read-model commits) share the event loop with the requests. A catch-up's work is synchronous
 * SQLite reads and writes chained by promises that resolve at once: left alone, a rebuild of
 * every projector runs for minutes in microtasks, and no request, timer or socket is served
 * meanwhile (a fresh service answered its first request only when its rebuild was nearly
 * over). The workers call {@link yieldToEventLoop} between events: once the slice of the
 * process's event loop they have taken since the last turn passes `SLICE_MS`, they wait for
 * one turn (`setImmediate`: after pending I/O callbacks), so a request waits at most about a
 * slice for the projections.
 *
 * The slice is the process's, not each worker's: every worker past the slice waits for the
 * same turn, and after it they share one new slice. (With a turn and a slice each, the builds
 * catching up together each ran a slice in the same check phase, one after the other: a
 * rebuild of every projector held requests for 30–50 ms at a time instead of 5.)
 */
const SLICE_MS = 5;

export class EventLoopSlices {
  private sliceStarted: number;
  private turn: Promise<void> | undefined;

  constructor(
    private readonly sliceMs: number,
    private readonly now: () => number,
    /** Runs its callback after the event loop's next turn. */
    private readonly defer: (callback: () => void) => void,
  ) {
    this.sliceStarted = now();
  }

  /** Resolves at once within the slice; past it, the turn every worker past it waits for. */
  yield(): Promise<void> | undefined {
    if (this.turn) return this.turn;
    if (this.now() - this.sliceStarted < this.sliceMs) return undefined;
    this.turn = new Promise((resolve) =>
      this.defer(() => {
        this.sliceStarted = this.now();
        this.turn = undefined;
        resolve();
      }),
    );
    return this.turn;
  }
}

const slices = new EventLoopSlices(
  SLICE_MS,
  () => performance.now(),
  (callback) => setImmediate(callback),
);

/** Resolves at once within the process's slice; past it, after one turn of the event loop. */
export function yieldToEventLoop(): Promise<void> | undefined {
  return slices.yield();
}
