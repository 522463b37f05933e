// One workload alone, for `node --cpu-prof`: 64 writers appending single events to new
// streams (the append.concurrent row's workload) into a fresh store in a temporary directory.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/append-concurrent.mjs [events=60000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicationPool, newApplication, openEventStore } from '../lib/product.mjs';

const total = Number(process.argv[2] ?? 60_000);
const pool = applicationPool();
const dir = mkdtempSync(join(tmpdir(), 'coop-profile-'));
const events = openEventStore({ dir });
let claimed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (claimed < total) {
      const { stream, event } = newApplication(pool, claimed++);
      await events.append(stream, [event], 'no_stream');
    }
  }),
);
const ms = performance.now() - started;
const { appends, commits } = events.storage.stats;
console.log(`${Math.round((total / ms) * 1000)} appends/s, ${(appends / commits).toFixed(1)} appends per commit`);
await events.close();
rmSync(dir, { recursive: true, force: true });
