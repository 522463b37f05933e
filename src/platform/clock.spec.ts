import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { businessDate } from './clock.js';

const zones = [
  'Europe/Rome',
  'Asia/Kolkata',
  'Australia/Lord_Howe', // a half-hour change of offset
  'America/Sao_Paulo', // summer time that began at midnight
  'Pacific/Chatham', // +12:45
  'Africa/Monrovia', // -0:44:30 until 1972
];
const formats = new Map(
  zones.map((timeZone) => [
    timeZone,
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ]),
);
const direct = (instant: Date, timeZone: string) => formats.get(timeZone)!.format(instant);

/** Midnights and changes of offset, where a kept date could go stale. */
const edges = [
  '2026-03-28T23:00:00Z', // midnight in Rome
  '2026-03-29T01:00:00Z', // Rome: summer time begins
  '2026-10-25T01:00:00Z', // Rome: summer time ends
  '2018-11-04T03:00:00Z', // São Paulo: summer time began at midnight
  '2026-04-04T15:00:00Z', // Lord Howe: back half an hour
  '1972-01-07T00:44:30Z', // Monrovia: its offset in seconds ends
  '1960-06-01T00:44:30Z', // Monrovia: midnight in the middle of a minute
].map((at) => Date.parse(at));

describe('businessDate', () => {
  it('gives the date the zone has at the instant, asked in any order and around midnights and offset changes', () => {
    const instant = fc.oneof(
      fc.integer({ min: Date.parse('1850-01-01'), max: Date.parse('2100-01-01') }),
      fc.tuple(fc.constantFrom(...edges), fc.integer({ min: -180_000, max: 180_000 })).map(([edge, d]) => edge + d),
    );
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(instant, { minLength: 1, maxLength: 40 }), (zone, instants) => {
        for (const ms of instants) expect(businessDate(new Date(ms), zone)).toBe(direct(new Date(ms), zone));
      }),
      { numRuns: 500 },
    );
  });

  it('walks across each midnight and change of offset a second at a time, in every zone', () => {
    for (const zone of zones)
      for (const edge of edges)
        for (let ms = edge - 120_000; ms < edge + 120_000; ms += 1_000)
          expect(businessDate(new Date(ms), zone)).toBe(direct(new Date(ms), zone));
    const midnight = Date.parse('2026-12-06T23:00:00Z');
    expect(businessDate(new Date(midnight - 1))).toBe('2026-12-06');
    expect(businessDate(new Date(midnight))).toBe('2026-12-07');
  });

  it('refuses an invalid date as the formatter does', () => {
    expect(() => businessDate(new Date(NaN))).toThrow(RangeError);
  });
});
