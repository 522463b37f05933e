// One measurement alone: the member register's decider state as the service holds it — the
// register stream of an existing history (kept with `npm run bench -- --keep --dir DIR`)
// folded by the CommandProcessor, which keeps the folded state and its idempotency index —
// and the memory it leaves after a full collection: the JavaScript heap plus the typed arrays'
// backing stores, which live outside it.
//   node --expose-gc bench/profile/register-state.mjs DIR/history
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../dist/platform/clock.js';
import { CommandProcessor } from '../../dist/platform/commands/command-processor.js';
import { REGISTER_STREAM } from '../../dist/membership/domain/membership-events.js';
import { registerDecider } from '../../dist/membership/domain/register.js';
import { openEventStore } from '../lib/product.mjs';

const [historyDir] = process.argv.slice(2);
if (!historyDir || typeof globalThis.gc !== 'function')
  throw new Error('usage: node --expose-gc bench/profile/register-state.mjs HISTORY_DIR');
// Two collections a turn apart: V8 frees the backing stores of dead typed arrays after the
// collection that found them, so one gc() alone can still count a column that has grown.
const heap = async () => {
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};
const events = openEventStore({ dir: historyDir });
const commands = new CommandProcessor(events, systemClock);
const before = await heap();
const started = performance.now();
const { state, revision } = await commands.load(REGISTER_STREAM, registerDecider);
const seconds = (performance.now() - started) / 1000;
const after = await heap();
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
console.log(
  JSON.stringify({
    registerEvents: Number(revision) + 1,
    members: state.members.size,
    applications: state.applications.size,
    foldSeconds: Number(seconds.toFixed(1)),
    heapBefore: mib(before),
    heapAfter: mib(after),
    stateAndIndex: mib(after - before),
    rss: mib(process.memoryUsage().rss),
  }),
);
await events.close?.();
