import type { RegisterLine } from '../membership/public.js';

/**
 * What the two CSVs of the member register an auditor gets have in common: the bundle's book
 * (`bundle/bundle-books.ts`) and the register rebuilt from the events (`register-audit.ts`,
 * D8). Each keeps its own first columns and its exit cause (the bundle's in Italian); the
 * columns from the category to the exit date, the euro amounts and the RFC 4180 writing are
 * these, so the two stay the same where they are the same.
 */

export type CsvColumn<R> = [name: string, get: (row: R) => string | number | null | undefined];

/** Cents as euros with two decimals, as every export of the service writes them. */
export const euros = (cents: number) => (cents / 100).toFixed(2);

/** The columns of a register line from its category to its exit date (c.c. art. 2421 c. 1 n. 1). */
export const registerLineColumns = <R extends RegisterLine>(): Array<CsvColumn<R>> => [
  ['categoria', (l) => l.category],
  ['sezione', (l) => l.section],
  ['data_ammissione', (l) => l.admittedOn],
  ['delibera_ammissione', (l) => l.boardResolutionId],
  ['quote_sottoscritte', (l) => l.shares.count],
  ['capitale_sottoscritto_eur', (l) => euros(l.shares.subscribedCents)],
  ['capitale_versato_eur', (l) => euros(l.shares.paidCents)],
  ['capitale_rimborsato_eur', (l) => euros(l.shares.refundedCents)],
  ['data_uscita', (l) => l.exit?.date ?? null],
];

/**
 * RFC 4180 CSV (CRLF after every line, the header first). A cell is quoted when it holds a
 * character of `quoted` (by default `"`, comma, CR and LF; the bundle's books quote `;` too,
 * as they always have); null and undefined are empty cells.
 */
export function csv<R>(columns: ReadonlyArray<CsvColumn<R>>, rows: readonly R[], quoted = /[",\n\r]/): string {
  const cell = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    return quoted.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.map(([name]) => name).join(','), ...rows.map((r) => columns.map(([, get]) => cell(get(r))).join(','))]
    .map((line) => line + '\r\n')
    .join('');
}
