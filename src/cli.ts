import { Command, InvalidArgumentError, Option } from 'commander';
import { join, resolve } from 'node:path';
import { auditCommands } from './audit/audit.cli.js';
import { reportCommands } from './reports/report.cli.js';
import { reviewCommands } from './reports/review/review.cli.js';
import { booksCommands } from './reports/books/books.cli.js';
import { CLI_ROLES, embeddedStoreIn, NoEventStoreError, storesHelp, withEventStore, withRuntime } from './cli-runtime.js';
import type { ProjectionStatus } from './platform/projections/projection-runner.js';
import type { EventStorage } from './platform/event-store/storage.js';

/**
 * `coop …`. Every module a command needs is imported when that command runs, so `coop --help`
 * (or a mistyped option) loads commander and little else.
 */

const CLI_ACTOR = { keyId: 'cli', role: 'admin' };

// `coop … | head` closes the pipe early: that ends the command, quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** `--data-dir` as given on the command line, read before parsing so that `--help` can say it too. */
function dataDirArgument(argv = process.argv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data-dir') return argv[i + 1];
    if (argv[i]!.startsWith('--data-dir=')) return argv[i]!.slice('--data-dir='.length);
  }
  return undefined;
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
    // A live lease of another process: who runs it, and until when its lease holds unless renewed.
    holder: s.lease
      ? s.state === 'running'
        ? `${s.lease.holder} until ${s.lease.expiresAt}`
        : `${s.lease.holder} (${Date.parse(s.lease.expiresAt) > Date.now() ? 'not running' : 'lapsed'})`
      : '-',
  }));
  console.table(rows);
}

const program = new Command()
  .name('coop')
  .description('coop-ledger: the system of record of a social cooperative')
  .option('--data-dir <dir>', 'the data directory of the embedded stores and keys (default: COOP_DATA_DIR, else ./data)')
  .showHelpAfterError()
  .hook('preAction', () => {
    const dataDir = program.opts<{ dataDir?: string }>().dataDir;
    if (dataDir) process.env.COOP_DATA_DIR = dataDir;
  });

program
  .command('serve')
  .description(
    'start the HTTP service (the same as npm start); configured by PORT, HOST, COOP_DATA_DIR, EVENTSTORE_URL, MONGODB_URL',
  )
  .action(async () => (await import('./main.js')).serve());

const projections = program.command('projections').description('inspect and rebuild read models');

projections
  .command('status')
  .description(
    'where each projection stands: build, position, lag; "running" with its holder while a service on the same store holds its lease, "stopped" when none does',
  )
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { json?: boolean }) => {
    const statuses = await withRuntime((runtime) => runtime.projections.inspect(), { needStore: true });
    if (options.json) console.log(JSON.stringify(statuses, null, 2));
    else printStatus(statuses);
  });

projections
  .command('rebuild')
  .description('rebuild a projection from the whole history into a new build, then switch queries to it')
  .argument('<name>', 'projection name (see `coop projections status`)')
  .action(async (name: string) => {
    const [{ contexts }, { positionParts }, { SingleBar, Presets }] = await Promise.all([
      import('./contexts.js'),
      import('./platform/event-store/position.js'),
      import('cli-progress'),
    ]);
    await withRuntime(
      async (runtime) => {
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
      },
      { needStore: true },
    );
  });

