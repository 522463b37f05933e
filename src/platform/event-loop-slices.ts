/**
 * Projections (and their read-model commits) share the event loop with the requests. A catch-up's work is synchronous
 * SQLite reads and writes chained by promises that resolve at once: left alone, a rebuild of
 * every projector runs for minutes in microtasks, and no request, timer or socket is served
 * meanwhile (a fresh service answered its first request only when its rebuild was nearly
 * over). The workers call {@link yieldToEventLoop} between events: once the slice of the
 * process's event loop they have taken since the last turn passes `SLICE_MS`, it waits for
 * one turn (`setImmediate`: after pending I/O callbacks), so a request waits at most about a
 * slice for the projections.
 */
const SLICE_MS = 5;

let sliceStarted = performance.now();

/** Resolves at once within the slice; past it, after one turn of the event loop. */
export function yieldToEventLoop(): Promise<void> | undefined {
  if (performance.now() - sliceStarted < SLICE_MS) return undefined;
  return new Promise((resolve) =>
    setImmediate(() => {
      sliceStarted = performance.now();
      resolve();
    }),
  );
}
