import type { Clock } from '../clock.js';

interface Failures {
  count: number;
  lastAt: number;
}

/**
 * Backoff after failed sign-ins, counted per account and per client address: the first
 * `free` failures cost nothing, then each doubles the wait (1 s, 2 s, 4 s … up to 15 min).
 * A quiet quarter of an hour forgets them. Kept in the process's memory: each instance
 * counts on its own, which bounds guessing per instance without writing an event per try.
 */
export class SignInBackoff {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly clock: Clock,
    private readonly free = 3,
    private readonly maxWaitMs = 15 * 60_000,
    private readonly forgetAfterMs = 15 * 60_000,
  ) {}

  /** Milliseconds to wait before another try is heard for any of these keys (0: now). */
  waitMs(keys: readonly string[]): number {
    const now = this.clock.now().getTime();
    let wait = 0;
    for (const key of keys) {
      const f = this.failures.get(key);
      if (!f) continue;
      if (now - f.lastAt > this.forgetAfterMs) {
        this.failures.delete(key);
        continue;
      }
      if (f.count < this.free) continue;
      const penalty = Math.min(this.maxWaitMs, 1000 * 2 ** (f.count - this.free));
      wait = Math.max(wait, f.lastAt + penalty - now);
    }
    return Math.max(0, wait);
  }

  fail(keys: readonly string[]): void {
    const now = this.clock.now().getTime();
    for (const key of keys) {
      const f = this.failures.get(key);
      this.failures.set(key, { count: (f && now - f.lastAt <= this.forgetAfterMs ? f.count : 0) + 1, lastAt: now });
    }
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
