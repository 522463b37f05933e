import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../clock.js';
import { EmbeddedReadModelStore } from '../read-models/embedded/embedded-read-model-store.js';
import { SignInBackoff } from './sign-in-backoff.js';

describe('the sign-in backoff', () => {
  let dir: string;
  let store: EmbeddedReadModelStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-backoff-'));
    store = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the first three failures through, then doubles the wait', async () => {
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    const backoff = new SignInBackoff(store, clock, 'account', 3);
    for (let i = 0; i < 3; i++) {
      expect(await backoff.waitMs(['anna'])).toBe(0);
      await backoff.fail(['anna']);
    }
    expect(await backoff.waitMs(['anna'])).toBe(1_000);
    expect(await backoff.waitMs(['bruno'])).toBe(0);
    clock.advance(1_000);
    await backoff.fail(['anna']);
    expect(await backoff.waitMs(['anna'])).toBe(2_000);
  });

  it('caps the wait at fifteen minutes and forgets after a quiet quarter of an hour', async () => {
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    const backoff = new SignInBackoff(store, clock, 'account', 3);
    for (let i = 0; i < 30; i++) await backoff.fail(['anna']);
    expect(await backoff.waitMs(['anna'])).toBe(15 * 60_000);
    clock.advance(15 * 60_000 + 1);
    expect(await backoff.waitMs(['anna'])).toBe(0);
    await backoff.fail(['anna']);
    expect(await backoff.waitMs(['anna'])).toBe(0);
  });

  it('a success clears the account’s failures', async () => {
    const backoff = new SignInBackoff(store, new FixedClock('2026-03-02T10:00:00.000Z'), 'account', 1);
    await backoff.fail(['anna']);
    expect(await backoff.waitMs(['anna'])).toBe(1_000);
    await backoff.succeed('anna');
    expect(await backoff.waitMs(['anna'])).toBe(0);
  });

  it('two instances on one store count the same failures, and scopes count apart', async () => {
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    const first = new SignInBackoff(store, clock, 'account', 3);
    const second = new SignInBackoff(store, clock, 'account', 3);
    const otherScope = new SignInBackoff(store, clock, 'address', 3);
    await first.fail(['anna']);
    await second.fail(['anna']);
    await first.fail(['anna']);
    expect(await second.waitMs(['anna'])).toBe(1_000);
    expect(await otherScope.waitMs(['anna'])).toBe(0);
  });
});
