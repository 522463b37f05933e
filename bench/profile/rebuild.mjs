// One workload alone, for `node --cpu-prof`: projectors rebuilt by the ProjectionRunner from
// an existing history (a bench store kept with `npm run bench -- --keep --dir DIR`) into a
// fresh embedded read-model store in a temporary directory.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/rebuild.mjs DIR/history [member-register,… | all]
// CATCH_UP_MIB=n sets the runner's catch-up memory budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contexts } from '../../dist/contexts.js';
import { positionParts } from '../../dist/platform/event-store/position.js';
import { ProjectionRunner } from '../../dist/platform/projections/projection-runner.js';
import { EmbeddedReadModelStore } from '../../dist/platform/read-models/embedded/embedded-read-model-store.js';
import { BlindIndex } from '../../dist/platform/personal-data/blind-index.js';
import { BlindSearch } from '../../dist/platform/personal-data/blind-search.js';
import { EncryptedPersonalDataVault } from '../../dist/platform/personal-data/encrypted-vault.js';
import { SqlitePersonalKeyStore } from '../../dist/platform/personal-data/sqlite-key-store.js';
import { systemClock } from '../../dist/platform/clock.js';
import { randomBytes } from 'node:crypto';
import { openEventStore } from '../lib/product.mjs';

const [historyDir, names = 'member-register'] = process.argv.slice(2);
if (!historyDir) throw new Error('usage: rebuild.mjs HISTORY_DIR [projector,…]');
const events = openEventStore({ dir: historyDir });
const wanted = names.split(',');
const all = contexts.flatMap((c) => c.projectors);
const projectors = names === 'all' ? all : all.filter((p) => wanted.includes(p.name));
const dir = mkdtempSync(join(tmpdir(), 'coop-profile-'));
const readModels = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
// As the projection row gives them: the search index opens personal data and hashes its words.
const keys = new SqlitePersonalKeyStore(join(dir, 'keys.sqlite'), systemClock);
const personalData = {
  vault: new EncryptedPersonalDataVault(keys),
  search: new BlindSearch(new BlindIndex(async () => randomBytes(32))),
};
const runner = new ProjectionRunner(events, readModels, projectors, {
  batchSize: 500,
  pollIntervalMs: 500,
  onAppend: (listener) => events.onAppend(listener),
  onError: (projector, error) => console.error(`${projector}: ${error?.message ?? error}`),
  personalData,
  ...(process.env.CATCH_UP_MIB ? { catchUpMemoryBytes: Number(process.env.CATCH_UP_MIB) * 2 ** 20 } : {}),
});
const head = Number(positionParts(await events.headPosition()).commit);
const started = performance.now();
await runner.start();
await runner.catchUp(3_600_000);
const ms = performance.now() - started;
console.log(`${Math.round((head / ms) * 1000)} events/s over ${head} events`);
await runner.stop();
await keys.close();
await readModels.close();
await events.close();
rmSync(dir, { recursive: true, force: true });
