import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Runtime } from '../../platform/runtime.js';
import type { ReviewEvent } from './review-check.js';

/**
 * What the review runs on: the event log alone (the CLI gives it `withEventStore`, so that no
 * read model, vault or projection worker is opened on a data directory a service may be using).
 */
type WithEventLog = <T>(
  work: (store: Pick<Runtime, 'events'> & { config: Pick<Runtime['config'], 'cooperativeName'> }) => Promise<T>,
  options?: { needStore?: boolean },
) => Promise<T>;

/** Sets the exit status without exiting, so the store is closed first; tests pass their own. */
export type SetExitCode = (code: number) => void;
const processExitCode: SetExitCode = (code) => {
  process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
};

/** Every event of the history as the review reads it, with its log index. */
export async function readHistory(runtime: Pick<Runtime, 'events'>): Promise<ReviewEvent[]> {
  const history: ReviewEvent[] = [];
  for await (const event of runtime.events.readAll())
    history.push({
      id: event.id,
      type: event.type,
      data: event.data,
      index: history.length,
      occurredAt: event.metadata.occurredAt,
    });
  return history;
}

const yearArgument = (value: string) => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a year, e.g. 2025');
  return Number(value);
};

/**
 * `coop report review --year Y`: the review pack (revisione cooperativa) of a year, as HTML
 * PDF/A or JSON written to a file, with each check's outcome printed, then the verdict; the
 * exit status is 1 when a check failed (the cases are in the pack), 0 otherwise.
 */
export function reviewCommands(program: Command, withEventLog: WithEventLog, exit: SetExitCode = processExitCode): void {
  const report =
    program.commands.find((c) => c.name() === 'report') ?? program.command('report').description('reports of a year');
  report
    .command('review')
    .description(
      'the review pack (revisione cooperativa, D.Lgs. 220/2002): each check passed, failed with its cases, or not applicable',
    )
    .requiredOption('--year <year>', 'the year under review', yearArgument)
    .option('--out <file>', 'where to write the pack (default: revisione-<year>.html in the current directory)')
    .option('--format <format>', 'html, pdf (PDF/A-2b) or json', 'html')
    .action(async (options: { year: number; out?: string; format: string }) => {
      if (!['html', 'pdf', 'json'].includes(options.format)) throw new InvalidArgumentError('--format is html, pdf or json');
      const [
        { writeFile },
        { resolve },
        { reviewPack },
        { reviewHtml },
        { reviewPdf },
        { systemClock },
        { recordedCooperativeName },
      ] = await Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('./review-pack.js'),
        import('./review-html.js'),
        import('./review-pdf.js'),
        import('../../platform/clock.js'),
        import('../../governance/public.js'),
      ]);
      const pack = await withEventLog(
        async (store) => {
          // The name the statute settings record at the year's end, else the configured one (COOP_NAME).
          const [history, cooperative] = await Promise.all([
            readHistory(store),
            recordedCooperativeName(store.events, store.config.cooperativeName, `${options.year}-12-31`),
          ]);
          return reviewPack(history, options.year, systemClock.now().toISOString(), cooperative);
        },
        { needStore: true },
      );
      const file = resolve(options.out ?? `revisione-${options.year}.${options.format}`);
      if (options.format === 'pdf') {
        const pdf = await reviewPdf(pack);
        await writeFile(file, pdf.bytes);
        console.log(`sha256 ${pdf.sha256}, ${pdf.pageCount} pagine`);
      } else await writeFile(file, options.format === 'json' ? JSON.stringify(pack, null, 2) : reviewHtml(pack));
      for (const check of pack.checks)
        console.log(
          `${check.status.padEnd(15)} ${check.code.padEnd(6)} ${check.name}: ${check.summary}${check.cases.length ? ` (${check.cases.length} casi)` : ''}`,
        );
      const failed = pack.checks.filter((check) => check.status === 'failed');
      console.log(
        failed.length
          ? `revisione ${pack.year}: ${failed.length} verifiche non superate (${failed.map((c) => c.name).join('; ')})`
          : `revisione ${pack.year}: nessuna verifica non superata`,
      );
      console.log(file);
      if (failed.length) exit(1);
    });
}
