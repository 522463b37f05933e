import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../clock.js';
import { EmbeddedReadModelStore } from '../read-models/embedded/embedded-read-model-store.js';
import { CHALLENGE_TTL_MS, challengeOf, PasskeyChallenges } from './passkey-challenges.js';

describe('passkey challenges', () => {
  let dir: string;
  let stores: EmbeddedReadModelStore[];
  /** A store on the shared file, as each service instance opens its own. */
  const instance = () => {
    const store = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-challenges-'));
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are used once, by the session or flow they were issued to, for that ceremony', async () => {
    const challenges = new PasskeyChallenges(instance(), new FixedClock('2026-03-02T10:00:00Z'));
    const one = await challenges.issue('sign-in', 'flow-a');
    expect(await challenges.consume(one, 'sign-in', 'flow-b')).toBe('unknown');
    expect(await challenges.consume(one, 'registration', 'flow-a')).toBe('unknown');
    expect(await challenges.consume(one, 'sign-in', 'flow-a')).toBe('ok');
    expect(await challenges.consume(one, 'sign-in', 'flow-a')).toBe('unknown');
  });

  it('are issued by one instance and used up once across all of them', async () => {
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const [a, b, c] = [instance(), instance(), instance()].map((store) => new PasskeyChallenges(store, clock));
    const challenge = await a!.issue('sign-in', 'flow');
    const outcomes = await Promise.all([b!, c!, b!, c!].map((instance) => instance.consume(challenge, 'sign-in', 'flow')));
    expect(outcomes.sort()).toEqual(['ok', 'unknown', 'unknown', 'unknown']);
  });

  it('expire by the injected clock', async () => {
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const challenges = new PasskeyChallenges(instance(), clock);
    const inTime = await challenges.issue('registration', 's');
    const late = await challenges.issue('registration', 's');
    clock.advance(CHALLENGE_TTL_MS - 1);
    expect(await challenges.consume(inTime, 'registration', 's')).toBe('ok');
    clock.advance(1);
    expect(await challenges.consume(late, 'registration', 's')).toBe('expired');
  });

  it('are read from the clientDataJSON the authenticator signed', () => {
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'abc' })).toString('base64url');
    expect(challengeOf(clientData)).toBe('abc');
    expect(challengeOf('not json')).toBeNull();
  });
});
