import type { Clock } from '../clock.js';
import type { Doc, ReadModelStore } from '../read-models/read-model-store.js';
import { sha256 } from './secrets.js';

/** The read-model collection every instance shares: one document per account or address that failed lately. */
export const SIGN_IN_FAILURES = '_sign_in_failures';

interface FailureDoc extends Doc {
  /** sha256 of the scope and the key: neither the login index nor the address is stored as it is. */
  _id: string;
  count: number;
  /** Epoch milliseconds of the last failure, by the injected clock. */
  lastAt: number;
  /** When the document may be forgotten (`lastAt` plus a quiet quarter of an hour). */
  forgetAt: number;
}

/**
 * Backoff after failed sign-ins, counted per account and per client address: the first
 * `free` failures cost nothing, then each doubles the wait (1 s, 2 s, 4 s … up to 15 min).
 * A quiet quarter of an hour forgets them. The counts live in the shared read-model store,
 * so every instance behind a load balancer sees the same failures and a second instance does
 * not start from zero; time is the injected clock's. Failures are not events: a guess is not
 * a fact of the cooperative, and the history should not grow by one event per try.
 */
export class SignInBackoff {
  constructor(
    private readonly store: ReadModelStore,
    private readonly clock: Clock,
    /** Names the counter (`account`, `address`) so the same key in two scopes counts apart. */
    private readonly scope: string,
    private readonly free = 3,
    private readonly maxWaitMs = 15 * 60_000,
    private readonly forgetAfterMs = 15 * 60_000,
  ) {}

  /** Milliseconds to wait before another try is heard for any of these keys (0: now). */
  async waitMs(keys: readonly string[]): Promise<number> {
    const now = this.clock.now().getTime();
    const docs = await this.store.collection<FailureDoc>(SIGN_IN_FAILURES).find({ _id: { $in: keys.map((k) => this.id(k)) } });
    let wait = 0;
    for (const f of docs) {
      if (now > f.forgetAt || f.count < this.free) continue;
      const penalty = Math.min(this.maxWaitMs, 1000 * 2 ** (f.count - this.free));
      wait = Math.max(wait, f.lastAt + penalty - now);
    }
    return Math.max(0, wait);
  }

  /** One more failure for each key, counted atomically against the other instances' counts. */
  async fail(keys: readonly string[]): Promise<void> {
    const now = this.clock.now().getTime();
    await this.store.transaction(async (tx) => {
      const failures = tx.collection<FailureDoc>(SIGN_IN_FAILURES);
      for (const key of keys) {
        const _id = this.id(key);
        const f = await failures.findOne({ _id });
        const count = (f && now <= f.forgetAt ? f.count : 0) + 1;
        await failures.replaceOne({ _id }, { _id, count, lastAt: now, forgetAt: now + this.forgetAfterMs }, { upsert: true });
      }
      await failures.deleteMany({ forgetAt: { $lt: now } });
    });
  }

  async succeed(key: string): Promise<void> {
    await this.store.transaction((tx) => tx.collection<FailureDoc>(SIGN_IN_FAILURES).deleteOne({ _id: this.id(key) }));
  }

  private id(key: string): string {
    return sha256(`${this.scope}:${key}`);
  }
}
