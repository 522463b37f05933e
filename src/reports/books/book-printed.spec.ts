import { describe, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { bookPrintDecider, type BookPrintedData, type RecordBookPrint } from './book-printed.js';

const now = new Date('2026-03-02T10:00:00Z');
const seal = { index: 3, root: 'c'.repeat(64), treeSize: 2_301 };
const printOf = (sha256: string, pages: [number, number] = [13, 24]): RecordBookPrint => ({
  type: 'RecordBookPrint',
  book: 'board',
  year: 2025,
  firstPage: pages[0],
  lastPage: pages[1],
  sha256,
  seal,
  actor: { keyId: 'k-secretary', role: 'secretary' },
});
const printed = (command: RecordBookPrint, printedAt = now): { type: 'BookPrinted'; data: BookPrintedData } => {
  const { type: _type, ...data } = command;
  return { type: 'BookPrinted', data: { ...data, printedAt: printedAt.toISOString() } };
};

describe('printing a legal book of a year', () => {
  it('records the first print with its sha256, pages, seal, time and actor', () =>
    given(bookPrintDecider)
      .when(printOf('a'.repeat(64)), now)
      .then([printed(printOf('a'.repeat(64)))]));

  describe('when the year was printed already', () => {
    const before = new Date('2026-02-01T08:00:00Z');
    const history = [printed(printOf('a'.repeat(64)), before)];

    it('records nothing for a print with the same bytes', () =>
      given(bookPrintDecider, history)
        .when(printOf('a'.repeat(64)), now)
        .then([]));

    it('records a new print when the bytes differ (an entry or the seal changed)', () =>
      given(bookPrintDecider, history)
        .when(printOf('b'.repeat(64), [13, 25]), now)
        .then([printed(printOf('b'.repeat(64), [13, 25]))]));
  });
});
