import { join } from 'node:path';
import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import { CommandProcessor } from './commands/command-processor.js';
import type { AppConfig } from './config/config.js';
import { ChainedEventStore } from './event-store/chained-event-store.js';
import { EventRegistry, type EventDefinition } from './event-store/event-registry.js';
import { SqliteEventStorage } from './event-store/sqlite/sqlite-event-storage.js';
import type { EventStorage } from './event-store/storage.js';
import { randomIds, type IdGenerator } from './ids.js';
import { createLogger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { EncryptedPersonalDataVault } from './personal-data/encrypted-vault.js';
import type { PersonalKeyStore } from './personal-data/key-store.js';
import type { PersonalDataVault } from './personal-data/personal-data.js';
import { SqlitePersonalKeyStore } from './personal-data/sqlite-key-store.js';
import { BlindIndex, blindIndexKey } from './personal-data/blind-index.js';
import { BlindSearch } from './personal-data/blind-search.js';
import { CatchUpThread } from './projections/catch-up-thread.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import type { Projector } from './projections/projector.js';
import { EmbeddedReadModelStore } from './read-models/embedded/embedded-read-model-store.js';
import type { ReadModelStore } from './read-models/read-model-store.js';
import { ConsumerGroups } from './subscriptions/consumer-groups.js';

/** What a bounded context contributes to the platform: its events and its projectors. */
export interface ContextDefinition {
  name: string;
  events: readonly EventDefinition[];
  projectors: readonly Projector[];
}

/** Everything the service runs on, built once from the configuration (the composition root). */
export interface Runtime {
  config: AppConfig;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  metrics: Metrics;
  registry: EventRegistry;
  events: ChainedEventStore;
  readModels: ReadModelStore;
  projections: ProjectionRunner;
  commands: CommandProcessor;
  vault: PersonalDataVault;
  blindIndex: BlindIndex;
  consumerGroups: ConsumerGroups;
  /** Where long catch-ups run beside the event loop, when they do (see `catch-up-thread.ts`). */
  catchUpThread: CatchUpThread | undefined;
  /** Whether projections are started and the first key issued (readiness waits for it). */
  startup: { done: boolean; stopped?: boolean; error?: string };
  /** Stops projections (their last batch committed) and closes the stores. */
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
  /** Projection batch size and idle poll interval (tests make them small). */
  projectionBatchSize?: number;
  projectionPollMs?: number;
  /**
   * Long catch-ups in a worker thread (embedded stores only, unless `COOP_CATCH_UP_THREAD=false`):
   * the compiled module that exports the contexts, for the thread to load its projectors from,
   * and from how many events behind the head a build goes there (tests also make its batches
   * and memory budget small, for many commits).
   */
  catchUpThread?: { contextsModule: string; minEvents?: number; catchUpBatchSize?: number; catchUpMemoryBytes?: number };
}

/**
 * The catch-up thread's program, compiled: under the tests the platform runs from its
 * TypeScript sources, and the thread from `dist/` (`npm test` builds it first).
 */
function catchUpProgram(): URL {
  const program = new URL('./projections/catch-up-thread.program.js', import.meta.url);
  return import.meta.url.endsWith('.ts') ? new URL(program.href.replace(/\/src\/platform\//, '/dist/platform/')) : program;
}

/**
 * A live projector reads what this process appended this long after the first append it is
 * told of, so that the appends of a busy moment reach each read model in one transaction
 * (bench/README.md, "settle28" and "share29": under the bench's command mix, 15 ms left 42 %
 * of the read-model commits, 50 ms half of those again). A query or a command that waits for
 * a read model (`waitFor`, `catchUp`) does not wait for it: it wakes the projector at once.
 */
export const PROJECTION_SETTLE_MS = 50;

export async function createRuntime(
  config: AppConfig,
  contexts: readonly ContextDefinition[],
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const registry = new EventRegistry();
  for (const context of contexts) registry.register(...context.events);

  // The servers' clients (@eventstore/db-client, mongodb) are loaded only when their URL is set:
  // the embedded default never holds them in memory.
  const storage: EventStorage = config.eventStoreUrl
    ? new (await import('./event-store/eventstoredb/esdb-event-storage.js')).EventStoreDbStorage(config.eventStoreUrl, {
        onForeignEvent: (event) =>
          logger.warn({ ...event, revision: event.revision.toString() }, 'skipped an event not written by this service'),
      })
    : new SqliteEventStorage(join(config.dataDir, 'events.sqlite'));
  const events = new ChainedEventStore(storage, registry, clock, {
    onAppendMeasured: (seconds) => metrics.appendDuration.observe(seconds),
  });
  // One MongoClient for the service (opened without waiting, so the service starts while
  // MongoDB is down): the read models own it, the key store shares it.
  const mongo = config.mongoDbUrl
    ? (await import('./read-models/mongodb/mongodb-read-model-store.js')).MongoReadModelStore.open(config.mongoDbUrl)
    : undefined;
  const readModels: ReadModelStore = mongo ?? new EmbeddedReadModelStore(join(config.dataDir, 'read-models.sqlite'));
  // Personal keys live outside the event store, so that erasing one (crypto-shredding)
  // leaves every event and hash intact.
  const personalKeys: PersonalKeyStore = mongo
    ? new (await import('./personal-data/mongodb-key-store.js')).MongoPersonalKeyStore(mongo.client, mongo.databaseName, {
        clock,
      })
    : new SqlitePersonalKeyStore(join(config.dataDir, 'keys.sqlite'), clock);
  const vault = new EncryptedPersonalDataVault(personalKeys);
  const blindIndex = new BlindIndex(blindIndexKey(join(config.dataDir, 'blind-index.key'), config.blindIndexKey));
  const batchSize = overrides.projectionBatchSize ?? 500;
  const catchUpThread =
    overrides.catchUpThread && config.catchUpThread && !config.eventStoreUrl && !config.mongoDbUrl
      ? new CatchUpThread({
          entry: catchUpProgram(),
          data: {
            dataDir: config.dataDir,
            contextsModule: overrides.catchUpThread.contextsModule,
            batchSize,
            ...(overrides.catchUpThread.catchUpBatchSize ? { catchUpBatchSize: overrides.catchUpThread.catchUpBatchSize } : {}),
            ...(overrides.catchUpThread.catchUpMemoryBytes
              ? { catchUpMemoryBytes: overrides.catchUpThread.catchUpMemoryBytes }
              : {}),
            ...(config.blindIndexKey ? { blindIndexKey: config.blindIndexKey } : {}),
          },
          ...(overrides.catchUpThread.minEvents !== undefined ? { minEvents: overrides.catchUpThread.minEvents } : {}),
          onError: (error) => logger.error({ err: error }, 'catch-up thread failed; the projections catch up here'),
        })
      : undefined;
  const projections = new ProjectionRunner(
    events,
    readModels,
    contexts.flatMap((context) => context.projectors),
    {
      batchSize,
      pollIntervalMs: overrides.projectionPollMs ?? 500,
      onAppend: (listener) => events.onAppend(listener),
      appendSettleMs: PROJECTION_SETTLE_MS,
      onError: (projector, error) => logger.error({ err: error, projector }, 'projection failed; retrying'),
      // Each projector and process manager runs on one instance at a time; the others stand by.
      leases: { ttlMs: config.leaseTtlMs, ...(config.instanceId ? { holder: config.instanceId } : {}) },
      onLeaseChange: (projector, held, lease) =>
        logger.info({ projector, held, holder: lease?.holder }, held ? 'projection lease taken' : 'projection standing by'),
      personalData: { vault, search: new BlindSearch(blindIndex) },
      ...(catchUpThread ? { catchUpElsewhere: catchUpThread } : {}),
    },
  );
  const commands = new CommandProcessor(events, clock);
  logger.info(
    {
      eventStore: storage.name,
      readModels: readModels.name,
      dataDir: config.eventStoreUrl && config.mongoDbUrl ? undefined : config.dataDir,
    },
    'runtime ready',
  );
  const startup: Runtime['startup'] = { done: false };
  return {
    config,
    clock,
    ids: overrides.ids ?? randomIds,
    logger,
    metrics,
    registry,
    events,
    readModels,
    projections,
    commands,
    vault,
    consumerGroups: new ConsumerGroups(events, readModels, () => clock.now()),
    blindIndex,
    catchUpThread,
    startup,
    async close() {
      startup.stopped = true;
      await projections.stop();
      await catchUpThread?.close();
      await personalKeys.close(); // before the read models, which close the MongoClient it shares
      await readModels.close();
      await events.close();
    },
  };
}
