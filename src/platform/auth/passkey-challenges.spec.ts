import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '../clock.js';
import { CHALLENGE_TTL_MS, challengeOf, PasskeyChallenges } from './passkey-challenges.js';

describe('passkey challenges', () => {
  it('are used once, by the session or flow they were issued to, for that ceremony', () => {
    const challenges = new PasskeyChallenges(new FixedClock('2026-03-02T10:00:00Z'));
    const one = challenges.issue('sign-in', 'flow-a');
    expect(challenges.consume(one, 'sign-in', 'flow-b')).toBe('unknown');
    expect(challenges.consume(one, 'registration', 'flow-a')).toBe('unknown');
    expect(challenges.consume(one, 'sign-in', 'flow-a')).toBe('ok');
    expect(challenges.consume(one, 'sign-in', 'flow-a')).toBe('unknown');
  });

  it('expire by the injected clock', () => {
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const challenges = new PasskeyChallenges(clock);
    const inTime = challenges.issue('registration', 's');
    const late = challenges.issue('registration', 's');
    clock.advance(CHALLENGE_TTL_MS - 1);
    expect(challenges.consume(inTime, 'registration', 's')).toBe('ok');
    clock.advance(1);
    expect(challenges.consume(late, 'registration', 's')).toBe('expired');
  });

  it('are read from the clientDataJSON the authenticator signed', () => {
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'abc' })).toString('base64url');
    expect(challengeOf(clientData)).toBe('abc');
    expect(challengeOf('not json')).toBeNull();
  });
});
