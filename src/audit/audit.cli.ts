import { Command, InvalidArgumentError, Option } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import type { StoreRuntime } from '../cli-runtime.js';
import type { Runtime } from '../platform/runtime.js';
import type { ReplayableBook } from './book-replay.js';
import { bundleCommands } from './bundle/bundle.cli.js';
import {
  CLI_ACTOR,
  describeComparison,
  describeConsistency,
  describeInclusion,
  describeReport,
  describeSeal,
} from './audit-describe.js';
import { describeTimestamps, timestampCommands } from './timestamps/timestamp.cli.js';
import { signingCommands, signingContext } from './signing/signing.cli.js';

/**
 * `coop audit …`: what the collegio sindacale or the federation's revisore runs on the
 * machine that holds the books, so that checking them needs neither the HTTP service nor
 * trust in it. `verify` exits non-zero on any break so it can gate a scheduled job;
 * `seal` fixes the history in a root worth time-stamping outside the store (c.c. art.
 * 2215-bis); `replay` rebuilds a book from the events alone and, with `--compare`, holds
 * the service's answer against it.
 */

/**
 * Runs `work` on a runtime over the configured stores. With `needStore`, a data directory
 * holding no event store is an error ("no event store at …"), never an empty history.
 * The commands' modules are imported when they run, so `coop --help` loads none of them.
 */
export type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>, options?: { needStore?: boolean }) => Promise<T>;

/** The same over the event store alone (no read models, vault or projections): what `verify` needs. A WithRuntime is one. */
export type WithEventStore = <T>(work: (store: StoreRuntime) => Promise<T>, options?: { needStore?: boolean }) => Promise<T>;

const STORE = { needStore: true };

/** YYYY-MM-DD and a day of the calendar (as the events' BusinessDate), without loading a schema. */
const isBusinessDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** Where the commands write and how they fail; tests pass their own. */
export interface AuditIo {
  out(text: string): void;
  err(text: string): void;
  /** Sets the exit code without exiting, so the runtime is closed first. */
  exit(code: number): void;
  /** Show a progress bar on stderr. */
  progress: boolean;
}

const processIo: AuditIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  exit: (code) => {
    process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
  },
  progress: Boolean(process.stderr.isTTY),
};

const json = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';

