import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from './platform/config/config.js';
import type { ChainedEventStore } from './platform/event-store/chained-event-store.js';
import type { EventRegistry } from './platform/event-store/event-registry.js';
import type { Runtime } from './platform/runtime.js';

/**
 * What the CLI's commands run on, loaded only when a command runs (so `coop --help` loads
 * none of it): a runtime over the configured stores, opened quietly and closed afterwards.
 */

/** The roles of `coop keys issue --role`, spelled out so that its help needs no schema (a test holds it to Role). */
export const CLI_ROLES = ['admin', 'secretary', 'board', 'coordinator', 'auditor', 'service'] as const;

export class NoEventStoreError extends Error {
  constructor(readonly where: string) {
    super(
      `no event store at ${where}: give the data directory that holds events.sqlite with --data-dir (or COOP_DATA_DIR), ` +
        'or set EVENTSTORE_URL; nothing was created or checked',
    );
    this.name = 'NoEventStoreError';
  }
}

export interface RuntimeOptions {
  /** The command reads a history: a data directory without an event store is an error, not an empty history. */
  needStore?: boolean;
}

/** The event store file a data directory holds, or undefined when none is there. */
export const embeddedStoreIn = (dataDir: string): string | undefined => {
  const file = join(resolve(dataDir), 'events.sqlite');
  return existsSync(file) ? file : undefined;
};

export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  const [{ loadConfig }, { createRuntime }, { contexts }, { pino }] = await Promise.all([
    import('./platform/config/config.js'),
    import('./platform/runtime.js'),
    import('./contexts.js'),
    import('pino'),
  ]);
  const config = loadConfig();
  if (options.needStore && !config.eventStoreUrl && !embeddedStoreIn(config.dataDir))
    throw new NoEventStoreError(join(config.dataDir, 'events.sqlite'));
  const runtime = await createRuntime(config, contexts, { logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }) });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** What a command that only reads the history runs on: the event store and the event schemas. */
export interface StoreRuntime {
  config: AppConfig;
  registry: EventRegistry;
  events: ChainedEventStore;
}

/**
 * Runs `work` on the configured event store alone, for commands that only read it (`coop audit
 * verify`, `prove`, `consistency`): no read models, vault, projections or NestJS modules are
 * loaded or opened, and only the adapter in use is imported (the embedded one never loads the
 * EventStoreDB client). The runtime's start-up had cost three times a small store's whole check.
 */
export async function withEventStore<T>(work: (store: StoreRuntime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  const [{ loadConfig }, { eventRegistry }, { ChainedEventStore }, { systemClock }] = await Promise.all([
    import('./platform/config/config.js'),
    import('./event-definitions.js'),
    import('./platform/event-store/chained-event-store.js'),
    import('./platform/clock.js'),
  ]);
  const config = loadConfig();
  if (options.needStore && !config.eventStoreUrl && !embeddedStoreIn(config.dataDir))
    throw new NoEventStoreError(join(config.dataDir, 'events.sqlite'));
  const storage = config.eventStoreUrl
    ? new (await import('./platform/event-store/eventstoredb/esdb-event-storage.js')).EventStoreDbStorage(config.eventStoreUrl)
    : new (await import('./platform/event-store/sqlite/sqlite-event-storage.js')).SqliteEventStorage(
        join(config.dataDir, 'events.sqlite'),
        // These commands read: no log of theirs to checkpoint, and no thread to start and wait for.
        { checkpointThread: false },
      );
  const registry = eventRegistry();
  const events = new ChainedEventStore(storage, registry, systemClock);
  try {
    return await work({ config, registry, events });
  } finally {
    await events.close();
  }
}

/** What `--help` says a command reads: the directory and the servers, as configured now. */
export function storesHelp(reads: {
  events?: boolean;
  readModels?: boolean;
  keys?: boolean;
  dataDir?: string;
  /** A command that reads no data directory and no server: what it reads instead. */
  only?: string;
}): string {
  if (reads.only)
    return `\nReads no data directory and no server (--data-dir, COOP_DATA_DIR, EVENTSTORE_URL and MONGODB_URL do not apply): ${reads.only}\n`;
  const dataDir = resolve(reads.dataDir ?? (process.env.COOP_DATA_DIR || './data'));
  const server = (name: string) => {
    const value = process.env[name];
    if (!value) return undefined;
    try {
      const url = new URL(value);
      return `${url.protocol}//${url.host}`; // never the credentials
    } catch {
      return '(set)';
    }
  };
  const lines: string[] = [];
  if (reads.events)
    lines.push(
      server('EVENTSTORE_URL')
        ? `  events       EventStoreDB at ${server('EVENTSTORE_URL')} (EVENTSTORE_URL)`
        : `  events       ${join(dataDir, 'events.sqlite')} (embedded; EVENTSTORE_URL unset)`,
    );
  if (reads.readModels)
    lines.push(
      server('MONGODB_URL')
        ? `  read models  MongoDB at ${server('MONGODB_URL')} (MONGODB_URL)`
        : `  read models  ${join(dataDir, 'read-models.sqlite')} (embedded; MONGODB_URL unset)`,
    );
  if (reads.keys) lines.push(`  vault keys   ${join(dataDir, 'keys.sqlite')} and ${join(dataDir, 'blind-index.key')}`);
  return lines.length ? `\nReads (data directory ${dataDir}: --data-dir or COOP_DATA_DIR):\n${lines.join('\n')}\n` : '';
}
