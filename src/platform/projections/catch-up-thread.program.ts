import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../clock.js';
import { ChainedEventStore } from '../event-store/chained-event-store.js';
import { EventRegistry } from '../event-store/event-registry.js';
import { SqliteEventStorage } from '../event-store/sqlite/sqlite-event-storage.js';
import { BlindIndex, blindIndexKey } from '../personal-data/blind-index.js';
import { BlindSearch } from '../personal-data/blind-search.js';
import { EncryptedPersonalDataVault } from '../personal-data/encrypted-vault.js';
import { SqlitePersonalKeyStore } from '../personal-data/sqlite-key-store.js';
import { EmbeddedReadModelStore } from '../read-models/embedded/embedded-read-model-store.js';
import type { ContextDefinition } from '../runtime.js';
import type { CatchUpThreadData, FromCatchUpThread, ToCatchUpThread } from './catch-up-thread.js';
import { batchSizes, type ProjectionRunnerOptions } from './projection-status.js';
import { ProjectionWorker } from './projection-worker.js';
import { SharedReadPass } from './shared-read-pass.js';

/**
 * The catch-up thread's program (see `catch-up-thread.ts`): its own connections to the
 * service's SQLite files, the service's projectors, and one projection worker per build it is
 * asked to catch up, all in one shared read pass and one memory budget, as in the service.
 */

const port = parentPort!;
const data = workerData as CatchUpThreadData;
const post = (message: FromCatchUpThread) => port.postMessage(message);

const { contexts } = (await import(data.contextsModule)) as { contexts: readonly ContextDefinition[] };
const registry = new EventRegistry();
for (const context of contexts) registry.register(...context.events);
const projectors = new Map(contexts.flatMap((context) => context.projectors).map((projector) => [projector.name, projector]));

// The service's own connections checkpoint both files: these only read and commit, and the
// events are read in order (a small page cache: a full one would count 32 MB more in the service).
const events = new ChainedEventStore(
  new SqliteEventStorage(join(data.dataDir, 'events.sqlite'), { checkpointThread: false, cacheKib: 2_048 }),
  registry,
  systemClock,
);
const readModels = new EmbeddedReadModelStore(join(data.dataDir, 'read-models.sqlite'), { checkpointThread: false });
const keys = new SqlitePersonalKeyStore(join(data.dataDir, 'keys.sqlite'));
const personalData = {
  vault: new EncryptedPersonalDataVault(keys),
  search: new BlindSearch(new BlindIndex(blindIndexKey(join(data.dataDir, 'blind-index.key'), data.blindIndexKey))),
};
const options: ProjectionRunnerOptions = {
  batchSize: data.batchSize,
  ...(data.catchUpBatchSize !== undefined ? { catchUpBatchSize: data.catchUpBatchSize } : {}),
  ...(data.catchUpMemoryBytes !== undefined ? { catchUpMemoryBytes: data.catchUpMemoryBytes } : {}),
  personalData,
};
const pass = new SharedReadPass(events, batchSizes(options).catchUp);
const progress = new EventEmitter();
const running = new Map<number, { worker: ProjectionWorker; stop: AbortController; done: Promise<void> }>();
const inMemory = () => [...running.values()].filter((build) => build.worker.holdsCatchUp).length;

function catchUp(id: number, name: string, generation: number): void {
  const projector = projectors.get(name);
  if (!projector) {
    post({ type: 'failed', id, error: `the catch-up thread knows no projector named ${name}` });
    return;
  }
  const worker = new ProjectionWorker(projector, events, readModels, options, progress, inMemory, pass);
  const stop = new AbortController();
  const done = worker
    .catchUpBuild(generation, stop.signal, (committed) => post({ type: 'committed', id, ...committed }))
    .then(
      (caughtUp) => post({ type: 'done', id, caughtUp }),
      (error: unknown) =>
        post({ type: 'failed', id, error: `${name}: ${error instanceof Error ? error.message : String(error)}` }),
    )
    .finally(() => running.delete(id));
  running.set(id, { worker, stop, done });
}

async function close(): Promise<void> {
  const builds = [...running.values()];
  for (const build of builds) build.stop.abort();
  await Promise.all(builds.map((build) => build.done));
  await keys.close();
  await readModels.close();
  await events.close();
  port.close();
}

port.on('message', (message: ToCatchUpThread) => {
  if (message.type === 'catch-up') catchUp(message.id, message.projector, message.generation);
  else if (message.type === 'stop') running.get(message.id)?.stop.abort();
  else void close();
});
