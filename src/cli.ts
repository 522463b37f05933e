import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { pino } from 'pino';
import { contexts } from './contexts.js';
import { apiKeyDecider } from './platform/auth/api-key.decider.js';
import { apiKeyStream, Role } from './platform/auth/api-key-events.js';
import { hashApiKey, keyIdOf, newApiKey } from './platform/auth/api-keys.js';
import { ReadScope } from './platform/auth/read-scope.js';
import { loadConfig } from './platform/config/config.js';
import { positionParts } from './platform/event-store/position.js';
import { randomIds } from './platform/ids.js';
import type { ProjectionStatus } from './platform/projections/projection-runner.js';
import { createRuntime, type Runtime } from './platform/runtime.js';
import { join, resolve } from 'node:path';
import { auditCommands } from './audit/audit.cli.js';
import { serve } from './main.js';
import { copyHistory } from './platform/event-store/copy.js';
import { EventStoreDbStorage, isEventStoreDbUrl } from './platform/event-store/eventstoredb/esdb-event-storage.js';
import { SqliteEventStorage } from './platform/event-store/sqlite/sqlite-event-storage.js';
import type { EventStorage } from './platform/event-store/storage.js';

const CLI_ACTOR = { keyId: 'cli', role: 'admin' };

/** Runs `work` on a runtime over the configured stores, quietly, and closes it. */
async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(loadConfig(), contexts, { logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }) });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function printStatus(statuses: ProjectionStatus[]): void {
  const rows = statuses.map((s) => ({
    projection: s.name,
    version: s.version,
    build: s.build,
    live: s.activeBuild ?? '-',
    state: s.state,
    position: s.position ?? '-',
    head: s.head ?? '-',
    lag: s.lag,
    events: s.eventsApplied,
    holder: s.lease ? `${s.lease.holder}${Date.parse(s.lease.expiresAt) > Date.now() ? '' : ' (lapsed)'}` : '-',
  }));
  console.table(rows);
}

const program = new Command()
  .name('coop')
  .description('coop-ledger: the system of record of a social cooperative')
  .showHelpAfterError();

program
  .command('serve')
  .description(
    'start the HTTP service (the same as npm start); configured by PORT, HOST, COOP_DATA_DIR, EVENTSTORE_URL, MONGODB_URL',
  )
  .action(() => serve());

const projections = program.command('projections').description('inspect and rebuild read models');

projections
  .command('status')
  .description('where each projection stands: build, position, lag')
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { json?: boolean }) => {
    const statuses = await withRuntime((runtime) => runtime.projections.inspect());
    if (options.json) console.log(JSON.stringify(statuses, null, 2));
    else printStatus(statuses);
  });

