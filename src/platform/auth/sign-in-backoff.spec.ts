import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '../clock.js';
import { SignInBackoff } from './sign-in-backoff.js';

describe('the sign-in backoff', () => {
  it('lets the first three failures through, then doubles the wait', () => {
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    const backoff = new SignInBackoff(clock, 3);
    for (let i = 0; i < 3; i++) {
      expect(backoff.waitMs(['anna'])).toBe(0);
      backoff.fail(['anna']);
    }
    expect(backoff.waitMs(['anna'])).toBe(1_000);
    expect(backoff.waitMs(['bruno'])).toBe(0);
    clock.advance(1_000);
    backoff.fail(['anna']);
    expect(backoff.waitMs(['anna'])).toBe(2_000);
  });

  it('caps the wait at fifteen minutes and forgets after a quiet quarter of an hour', () => {
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    const backoff = new SignInBackoff(clock, 3);
    for (let i = 0; i < 30; i++) backoff.fail(['anna']);
    expect(backoff.waitMs(['anna'])).toBe(15 * 60_000);
    clock.advance(15 * 60_000 + 1);
    expect(backoff.waitMs(['anna'])).toBe(0);
  });

  it('a success clears the account’s failures', () => {
    const backoff = new SignInBackoff(new FixedClock('2026-03-02T10:00:00.000Z'), 1);
    backoff.fail(['anna']);
    expect(backoff.waitMs(['anna'])).toBe(1_000);
    backoff.succeed('anna');
    expect(backoff.waitMs(['anna'])).toBe(0);
  });
});
