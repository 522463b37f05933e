// peer.append: Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, installed
// only in bench/) on the append.single and append.concurrent workloads. It runs in its own
// process: under concurrency it can fail in ways that must not take the bench down.
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rowMain } from '../lib/child.mjs';
import { latencySummary, now, perSecond } from '../lib/measure.mjs';
import { applicationPool, newApplication } from '../lib/product.mjs';

const pool = applicationPool();
const errors = new Map();
let uncaught = 0;
const note = (error) => {
  const key = String(error?.code ?? error?.message ?? error).slice(0, 120);
  errors.set(key, (errors.get(key) ?? 0) + 1);
};
process.on('uncaughtException', (error) => {
  uncaught++;
  note(error);
});
process.on('unhandledRejection', (error) => {
  uncaught++;
  note(error);
});
// Emmett logs every failed transaction with console.log; count them instead.
let logged = 0;
console.log = () => void logged++;

const timeout = (ms) =>
  new Promise((_, reject) =>
    setTimeout(() => reject(Object.assign(new Error('no answer in 5 s'), { code: 'HUNG' })), ms).unref(),
  );

async function appendOne(store, i) {
  const { stream, event } = newApplication(pool, i);
  // Emmett stores its own envelope; give it the same data.
  await Promise.race([
    store.appendToStream(stream, [{ type: event.type, data: event.data }], { expectedStreamVersion: STREAM_DOES_NOT_EXIST }),
    timeout(5_000),
  ]);
}

async function sequential(store, ms) {
  const latencies = [];
  let ok = 0;
  let failed = 0;
  let i = 0;
  const started = now();
  while (now() - started < ms) {
    const t = now();
    try {
      await appendOne(store, i++);
      ok++;
      latencies.push(now() - t);
    } catch (error) {
      failed++;
      note(error);
    }
  }
  const elapsed = now() - started;
  return { rate: perSecond(ok, elapsed), count: ok, failed, ...latencySummary(latencies) };
}

async function concurrent(store, ms, writers) {
  let ok = 0;
  let failed = 0;
  let i = 0;
  const started = now();
  const writer = async () => {
    while (now() - started < ms) {
      try {
        await appendOne(store, i++);
        ok++;
      } catch (error) {
        failed++;
        note(error);
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const elapsed = now() - started;
  return { rate: perSecond(ok, elapsed), count: ok, failed };
}

await rowMain(async ({ dir, mode, ms = 5_000, writers = 64 }) => {
  mkdirSync(dir, { recursive: true });
  const store = getSQLiteEventStore({
    fileName: join(dir, `emmett-${mode}.sqlite`),
    schema: { autoMigration: 'CreateOrUpdate' },
  });
  // Create the schema outside the measurement.
  await appendOne(store, -1).catch(note);
  errors.clear();
  const result = mode === 'concurrent' ? await concurrent(store, ms, writers) : await sequential(store, ms);
  return { ...result, errors: Object.fromEntries(errors), uncaught, logged };
});
