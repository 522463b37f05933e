import { describe, expect, it } from '@jest/globals';
import { lazy } from './lazy.js';

describe('lazy', () => {
  it('loads once for every caller, the concurrent first ones included', async () => {
    let loads = 0;
    const load = lazy(async () => ({ loaded: ++loads }));
    const answers = await Promise.all([load(), load(), load()]);
    expect(await load()).toBe(answers[0]);
    expect(answers.every((answer) => answer === answers[0])).toBe(true);
    expect(loads).toBe(1);
  });

  it('does not load before the first call', () => {
    let loads = 0;
    lazy(async () => ++loads);
    expect(loads).toBe(0);
  });

  it('tries again after a load that failed, and keeps the first that succeeds', async () => {
    let attempts = 0;
    const load = lazy(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('not yet');
      return attempts;
    });
    await expect(load()).rejects.toThrow('not yet');
    expect(await load()).toBe(2);
    expect(await load()).toBe(2);
    expect(attempts).toBe(2);
  });
});
