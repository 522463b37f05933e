// append.single and append.concurrent: the product (ChainedEventStore over the embedded
// adapter, or EventStoreDB) against raw better-sqlite3, on fresh stores in `dir`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rowMain } from '../lib/child.mjs';
import { latencySummary, now, perSecond } from '../lib/measure.mjs';
import { applicationPool, newApplication, openEventStore, rawRow } from '../lib/product.mjs';
import { openRaw, rawInserter } from '../lib/raw-sqlite.mjs';

const pool = applicationPool();

/** Appends one by one, each awaited, for `ms`. */
async function productSingle({ storage, dir, url, ms, warmup = 50 }) {
  mkdirSync(dir, { recursive: true });
  const events = openEventStore({ storage, dir, url });
  let i = 0;
  for (; i < warmup; i++) {
    const { stream, event } = newApplication(pool, i);
    await events.append(stream, [event], 'no_stream');
  }
  const latencies = [];
  const started = now();
  let count = 0;
  while (now() - started < ms) {
    const { stream, event } = newApplication(pool, i++);
    const t = now();
    await events.append(stream, [event], 'no_stream');
    latencies.push(now() - t);
    count++;
  }
  const elapsed = now() - started;
  await events.close();
  return { rate: perSecond(count, elapsed), count, ...latencySummary(latencies) };
}

function rawSingle({ dir, ms, warmup = 50 }) {
  mkdirSync(dir, { recursive: true });
  const db = openRaw(join(dir, 'raw-single.sqlite'));
  const { single } = rawInserter(db);
  let i = 0;
  for (; i < warmup; i++) single(rawRow(newApplication(pool, i)));
  const latencies = [];
  const started = now();
  let count = 0;
  while (now() - started < ms) {
    const row = rawRow(newApplication(pool, i++));
    const t = now();
    single(row);
    latencies.push(now() - t);
    count++;
  }
  const elapsed = now() - started;
  db.close();
  return { rate: perSecond(count, elapsed), count, ...latencySummary(latencies) };
}

/**
 * `writers` concurrent writers, each appending single events to new streams of its own,
 * until `total` events; the time at every `every` events, to see how the rate holds up as
 * the store grows.
 */
async function productConcurrent({ storage, dir, url, total, writers = 64, every = 5_000, maxMs = Infinity }) {
  mkdirSync(dir, { recursive: true });
  const events = openEventStore({ storage, dir, url });
  const marks = [[0, 0]];
  let claimed = 0;
  let done = 0;
  let errors = 0;
  let firstError;
  const started = now();
  const writer = async () => {
    while (claimed < total && now() - started < maxMs) {
      const { stream, event } = newApplication(pool, claimed++);
      try {
        await events.append(stream, [event], 'no_stream');
        done++;
        if (done % every === 0) marks.push([done, now() - started]);
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const elapsed = now() - started;
  if (marks[marks.length - 1][0] !== done) marks.push([done, elapsed]);
  // The embedded adapter counts appends and the transactions that committed them.
  const stats = events.storage.stats;
  const appendsPerCommit = stats?.commits ? stats.appends / stats.commits : null;
  await events.close();
  return { marks, count: done, elapsedMs: elapsed, rate: perSecond(done, elapsed), errors, firstError, appendsPerCommit };
}

/** Raw batches of `batch` rows per durable transaction, until `total` rows, with the same marks. */
function rawBatches({ dir, total, batch = 1_000, every = 5_000 }) {
  mkdirSync(dir, { recursive: true });
  const db = openRaw(join(dir, 'raw-batches.sqlite'));
  const inserter = rawInserter(db);
  const marks = [[0, 0]];
  let done = 0;
  let build = 0;
  const started = now();
  while (done < total) {
    const n = Math.min(batch, total - done);
    // Building the rows (ids, JSON objects) is not the database's work: keep it out of the time.
    const t = now();
    const rows = Array.from({ length: n }, (_, k) => rawRow(newApplication(pool, done + k)));
    build += now() - t;
    inserter.batch(rows);
    const before = done;
    done += n;
    if (Math.floor(done / every) > Math.floor(before / every)) marks.push([done, now() - started - build]);
  }
  const elapsed = now() - started - build;
  if (marks[marks.length - 1][0] !== done) marks.push([done, elapsed]);
  db.close();
  return { marks, count: done, elapsedMs: elapsed, rate: perSecond(done, elapsed) };
}

await rowMain(async (args) => {
  switch (args.mode) {
    case 'product-single':
      return productSingle(args);
    case 'raw-single':
      return rawSingle(args);
    case 'product-concurrent':
      return productConcurrent(args);
    case 'raw-batches':
      return rawBatches(args);
    default:
      throw new Error(`unknown mode ${args.mode}`);
  }
});
