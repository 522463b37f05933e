// Generates a history once per run (the product's own seeder, through ChainedEventStore.append)
// for the rows that read it: read.all, projection.rebuild, audit.verify, replay.memory.
import { mkdirSync } from 'node:fs';
import { seedHistory } from '../../dist/seed/history.js';
import { rowMain } from '../lib/child.mjs';
import { now } from '../lib/measure.mjs';
import { openEventStore } from '../lib/product.mjs';

await rowMain(async ({ storage = 'sqlite', dir, url, events: wanted, seed = 2026, years = 10 }) => {
  if (dir) mkdirSync(dir, { recursive: true });
  const events = openEventStore({ storage, dir, url });
  const headBefore = (await events.headPosition()) ?? null;
  // 2 events per member (application, admission) and 2 % more applications left pending.
  const members = Math.round(wanted / 2.02);
  const started = now();
  let lastPrint = started;
  const result = await seedHistory({
    events,
    members,
    years,
    seed,
    onProgress: (p) => {
      if (now() - lastPrint < 15_000) return;
      lastPrint = now();
      process.stderr.write(`    … ${p.eventsWritten}/${p.eventsTotal} events seeded\n`);
    },
  });
  const seconds = (now() - started) / 1000;
  await events.close();
  return {
    eventsWritten: result.eventsWritten,
    members,
    headBefore,
    head: result.head ?? null,
    seconds,
    rate: result.eventsWritten / seconds,
  };
});
