// read.all: iterate `$all` through ChainedEventStore.readAll (adapter paging, upcasting,
// zod validation of every event) against raw better-sqlite3 iterating the same rows and
// JSON-parsing them. Also replay.memory: the peak RSS of a process replaying everything.
import { join } from 'node:path';
import { rowMain } from '../lib/child.mjs';
import { now, perSecond, rssSampler } from '../lib/measure.mjs';
import { openEventStore } from '../lib/product.mjs';
import { openRaw } from '../lib/raw-sqlite.mjs';

async function productRead({ storage, dir, url, after }) {
  const events = openEventStore({ storage, dir, url });
  const rss = rssSampler();
  const before = process.memoryUsage.rss();
  let count = 0;
  let bytes = 0;
  const started = now();
  for await (const event of events.readAll(after ? { after } : {})) {
    count++;
    // Touch the data as a consumer would, so nothing is optimised away.
    bytes += event.type.length + event.stream.length;
    if ((count & 0xffff) === 0) rss.sample();
  }
  const elapsed = now() - started;
  const peakRss = rss.stop();
  await events.close();
  return {
    rate: perSecond(count, elapsed),
    count,
    elapsedMs: elapsed,
    // The kernel's high-water mark of this process (KiB): the peak, whenever it happened.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    peakRssMb: peakRss / 2 ** 20,
    startRssMb: before / 2 ** 20,
    bytes,
  };
}

function rawRead({ dir }) {
  const db = openRaw(join(dir, 'events.sqlite'), { readonly: true });
  const select = db.prepare('SELECT * FROM events ORDER BY position');
  let count = 0;
  let bytes = 0;
  const started = now();
  for (const row of select.iterate()) {
    const data = JSON.parse(row.data);
    const metadata = JSON.parse(row.metadata);
    count++;
    bytes += row.type.length + row.stream.length + (data ? 1 : 0) + (metadata ? 1 : 0);
  }
  const elapsed = now() - started;
  db.close();
  return { rate: perSecond(count, elapsed), count, elapsedMs: elapsed, bytes };
}

await rowMain(async (args) => {
  switch (args.mode) {
    case 'product':
      return productRead(args);
    case 'raw':
      return rawRead(args);
    default:
      throw new Error(`unknown mode ${args.mode}`);
  }
});
