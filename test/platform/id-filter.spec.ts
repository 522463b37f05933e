import { describe, expect, it } from '@jest/globals';
import { IdFilter } from '../../src/platform/read-models/embedded/id-filter.js';

/**
 * A session's filter of the ids it wrote to a fresh collection: an id it says is not there
 * is not read from the store, so it must never miss an id it was given, however many; ids it
 * was not given it may wrongly let through, rarely (each costs only a read).
 */
describe('the id filter of a session', () => {
  it('never answers "not held" for an id it was given, from a handful to 400,000', () => {
    const filter = new IdFilter();
    const given: string[] = [];
    for (let i = 0; i < 400_000; i++) {
      const id = `member-${i}-${(i * 2654435761) % 1_000_003}`;
      filter.add(id);
      given.push(id);
      if (i === 10 || i === 5_000) expect(given.every((g) => filter.mightHold(g))).toBe(true);
    }
    expect(given.every((g) => filter.mightHold(g))).toBe(true);
  });

  it('answers "not held" for nearly every id it was not given, small or large', () => {
    for (const size of [100, 5_000, 50_000, 400_000]) {
      const filter = new IdFilter();
      for (let i = 0; i < size; i++) filter.add(`given-${i}`);
      let wrong = 0;
      for (let i = 0; i < 10_000; i++) if (filter.mightHold(`other-${i}`)) wrong += 1;
      expect(wrong).toBeLessThan(10); // under 1 in 1,000
    }
  });
});