projections
  .command('rebuild')
  .description('rebuild a projection from the whole history into a new build, then switch queries to it')
  .argument('<name>', 'projection name (see `coop projections status`)')
  .action(async (name: string) => {
    await withRuntime(async (runtime) => {
      if (!runtime.projections.names().includes(name))
        throw new InvalidArgumentError(`no projection ${name}; known: ${runtime.projections.names().join(', ')}`);
      if (contexts.some((c) => c.projectors.some((p) => p.name === name && p.issuesCommands)))
        throw new InvalidArgumentError(
          `${name} is a process manager: it issues commands through the service, so rebuild it there ` +
            `(POST /projections/${name}/rebuild with an admin key); it writes nothing twice`,
        );
      const head = await runtime.events.headPosition();
      const total = head ? Number(positionParts(head).commit) : 0;
      const bar = new SingleBar(
        { format: `${name} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, etaBuffer: 50 },
        Presets.shades_classic,
      );
      if (process.stderr.isTTY) bar.start(total, 0);
      await runtime.projections.inspect();
      await runtime.projections.rebuild(name);
      for (;;) {
        const status = (await runtime.projections.status()).find((s) => s.name === name)!;
        if (process.stderr.isTTY) bar.update(status.position ? Number(positionParts(status.position).commit) : 0);
        if (status.activeBuild === status.build && status.state === 'live') break;
        if (status.state === 'failed') throw new Error(`rebuild of ${name} failed: ${status.error}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      if (process.stderr.isTTY) bar.stop();
      printStatus((await runtime.projections.status()).filter((s) => s.name === name));
    });
  });

program
  .command('copy')
  .description('copy a whole history between stores (ids, revisions, metadata and hashes intact); re-run to resume')
  .requiredOption('--from <source>', 'a data directory (embedded store) or an esdb://, kurrentdb:// or kurrent:// URL')
  .requiredOption('--to <target>', 'a data directory or an esdb://, kurrentdb:// or kurrent:// URL')
  .action(async (options: { from: string; to: string }) => {
    const from = openStorage(options.from);
    const to = openStorage(options.to);
    try {
      const head = await from.headPosition();
      const bar = new SingleBar(
        { format: 'copy [{bar}] {value} events | {eta_formatted} left', etaBuffer: 200 },
        Presets.shades_classic,
      );
      const tty = process.stderr.isTTY;
      if (tty) bar.start(head ? Number(positionParts(head).commit) : 0, 0);
      const result = await copyHistory(from, to, {
        window: to.name === 'sqlite' ? 256 : 1,
        onProgress: (p) => tty && bar.update(p.read),
      });
      if (tty) bar.stop();
      console.log(`read ${result.read} events: copied ${result.copied}, already there ${result.skipped}`);
      console.log(
        'Personal-data keys are not in the event store: move keys.sqlite and blind-index.key (or their server settings) too.',
      );
      console.log(
        `The target is another event store (identity ${await to.storeId()}, the source's is ${await from.storeId()}): its positions are its own. ` +
          'A service started on it refuses the read models’ checkpoints of the source and rebuilds them, starts consumer groups again ' +
          'from the beginning (same event ids), and answers 400 to an SSE Last-Event-ID of the source.',
      );
    } finally {
      await from.close();
      await to.close();
    }
  });

/** A store named on the command line: an EventStoreDB URL or an embedded data directory. */
function openStorage(spec: string): EventStorage {
  return isEventStoreDbUrl(spec) ? new EventStoreDbStorage(spec) : new SqliteEventStorage(join(resolve(spec), 'events.sqlite'));
}

const keys = program.command('keys').description('issue and revoke API keys (as the CLI, an admin on this machine)');

keys
  .command('issue')
  .description('issue an API key; it is printed once')
  .requiredOption('--role <role>', `one of ${Role.options.join(', ')}`, (value) => {
    if (!Role.safeParse(value).success) throw new InvalidArgumentError(`not a role: ${value}`);
    return value;
  })
  .requiredOption('--label <label>', 'what or who the key is for')
  .option('--types <types>', 'a service key: the event types it may read, comma-separated')
  .option('--categories <categories>', 'a service key: the stream categories it may read, comma-separated')
  .action(async (options: { role: Role; label: string; types?: string; categories?: string }) => {
    const list = (value?: string) => value?.split(',').filter(Boolean);
    const asked = { types: list(options.types), categories: list(options.categories) };
    const scope = ReadScope.safeParse(JSON.parse(JSON.stringify(asked)));
    if (options.role === 'service' && !scope.success)
      throw new InvalidArgumentError('a service key needs a scope: --types, --categories or both');
    if (options.role !== 'service' && (asked.types || asked.categories))
      throw new InvalidArgumentError('only a service key has a scope');
    const key = newApiKey();
    const commandId = randomIds.next();
    const keyId = keyIdOf(hashApiKey(`${CLI_ACTOR.keyId}:${commandId}`));
    await withRuntime((runtime) =>
      runtime.commands.execute(
        apiKeyStream(keyId),
        apiKeyDecider,
        {
          type: 'IssueApiKey',
          keyId,
          role: options.role,
          label: options.label,
          keyHash: hashApiKey(key),
          ...(options.role === 'service' && scope.success ? { scope: scope.data } : {}),
        },
        { commandId, actor: CLI_ACTOR },
      ),
    );
    console.log(`${keyId} (${options.role}): ${key}`);
  });

keys
  .command('revoke')
  .description('revoke an API key by its id')
  .argument('<keyId>')
  .action(async (keyId: string) => {
    await withRuntime((runtime) =>
      runtime.commands.execute(
        apiKeyStream(keyId),
        apiKeyDecider,
        { type: 'RevokeApiKey', keyId },
        { commandId: randomIds.next(), actor: CLI_ACTOR },
      ),
    );
    console.log(`${keyId} revoked`);
  });

auditCommands(program, withRuntime);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
