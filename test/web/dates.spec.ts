import { describe, expect, it } from '@jest/globals';
import { formatDate } from '../../web/src/i18n/format.js';
import { parseDate, showDate } from '../../web/src/ui/dates.js';

describe('a date typed the Italian way', () => {
  it.each([
    ['01/02/2026', '2026-02-01'],
    ['1/2/2026', '2026-02-01'],
    ['01-02-2026', '2026-02-01'],
    ['01.02.2026', '2026-02-01'],
    [' 2026-02-01 ', '2026-02-01'],
    ['29/02/2028', '2028-02-29'],
  ])('reads %s as %s', (text, iso) => expect(parseDate(text)).toEqual({ kind: 'date', iso }));

  it('tells a date that does not exist from one not written as a date', () => {
    expect(parseDate('31/02/2026')).toEqual({ kind: 'invalid' });
    expect(parseDate('29/02/2026')).toEqual({ kind: 'invalid' });
    expect(parseDate('13/13/2026')).toEqual({ kind: 'invalid' });
    expect(parseDate('02/01/26')).toEqual({ kind: 'format' });
    expect(parseDate('domani')).toEqual({ kind: 'format' });
    expect(parseDate('')).toEqual({ kind: 'empty' });
  });

  it('shows a business date as gg/mm/aaaa', () => expect(showDate('2026-02-01')).toBe('01/02/2026'));
});

describe('dates shown in Europe/Rome', () => {
  it('a business date is shown as it is', () => expect(formatDate('2026-02-01')).toBe('01/02/2026'));
  it('an instant late in the UTC evening is already the next day in Rome', () => {
    expect(formatDate('2026-03-01T23:30:00.000Z')).toBe('02/03/2026');
    expect(formatDate('2026-07-31T22:15:00Z')).toBe('01/08/2026');
    expect(formatDate('2026-07-31T21:59:00Z')).toBe('31/07/2026');
  });
});
