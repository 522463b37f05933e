import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Doc, ReadModelStore } from '../read-models/read-model-store.js';
import { sha256 } from './secrets.js';

export type ChallengePurpose = 'registration' | 'sign-in';
export type ChallengeOutcome = 'ok' | 'unknown' | 'expired';

/** How long a passkey ceremony may take, from the options to the answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** The read-model collection every instance shares: one document per open challenge. */
export const PASSKEY_CHALLENGES = '_passkey_challenges';

interface ChallengeDoc extends Doc {
  /** sha256 of the challenge: the challenge itself is never stored. */
  _id: string;
  purpose: ChallengePurpose;
  /** The session (registration) or the sign-in flow's cookie hash it was issued to. */
  boundTo: string;
  /** Epoch milliseconds, by the injected clock. */
  expiresAt: number;
}

/**
 * WebAuthn challenges: random, single-use, bound to the session (registration) or to the
 * sign-in flow's cookie that asked for them, and expiring by the injected clock. They live in
 * the shared read-model store, so the options may come from one instance and the answer
 * reach another behind a load balancer, and a challenge is used up once across all of them
 * (the read and the delete are one transaction).
 */
export class PasskeyChallenges {
  constructor(
    private readonly store: ReadModelStore,
    private readonly clock: Clock,
    private readonly ttlMs = CHALLENGE_TTL_MS,
  ) {}

  async issue(purpose: ChallengePurpose, boundTo: string): Promise<string> {
    const now = this.clock.now().getTime();
    const challenge = randomBytes(32).toString('base64url');
    await this.store.transaction(async (tx) => {
      const open = tx.collection<ChallengeDoc>(PASSKEY_CHALLENGES);
      await open.deleteMany({ expiresAt: { $lt: now } });
      await open.insertOne({ _id: sha256(challenge), purpose, boundTo, expiresAt: now + this.ttlMs });
    });
    return challenge;
  }

  /** Uses the challenge up when it is the one issued to this ceremony: a second answer to it is `unknown`. */
  async consume(challenge: string, purpose: ChallengePurpose, boundTo: string): Promise<ChallengeOutcome> {
    const now = this.clock.now().getTime();
    return this.store.transaction(async (tx) => {
      const open = tx.collection<ChallengeDoc>(PASSKEY_CHALLENGES);
      const entry = await open.findOne({ _id: sha256(challenge) });
      if (!entry || entry.purpose !== purpose || entry.boundTo !== boundTo) return 'unknown';
      if ((await open.deleteOne({ _id: entry._id })) === 0) return 'unknown';
      return entry.expiresAt <= now ? 'expired' : 'ok';
    });
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
