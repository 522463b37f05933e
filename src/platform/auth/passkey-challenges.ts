import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

export type ChallengePurpose = 'registration' | 'sign-in';
export type ChallengeOutcome = 'ok' | 'unknown' | 'expired';

/** How long a passkey ceremony may take, from the options to the answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * WebAuthn challenges: random, single-use, bound to the session (registration) or to the
 * sign-in flow's cookie that asked for them, and expiring by the injected clock. Kept in
 * the process's memory like the sign-in backoff: a challenge lives minutes and a restart
 * only asks the person to try again.
 */
export class PasskeyChallenges {
  private readonly open = new Map<string, { purpose: ChallengePurpose; boundTo: string; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = CHALLENGE_TTL_MS,
  ) {}

  issue(purpose: ChallengePurpose, boundTo: string): string {
    const now = this.clock.now().getTime();
    for (const [challenge, entry] of this.open) if (entry.expiresAt <= now) this.open.delete(challenge);
    if (this.open.size > 50_000) this.open.delete(this.open.keys().next().value!);
    const challenge = randomBytes(32).toString('base64url');
    this.open.set(challenge, { purpose, boundTo, expiresAt: now + this.ttlMs });
    return challenge;
  }

  /** Uses the challenge up, whatever the outcome: a second answer to it is `unknown`. */
  consume(challenge: string, purpose: ChallengePurpose, boundTo: string): ChallengeOutcome {
    const entry = this.open.get(challenge);
    if (!entry || entry.purpose !== purpose || entry.boundTo !== boundTo) return 'unknown';
    this.open.delete(challenge);
    return entry.expiresAt <= this.clock.now().getTime() ? 'expired' : 'ok';
  }
}

/** The challenge a WebAuthn answer signed, read from its clientDataJSON (null if unreadable). */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof parsed.challenge === 'string' ? parsed.challenge : null;
  } catch {
    return null;
  }
}
