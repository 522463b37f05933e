import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program: its own connection to the file, and a PASSIVE checkpoint every
 * `intervalMs` (one that never waits for readers or writers; SQLITE_BUSY while the writer's
 * own fallback checkpoint runs is simply tried again next time). Plain JavaScript, so that it
 * runs the same from the compiled service and under the tests.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
let timer;
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { if (error.code !== 'SQLITE_BUSY') throw error; }
  timer = setTimeout(tick, workerData.intervalMs);
};
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/** The writer checkpoints by itself only once the log holds this many pages: the background one is behind or gone. */
const FALLBACK_PAGES = 10_000;
/** SQLite's own default, restored if the background checkpointer fails. */
const SQLITE_DEFAULT_PAGES = 1_000;

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread, so that copying the log back into
 * the database and its fsyncs never stall the event loop. SQLite otherwise checkpoints inside
 * the COMMIT that fills the log past 1000 pages, on the writer's thread: one commit in a few
 * hundred then waits for megabytes of writes and two fsyncs (64 concurrent appenders went from
 * ~14k to ~16.7k appends/s without it). The log must still be checkpointed: left to grow, every
 * read searches a longer WAL index (20k single appends with no checkpoint at all: 2.9k/s
 * instead of 5k/s).
 *
 * Safe at any moment: a checkpoint only copies committed pages, and SQLite's locks keep it
 * from copying what a reader still needs. If the worker cannot start or fails, the writer
 * takes checkpointing back at SQLite's default.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopped = false;

  constructor(
    private readonly writer: Database.Database,
    file: string,
    intervalMs = 50,
  ) {
    writer.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(PROGRAM, { eval: true, workerData: { driver, file, intervalMs } });
    // Never what keeps a process alive: the store's close() stops it.
    this.worker.unref();
    const takeBack = () => {
      if (!this.stopped && this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    };
    this.worker.once('error', takeBack);
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        takeBack();
        resolve();
      }),
    );
  }

  /** Stops the worker and waits for it to close its connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Unreferenced, the worker would not keep the process alive while we wait for it.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
