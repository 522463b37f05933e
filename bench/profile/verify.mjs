// One workload alone, for `node --cpu-prof`: `verifyHistory` (what `coop audit verify` runs)
// over an existing history (a bench store kept with `npm run bench -- --keep --dir DIR`).
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/verify.mjs DIR/history
import { verifyHistory } from '../../dist/audit/verify.js';
import { openEventStore, registry } from '../lib/product.mjs';

const [historyDir] = process.argv.slice(2);
if (!historyDir) throw new Error('usage: verify.mjs HISTORY_DIR');
const events = openEventStore({ dir: historyDir });
const started = performance.now();
const report = await verifyHistory(events.storage, registry());
const ms = performance.now() - started;
console.log(`${Math.round((report.events / ms) * 1000)} events/s over ${report.events} events, ${report.breaks} breaks`);
await events.close();
