import { InvalidArgumentError, Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { AuditIo, WithRuntime } from '../audit.cli.js';
import type { BundleCheckReport } from './check-bundle.js';
import type { BundleReceipt } from './write-bundle.js';

/**
 * `coop audit bundle` writes one book as of a date with everything needed to check it offline;
 * `coop audit check-bundle DIR` checks such a directory with no store and no service: what an
 * auditor archives with the year's review, and checks again years later.
 */
export function bundleCommands(
  audit: Command,
  withRuntime: WithRuntime,
  io: AuditIo,
  isBusinessDate: (value: string) => boolean,
): void {
  audit
    .command('bundle')
    .description(
      'write an offline bundle of a book as of a date: the book (CSV, printable HTML), its source events with their hashes and inclusion proofs, the covering seal and every ledgerSeal* event (signatures, time-stamps), and a manifest of sha256',
    )
    .addOption(
      new Option('--book <book>', 'which book')
        .choices(['register', 'assemblies', 'board', 'admissions', 'volunteers'])
        .makeOptionMandatory(),
    )
    .requiredOption('--as-of <date>', 'business date, YYYY-MM-DD', (value: string) => {
      if (!isBusinessDate(value)) throw new InvalidArgumentError(`not a date (YYYY-MM-DD): ${value}`);
      return value;
    })
    .requiredOption('--out <dir>', 'a new or empty directory')
    .option('--seal <n>', 'the covering seal (its number); by default the latest', (value: string) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`not a seal number: ${value}`);
      return Number(value);
    })
    .option('--json', 'print the receipt as JSON')
    .action(async (options: { book: 'register'; asOf: string; out: string; seal?: number; json?: boolean }) => {
      const [{ writeBundle }, { NotFoundError, StateConflict }] = await Promise.all([
        import('./write-bundle.js'),
        import('../../platform/errors/domain-errors.js'),
      ]);
      try {
        const receipt = await withRuntime(
          (runtime) =>
            writeBundle(runtime.events.storage, runtime.registry, runtime.vault, {
              book: options.book,
              asOf: options.asOf,
              out: resolve(options.out),
              ...(options.seal !== undefined ? { seal: options.seal } : {}),
            }),
          { needStore: true },
        );
        io.out(options.json ? JSON.stringify(receipt, null, 2) + '\n' : describeReceipt(receipt));
        if (receipt.afterSeal > 0)
          io.err(
            `note: ${receipt.afterSeal} event(s) of this book were recorded after seal ${receipt.seal} and are not in the bundle; run coop audit seal and bundle again to include them\n`,
          );
      } catch (error) {
        if (!(error instanceof NotFoundError || error instanceof StateConflict)) throw error;
        io.err(`${error.message}\n`);
        io.exit(1);
      }
    });

  audit
    .command('check-bundle')
    .description(
      'check an offline bundle with nothing but its files: sha256, hashes, inclusion proofs into the seal, the book rebuilt from the bundled events, the evidence; exit code 1 on any problem',
    )
    .argument('<dir>', 'the bundle directory')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: { json?: boolean }) => {
      const [{ checkBundle }, { EventRegistry }, { contexts }] = await Promise.all([
        import('./check-bundle.js'),
        import('../../platform/event-store/event-registry.js'),
        import('../../contexts.js'),
      ]);
      const registry = new EventRegistry();
      for (const context of contexts) registry.register(...context.events);
      const report = await checkBundle(resolve(dir), registry);
      io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : describeCheck(report));
      if (!report.ok) io.exit(1);
    });
}

function describeReceipt(r: BundleReceipt): string {
  return (
    [
      `bundle of the ${r.book} as of ${r.asOf} written to ${r.out}`,
      `  covered by  seal ${r.seal}: the first ${r.treeSize} events of $all, log root ${r.logRoot}`,
      `  events      ${r.events} source events, each with its inclusion proof; ${r.evidence} ledgerSeal* events`,
      ...r.files.map((f) => `  ${f.name.padEnd(13)} ${f.sha256} (${f.bytes} bytes)`),
      'Check it anywhere with: coop audit check-bundle <dir>',
    ].join('\n') + '\n'
  );
}

function describeCheck(r: BundleCheckReport): string {
  const lines = [
    r.book
      ? `bundle of the ${r.book} as of ${r.asOf}, seal ${r.seal?.number} (${r.seal?.treeSize} events, log root ${r.seal?.logRoot})`
      : 'bundle',
    `  ${r.events} events checked; ${r.evidence.length} evidence finding(s)`,
    ...r.evidence.map((f) => `  ${f.ok ? 'ok ' : 'BAD'} ${f.checker}: ${f.message}`),
  ];
  if (r.ok) lines.push('INTACT: every file, hash and proof checks out, and the bundled events give the bundled book');
  else lines.push(`BROKEN: ${r.problems.length} problem(s)`, ...r.problems.map((p) => `  ${p.file}: ${p.problem}`));
  return lines.join('\n') + '\n';
}
