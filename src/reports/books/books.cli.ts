import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { WithRuntime } from '../../audit/public.js';
import type { LegalBook } from './book-printed.js';

const BOOKS = ['register', 'assemblies', 'board', 'volunteers'];
const CLI_ACTOR = { keyId: 'cli', role: 'admin' };

const bookOf = (value: string): LegalBook => {
  if (!BOOKS.includes(value)) throw new InvalidArgumentError(`one of ${BOOKS.join(', ')}`);
  return value as LegalBook;
};
const yearOf = (value: string): number => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a year such as 2025');
  return Number(value);
};

/**
 * `coop books print --book B --year Y [--out FILE]`: prints a legal book of a year as PDF/A-2b
 * and records `BookPrinted` with its sha256 (nothing new when the last print has the same
 * bytes); warns when the book's entries are not sealed yet, since the footer then names no seal.
 */
export function booksCommands(program: Command, withRuntime: WithRuntime): Command {
  const books = program
    .command('books')
    .description('print the legal books (libro soci, libri delle adunanze, registro dei volontari)');
  books
    .command('print')
    .description('print a book of a year as PDF/A-2b, numbered on from the year before, and record its sha256 (BookPrinted)')
    .requiredOption('--book <book>', `the book: ${BOOKS.join(', ')}`, bookOf)
    .requiredOption('--year <year>', 'the year of the book', yearOf)
    .option('--out <file>', 'where to write the PDF (default: <book>-<year>.pdf in the current directory)')
    .action(async (options: { book: LegalBook; year: number; out?: string }) => {
      const [{ writeFile }, { resolve }, { withCaughtUpApp }, { BookPrinter }, { randomIds }] = await Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('../cli-app.js'),
        import('./book-printer.js'),
        import('../../platform/ids.js'),
      ]);
      await withRuntime(
        (runtime) =>
          // The app starts the projections; the book is read once they hold the whole history.
          withCaughtUpApp(runtime, async (app) => {
            const started = Date.now();
            const printer = app.get(BookPrinter);
            if ((await printer.render(options.book, options.year)).sealing.lastEntryIndex === null) {
              console.error(`no entry of the ${options.book} book by the end of ${options.year}: nothing to print`);
              process.exitCode = 1;
              return;
            }
            const printed = await printer.print(options.book, options.year, { commandId: randomIds.next(), actor: CLI_ACTOR });
            const file = resolve(options.out ?? `${options.book}-${options.year}.pdf`);
            await writeFile(file, printed.rendered.pdf.bytes);
            if (!printed.seal)
              console.warn(
                `warning: the book's last entry (log index ${printed.rendered.sealing.lastEntryIndex}) is not sealed yet: ` +
                  'run `coop audit seal`, then print again so the footer names the seal',
              );
            console.log(
              `${options.book} ${options.year}: pagine ${printed.firstPage}–${printed.lastPage}, sha256 ${printed.sha256}, ` +
                `${printed.seal ? `sigillo n. ${printed.seal.index} (${printed.seal.treeSize} eventi)` : 'non sigillato'}, ` +
                `${printed.recorded ? `BookPrinted at ${printed.position}` : 'same bytes as the last print: nothing recorded'}, ` +
                `${Date.now() - started} ms → ${file}`,
            );
          }),
        { needStore: true },
      );
    });
  return books;
}
