import { describe, expect, it } from '@jest/globals';
import { italianDate } from './dates.js';

describe('italianDate', () => {
  it('writes a business date as gg/mm/aaaa', () => expect(italianDate('2024-03-18')).toBe('18/03/2024'));
  it('leaves what is not a date as it is, and nothing as nothing', () => {
    expect(italianDate('prima del 2020')).toBe('prima del 2020');
    expect(italianDate('2025-12-31T23:00:00.000Z')).toBe('2025-12-31T23:00:00.000Z');
    expect(italianDate(null)).toBe('');
  });
});
