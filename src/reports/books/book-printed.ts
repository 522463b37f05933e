import { z } from 'zod';
import type { Decider, DomainEvent } from '../../platform/commands/decider.js';
import { defineEvent } from '../../platform/event-store/event-registry.js';

/** The legal books printed as PDF/A (c.c. art. 2421 c. 1 n. 1, 3, 4; L. 381/1991 art. 2). */
export const LEGAL_BOOKS = ['register', 'assemblies', 'board', 'volunteers'] as const;
export type LegalBook = (typeof LEGAL_BOOKS)[number];

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** The seal printed in a book's footer: the newest that covers the book's last entry. */
export const PrintedSeal = z.object({
  /** The seal's revision in the seal stream (its number). */
  index: z.number().int().min(0),
  root: Hash,
  treeSize: z.number().int().min(1),
});
export type PrintedSeal = z.infer<typeof PrintedSeal>;

/**
 * A legal book of a year was printed (c.c. art. 2215-bis): the sha256 of the PDF/A file, so the
 * yearly time-stamp and the legal representative's digital signature, made outside on that file,
 * are bound to the log; its pages, so the next year's book continues the numbering; and the seal
 * its footer names (null when the book's last entry was not yet sealed).
 */
export const BookPrinted = defineEvent({
  type: 'BookPrinted',
  schemaVersion: 1,
  schema: z.object({
    book: z.enum(LEGAL_BOOKS),
    year: z.number().int(),
    firstPage: z.number().int().min(1),
    lastPage: z.number().int().min(1),
    sha256: Hash,
    seal: PrintedSeal.nullable(),
    printedAt: z.iso.datetime(),
    actor: z.object({ keyId: z.string().min(1), role: z.string().min(1) }),
  }),
});
export type BookPrintedData = z.infer<typeof BookPrinted.schema>;

export const legalBookStream = (book: LegalBook, year: number): string => `legalBook-${book}-${year}`;

export interface RecordBookPrint extends Omit<BookPrintedData, 'printedAt'> {
  type: 'RecordBookPrint';
}

export type BookPrintState = { last: BookPrintedData | null; prints: number };
type BookPrintEvent = DomainEvent<'BookPrinted', BookPrintedData>;

/**
 * A year's book is printed again only when its bytes differ from the last print: the same
 * entries under the same seal render the same bytes, so a reprint of them records nothing.
 */
export const bookPrintDecider: Decider<RecordBookPrint, BookPrintState, BookPrintEvent> = {
  initialState: () => ({ last: null, prints: 0 }),
  evolve: (state, event) => ({ last: event.data, prints: state.prints + 1 }),
  decide(command, state, { now }) {
    if (state.last?.sha256 === command.sha256) return [];
    const { type: _type, ...data } = command;
    return [{ type: 'BookPrinted', data: { ...data, printedAt: now.toISOString() } }];
  },
};
