import { describe, expect, it } from '@jest/globals';
import { italianDate, italianDatesIn, italianTimestamp } from './dates.js';

describe('italianDate', () => {
  it('writes a business date as gg/mm/aaaa', () => expect(italianDate('2024-03-18')).toBe('18/03/2024'));
  it('leaves what is not a date as it is, and nothing as nothing', () => {
    expect(italianDate('prima del 2020')).toBe('prima del 2020');
    expect(italianDate('2025-12-31T23:00:00.000Z')).toBe('2025-12-31T23:00:00.000Z');
    expect(italianDate(null)).toBe('');
  });
});

describe('italianDatesIn', () => {
  it('writes every business date of a sentence as gg/mm/aaaa', () =>
    expect(italianDatesIn('presentata il 2025-02-03, senza decisione al 2025-12-31 (termine 2025-04-04)')).toBe(
      'presentata il 03/02/2025, senza decisione al 31/12/2025 (termine 04/04/2025)',
    ));
  it('leaves timestamps, ids and longer numbers as they are', () => {
    expect(italianDatesIn('alle 2025-12-31T23:00:00.000Z')).toBe('alle 2025-12-31T23:00:00.000Z');
    expect(italianDatesIn('id 12025-01-011 e a1b2-2025-01-01')).toBe('id 12025-01-011 e a1b2-2025-01-01');
  });
});

describe('italianTimestamp', () => {
  it('states a UTC timestamp as gg/mm/aaaa, hh:mm UTC', () =>
    expect(italianTimestamp('2026-02-01T08:05:00.000Z')).toBe('01/02/2026, 08:05 UTC'));
});