export function auditCommands(
  program: Command,
  withRuntime: WithRuntime,
  io: AuditIo = processIo,
  withEventStore: WithEventStore = withRuntime,
): Command {
  const audit = program
    .command('audit')
    .description(
      "auditors' integrity tools: verify, seal, prove, consistency, timestamp-request, timestamp-import, replay, bundle, check-bundle, sign, keys, rotate-key, witness-init, witness-add, cosign",
    );

  audit
    .command('verify')
    .description('recompute every hash chain, schema and seal from the raw events; exit code 1 on any break')
    .option('--json', 'print the report as JSON')
    .option('--trust <pem>', 'trust anchors of the time-stamping authorities (PEM); default COOP_TSA_TRUST_ANCHORS')
    .option(
      '--workers <n>',
      'threads verifying disjoint ranges of $all (the embedded store; default: one per core, 1 for this thread alone)',
      (value: string) => {
        if (!/^[1-9]\d{0,2}$/.test(value)) throw new InvalidArgumentError(`not a number of threads: ${value}`);
        return Number(value);
      },
    )
    .action(async (options: { json?: boolean; trust?: string; workers?: number }) => {
      const [{ Presets, SingleBar }, { positionParts }, { verifyHistory }, { loadTrustAnchors, sealTimestampsReport }, os] =
        await Promise.all([
          import('cli-progress'),
          import('../platform/event-store/position.js'),
          import('./verify.js'),
          import('./timestamps/seal-timestamps.js'),
          import('node:os'),
        ]);
      const anchors = loadTrustAnchors(options.trust);
      let timestamps: Awaited<ReturnType<typeof sealTimestampsReport>> | undefined;
      const report = await withEventStore(async (runtime) => {
        timestamps = await sealTimestampsReport(runtime.events, anchors);
        const storage = runtime.events.storage;
        const head = await storage.headPosition();
        const total = head ? Number(positionParts(head).commit) : 0;
        const started = Date.now();
        const bar = new SingleBar(
          {
            format: 'verify [{bar}] {percentage}% | {events} events | {rate} events/s | {eta_formatted} left',
            etaBuffer: 50,
          },
          Presets.shades_classic,
        );
        if (io.progress) bar.start(total, 0, { events: 0, rate: 0 });
        try {
          return await verifyHistory(storage, runtime.registry, {
            workers: options.workers ?? os.availableParallelism(),
            onProgress: (events, position) => {
              if (!io.progress) return;
              const seconds = Math.max((Date.now() - started) / 1000, 0.001);
              bar.update(position ? Number(positionParts(position).commit) : 0, { events, rate: Math.round(events / seconds) });
            },
          });
        } finally {
          if (io.progress) bar.stop();
        }
      }, STORE);
      io.out(options.json ? json({ ...report, timestamps }) : describeReport(report) + describeTimestamps(timestamps!));
      if (!report.ok || !timestamps!.ok) io.exit(1);
    });

  timestampCommands(audit, withRuntime, io);

  audit
    .command('seal')
    .description(
      "append LedgerSealed over every event of $all: its tree size and RFC 9162 log root (and the stream heads' root), signed with the seal key; refused (exit 1) if a chain is broken",
    )
    .option('--json', 'print the seal as JSON')
    .action(async (options: { json?: boolean }) => {
      const [{ BrokenHistoryError }, { sealAndSign }, { StateConflict }] = await Promise.all([
        import('./seal.js'),
        import('./signing/seal-signing.js'),
        import('../platform/errors/domain-errors.js'),
      ]);
      let receipt;
      try {
        receipt = await withRuntime(async (runtime) => sealAndSign(await signingContext(runtime)), STORE);
      } catch (error) {
        if (!(error instanceof BrokenHistoryError || error instanceof StateConflict)) throw error;
        io.err(`${error.message}\n`);
        io.exit(1);
        return;
      }
      io.out(options.json ? json({ ...receipt, actor: CLI_ACTOR }) : describeSeal(receipt));
    });

  const sealNumber = (value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`not a seal number (see GET /audit/seals): ${value}`);
    return Number(value);
  };
  /** A proof asked of a seal or an event that does not exist, or of a history no longer as sealed: said, exit 1. */
  const refused = async (work: () => Promise<void>) => {
    const { NotFoundError, StateConflict } = await import('../platform/errors/domain-errors.js');
    try {
      await work();
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof StateConflict)) throw error;
      io.err(`${error.message}\n`);
      io.exit(1);
    }
  };

  audit
    .command('prove')
    .description(
      "print the inclusion proof (RFC 9162 §2.1.3) of an event in a seal: with the seal's log root alone, anyone can check the event is in the sealed history, at its log index",
    )
    .requiredOption('--event <id>', 'the event id')
    .option('--seal <n>', 'the seal number (its revision in ledgerSeal-main); by default the latest', sealNumber)
    .option('--json', 'print the proof as JSON')
    .action(async (options: { event: string; seal?: number; json?: boolean }) =>
      refused(async () => {
        const { proveInclusion } = await import('./proofs.js');
        const proof = await withEventStore((runtime) => proveInclusion(runtime.events, options.event, options.seal), STORE);
        io.out(options.json ? json(proof) : describeInclusion(proof));
      }),
    );

  audit
    .command('consistency')
    .description(
      'print the consistency proof (RFC 9162 §2.1.4) between two seals: with their two log roots alone, anyone can check that the newer history extends the older one unchanged',
    )
    .argument('<older>', 'the older seal number', sealNumber)
    .argument('<newer>', 'the newer seal number', sealNumber)
    .option('--json', 'print the proof as JSON')
    .action(async (older: number, newer: number, options: { json?: boolean }) =>
      refused(async () => {
        const { proveConsistency } = await import('./proofs.js');
        const proof = await withEventStore((runtime) => proveConsistency(runtime.events, older, newer), STORE);
        io.out(options.json ? json(proof) : describeConsistency(proof));
      }),
    );

  audit
    .command('replay')
    .description(
      'rebuild a book as of a date from the events alone; the books of minutes and the admissions hold what was held or decided by then (business date), in date order; --compare holds the read model against the book (exit 1 when it differs, is not built or is behind)',
    )
    .requiredOption('--as-of <date>', 'business date, YYYY-MM-DD', (value: string) => {
      if (!isBusinessDate(value)) throw new InvalidArgumentError(`not a date (YYYY-MM-DD): ${value}`);
      return value;
    })
    .addOption(
      new Option(
        '--book <book>',
        'which book: the register, the books of minutes, the admissions of the year, the register of volunteers',
      )
        .choices(['register', 'assemblies', 'board', 'admissions', 'volunteers', 'events'])
        .default('register'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .option('--compare', "compare with the read model's answer; exit code 1 on any difference")
    .action(
      async (options: {
        asOf: string;
        book: 'register' | 'events' | ReplayableBook;
        format: 'json' | 'csv';
        compare?: boolean;
      }) => {
        // One after the other: both load membership's public files, and jest's ESM loader fails
        // on two dynamic imports in flight that share a module ("request for … is not in
        // cache", jestjs/jest#11434); Node itself does not.
        const { eventLog, replayBook } = await import('./book-replay.js');
        const { diffRegisters, readModelRegister, registerCsv, replayRegister } = await import('./register-audit.js');
        if (options.book === 'events') {
          // Who recorded what, when, through which request: one JSON line per event recorded by then.
          await withRuntime(async (runtime) => {
            for await (const line of eventLog(runtime.events, options.asOf)) io.out(JSON.stringify(line) + '\n');
          }, STORE);
          return;
        }
        if (options.book !== 'register') {
          if (options.format === 'csv') throw new InvalidArgumentError('--format csv is for --book register');
          const book = options.book;
          const compared = await withRuntime(async (runtime) => {
            io.out(json(await replayBook(runtime.events, book, options.asOf, runtime.vault)));
            if (!options.compare) return undefined;
            const { compareBook, describeBookComparison } = await import('./book-compare.js');
            const comparison = await compareBook(runtime.events, runtime.projections, runtime.readModels, book, options.asOf);
            io.err(describeBookComparison(comparison));
            return comparison.status;
          }, STORE);
          if (compared !== undefined && compared !== 'same') io.exit(1);
          return;
        }
        const differences = await withRuntime(async (runtime) => {
          const head = (await runtime.events.headPosition()) ?? null;
          const lines = await replayRegister(runtime.events, options.asOf, head);
          io.out(
            options.format === 'csv'
              ? registerCsv(lines)
              : json({ book: options.book, asOf: options.asOf, position: head, members: lines }),
          );
          if (!options.compare) return [];
          const model = await readModelRegister(runtime.projections, runtime.readModels, options.asOf);
          if (model.position === null && head !== null) {
            io.err(
              `NOT BUILT: member-register build ${model.build} has projected nothing of the events up to position ${head}; ` +
                'start the service (or coop projections rebuild member-register) and compare again\n',
            );
            return 'not-built' as const;
          }
          // Compared where the read model stands, so that one merely behind is not called wrong…
          const reference = model.position === head ? lines : await replayRegister(runtime.events, options.asOf, model.position);
          const found = diffRegisters(reference, model.lines);
          const behind = model.position !== head && !isDeepStrictEqual(reference, lines);
          io.err(
            describeComparison(options.asOf, model.build, model.position, behind ? head : undefined, reference.length, found),
          );
          // …but not called current either: what it answers today is not the register.
          if (behind && found.length === 0) return 'behind' as const;
          return found;
        }, STORE);
        if (differences === 'not-built' || differences === 'behind' || differences.length > 0) io.exit(1);
      },
    );

  bundleCommands(audit, withRuntime, io, isBusinessDate);

  signingCommands(audit, withRuntime, io);
  return audit;
}
