import { pino } from 'pino';
import { contexts } from '../contexts.js';
import { loadConfig } from '../platform/config/config.js';
import { createRuntime } from '../platform/runtime.js';
import { SEED_STATUTE } from './governance.js';
import { seedHistory, type SeedProgress } from './history.js';

/**
 * `npm run seed -- --members N --years Y --seed S [--until YYYY-MM-DD]`: fills the configured
 * event store (COOP_DATA_DIR, or EventStoreDB when EVENTSTORE_URL is set) with a generated,
 * deterministic history of the cooperative. Projections catch up when the service starts.
 */
const USAGE = `usage: npm run seed -- [--members N] [--years Y] [--seed S] [--until YYYY-MM-DD]

  --members N   members to admit (default 1000); about 2 % more applications stay pending
  --years Y     spread business dates over Y years before --until (default 10)
  --seed S      the same seed gives the same history (default 1); seeding again needs another seed
  --until D     no business date on or after D (default 2026-01-01)

Writes where the service reads: COOP_DATA_DIR (default ./data), or EventStoreDB if EVENTSTORE_URL is set.`;

interface Flags {
  members: number;
  years: number;
  seed: number | string;
  until: string;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { members: 1_000, years: 10, seed: 1, until: '2026-01-01' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--members':
        flags.members = wholeNumber(name, value());
        break;
      case '--years':
        flags.years = Number(value());
        if (!(flags.years > 0)) throw new Error('--years must be a positive number');
        break;
      case '--seed': {
        const v = value();
        flags.seed = /^\d+$/.test(v) ? Number(v) : v;
        break;
      }
      case '--until':
        flags.until = value();
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return flags;
}

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text.replaceAll('_', ''))) throw new Error(`${name} must be a whole number`);
  return Number(text.replaceAll('_', ''));
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const config = loadConfig();
  const runtime = await createRuntime(config, contexts, { logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }) });
  const where = config.eventStoreUrl ? `EventStoreDB ${config.eventStoreUrl}` : config.dataDir;
  process.stderr.write(
    `seeding ${flags.members} members over ${flags.years} years before ${flags.until} (seed ${flags.seed}) into ${where}\n`,
  );
  const started = performance.now();
  let lastPrint = 0;
  const progress = (p: SeedProgress) => {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed - lastPrint < 1 && p.eventsWritten < p.eventsTotal) return;
    lastPrint = elapsed;
    // The total counts the membership phase only: board meetings, assemblies, contracts and
    // services come on top, so the members admitted are the measure of progress.
    process.stderr.write(
      `  ${p.eventsWritten} events, ${p.membersAdmitted}/${p.members} members admitted, ` +
        `${Math.round(p.eventsWritten / Math.max(elapsed, 1e-3))} events/s\n`,
    );
  };
  try {
    const result = await seedHistory({
      events: runtime.events,
      members: flags.members,
      years: flags.years,
      seed: flags.seed,
      until: flags.until,
      onProgress: progress,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
      governance: true,
      statute: SEED_STATUTE,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `seeded ${result.eventsWritten} events in ${seconds.toFixed(1)} s: ${result.members} members admitted ` +
        `(numbers ${result.firstMemberNumber}–${result.lastMemberNumber}, ${(result.volunteerShare * 100).toFixed(0)} % volunteers), ` +
        `${result.pendingApplications} applications pending; head position ${result.head ?? '-'}`,
    );
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
