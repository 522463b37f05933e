import { expect } from '@jest/globals';
import type { Decider, DomainEvent } from '../../src/platform/commands/decider.js';
import { RuleViolation } from '../../src/platform/errors/domain-errors.js';

/**
 * Given / when / then for pure deciders:
 * `given(decider, [events]).when(command).then([events])` or `.thenRefuses('M4')`.
 * `now` defaults to a fixed instant, never today.
 */
export function given<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, history: E[] = []) {
  const state = () => history.reduce(decider.evolve, decider.initialState());
  return {
    when(command: C, now: Date = new Date('2026-03-02T10:00:00Z')) {
      const run = () => decider.decide(command, state(), { now });
      return {
        then(expected: E[]) {
          expect(run()).toEqual(expected);
        },
        thenRefuses(rule: string, legalBasis?: string | null): void {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(RuleViolation);
          expect((error as RuleViolation).rule).toBe(rule);
          if (legalBasis !== undefined) expect((error as RuleViolation).legalBasis).toBe(legalBasis);
        },
        events: run,
      };
    },
  };
}
