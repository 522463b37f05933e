// One workload alone, for `node --cpu-prof`: single appends awaited one by one (the
// append.single row's workload) into a fresh store in a temporary directory.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/append-single.mjs [events=20000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicationPool, newApplication, openEventStore } from '../lib/product.mjs';

const total = Number(process.argv[2] ?? 20_000);
const pool = applicationPool();
const dir = mkdtempSync(join(tmpdir(), 'coop-profile-'));
const events = openEventStore({ dir });
const started = performance.now();
for (let i = 0; i < total; i++) {
  const { stream, event } = newApplication(pool, i);
  await events.append(stream, [event], 'no_stream');
}
console.log(`${Math.round((total / (performance.now() - started)) * 1000)} appends/s`);
await events.close();
rmSync(dir, { recursive: true, force: true });