program
  .command('copy')
  .description('copy a whole history between stores (ids, revisions, metadata and hashes intact); re-run to resume')
  .requiredOption('--from <source>', 'a data directory (embedded store) or an esdb://, kurrentdb:// or kurrent:// URL')
  .requiredOption('--to <target>', 'a data directory or an esdb://, kurrentdb:// or kurrent:// URL')
  .action(async (options: { from: string; to: string }) => {
    const [{ copyHistory }, { positionParts }, { SingleBar, Presets }] = await Promise.all([
      import('./platform/event-store/copy.js'),
      import('./platform/event-store/position.js'),
      import('cli-progress'),
    ]);
    const from = await openStorage(options.from, { needStore: true });
    const to = await openStorage(options.to);
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
        'Personal-data keys are not in the event store: move keys.sqlite and blind-index.key (or their server settings) too; ' +
          'the seal key (seal-key, or COOP_SEAL_KEY) too if the target is to sign new seals (its public keys are in the events).',
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
async function openStorage(spec: string, options: { needStore?: boolean } = {}): Promise<EventStorage> {
  const { EventStoreDbStorage, isEventStoreDbUrl } = await import('./platform/event-store/eventstoredb/esdb-event-storage.js');
  if (isEventStoreDbUrl(spec)) return new EventStoreDbStorage(spec);
  const file = join(resolve(spec), 'events.sqlite');
  if (options.needStore && !embeddedStoreIn(spec)) throw new NoEventStoreError(file);
  const { SqliteEventStorage } = await import('./platform/event-store/sqlite/sqlite-event-storage.js');
  return new SqliteEventStorage(file);
}

const keys = program.command('keys').description('issue and revoke API keys (as the CLI, an admin on this machine)');

keys
  .command('issue')
  .description('issue an API key; it is printed once')
  .addOption(new Option('--role <role>', 'the role of the key').choices(CLI_ROLES).makeOptionMandatory())
  .requiredOption('--label <label>', 'what or who the key is for')
  .option('--types <types>', 'a service key: the event types it may read, comma-separated')
  .option('--categories <categories>', 'a service key: the stream categories it may read, comma-separated')
  .action(async (options: { role: string; label: string; types?: string; categories?: string }) => {
    const [{ apiKeyDecider }, { apiKeyStream }, { hashApiKey, keyIdOf, newApiKey }, { ReadScope }, { randomIds }] =
      await Promise.all([
        import('./platform/auth/api-key.decider.js'),
        import('./platform/auth/api-key-events.js'),
        import('./platform/auth/api-keys.js'),
        import('./platform/auth/read-scope.js'),
        import('./platform/ids.js'),
      ]);
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
          role: options.role as never,
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
    const [{ apiKeyDecider }, { apiKeyStream }, { randomIds }] = await Promise.all([
      import('./platform/auth/api-key.decider.js'),
      import('./platform/auth/api-key-events.js'),
      import('./platform/ids.js'),
    ]);
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

auditCommands(program, withRuntime, undefined, withEventStore);
reportCommands(program, withRuntime);
reviewCommands(program, withEventStore);
booksCommands(program, withRuntime);

// What each command reads, in its --help, with the directory and servers as configured now.
const READS: Record<string, Parameters<typeof storesHelp>[0]> = {
  serve: { events: true, readModels: true, keys: true },
  'projections status': { events: true, readModels: true },
  'projections rebuild': { events: true, readModels: true },
  'keys issue': { events: true },
  'keys revoke': { events: true },
  'audit verify': { events: true },
  'audit seal': { events: true },
  'audit prove': { events: true },
  'audit consistency': { events: true },
  'audit timestamp-request': { events: true },
  'audit timestamp-import': { events: true },
  'audit sign': { events: true },
  'audit keys': { events: true },
  'audit rotate-key': { events: true },
  'audit witness-add': { events: true },
  'audit cosign': { events: true },
  'audit replay': { events: true, readModels: true, keys: true },
  'audit bundle': { events: true, keys: true },
  'audit check-bundle': { only: 'the bundle directory it is given' },
  'audit witness-init': { only: "the witness's key file it writes (--out), on the witness's machine" },
  copy: { only: 'the stores --from and --to name (each a data directory or an EventStoreDB URL)' },
  'report social': { events: true, readModels: true, keys: true },
  'report review': { events: true, readModels: true, keys: true },
  'books print': { events: true, readModels: true, keys: true },
};
const path = (command: Command): string =>
  command.parent && command.parent !== program ? `${path(command.parent)} ${command.name()}` : command.name();
const everyCommand = (command: Command): Command[] => command.commands.flatMap((c) => [c, ...everyCommand(c)]);
for (const command of everyCommand(program)) {
  const reads = READS[path(command)];
  if (reads) command.addHelpText('after', () => storesHelp({ ...reads, dataDir: dataDirArgument() }));
}
program.addHelpText('after', () => storesHelp({ events: true, readModels: true, keys: true, dataDir: dataDirArgument() }));

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
