// projection.rebuild: a projector rebuilt from the whole history by the ProjectionRunner
// into a fresh read-model store, timed until it has caught up with the head.
import { mkdirSync } from 'node:fs';
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
import { MongoReadModelStore } from '../../dist/platform/read-models/mongodb/mongodb-read-model-store.js';
import { rowMain } from '../lib/child.mjs';
import { now, perSecond } from '../lib/measure.mjs';
import { openEventStore } from '../lib/product.mjs';

async function rebuild({ dir, readModelsDir, projectors: names, batchSize = 500, mongoUrl, sharedCatchUp, timeoutMs = 3_600_000 }) {
  const events = openEventStore({ dir });
  const all = contexts.flatMap((context) => context.projectors);
  const projectors = names === 'all' ? all : all.filter((p) => names.includes(p.name));
  if (projectors.length === 0) throw new Error(`no projector among ${names}`);
  let readModels;
  if (mongoUrl) readModels = await MongoReadModelStore.connect(mongoUrl, `coop_bench_${Date.now()}`);
  else {
    mkdirSync(readModelsDir, { recursive: true });
    readModels = new EmbeddedReadModelStore(join(readModelsDir, 'read-models.sqlite'));
  }
  const head = await events.headPosition();
  const headEvents = head ? Number(positionParts(head).commit) : 0;
  // As the service gives them (src/platform/runtime.ts): the search index projector hashes
  // the words of the personal data it opens, with a key of its own (a fresh one here).
  const keysDir = readModelsDir ?? dir;
  mkdirSync(keysDir, { recursive: true });
  const keys = new SqlitePersonalKeyStore(join(keysDir, 'keys.sqlite'), systemClock);
  const personalData = {
    vault: new EncryptedPersonalDataVault(keys),
    search: new BlindSearch(new BlindIndex(async () => randomBytes(32))),
  };
  // A projector that fails ends the row with its error (the runner would retry it for ever).
  let failure;
  let failed;
  const failedOnce = new Promise((resolve) => (failed = resolve));
  const runner = new ProjectionRunner(events, readModels, projectors, {
    batchSize,
    pollIntervalMs: 500,
    ...(sharedCatchUp === undefined ? {} : { sharedCatchUp }),
    onAppend: (listener) => events.onAppend(listener),
    onError: (projector, error) => {
      failure ??= `${projector}: ${error?.message ?? error}`;
      failed(false);
    },
    personalData,
  });
  const started = now();
  await runner.start();
  const caughtUp = await Promise.race([runner.catchUp(timeoutMs), failedOnce]);
  const elapsed = now() - started;
  const statuses = await runner.status();
  await runner.stop();
  await keys.close();
  if (failure) throw new Error(`projection failed: ${failure}`);
  if (mongoUrl) {
    // Leave the server as it was.
    for (const name of await readModels.listCollections()) await readModels.dropCollection(name);
  }
  await readModels.close();
  await events.close();
  const applied = statuses.reduce((sum, s) => sum + s.eventsApplied, 0);
  return {
    caughtUp,
    headEvents,
    eventsApplied: applied,
    elapsedMs: elapsed,
    // $all events the rebuild went through per second (those of other types are skipped by the store's type index).
    rate: perSecond(headEvents, elapsed),
    appliedRate: perSecond(applied, elapsed),
    states: statuses.map((s) => `${s.name}:${s.state}`).join(','),
    // Peak RSS of this process (a catch-up keeps documents in memory up to its budget).
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    errors: statuses.filter((s) => s.error).map((s) => `${s.name}: ${s.error}`),
  };
}

await rowMain(rebuild);
