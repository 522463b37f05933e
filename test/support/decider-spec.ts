import { expect } from '@jest/globals';
import type { Decider, DomainEvent } from '../../src/platform/commands/decider.js';
import { InvalidCommandField, RuleViolation, StateConflict } from '../../src/platform/errors/domain-errors.js';

/**
 * Given / when / then for pure deciders:
 * `given(decider, [events]).when(command).then([events])` or `.thenRefuses('M4')`, and for what
 * is no rule of law `.thenConflicts('SAME_CATEGORY')` (409) or `.thenInvalid('paidOn', 'DATE_IN_FUTURE')` (400).
 * `now` defaults to a fixed instant, never today.
 */
export function given<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, history: E[] = []) {
  const state = () => history.reduce(decider.evolve, decider.initialState());
  return {
    when(command: C, now: Date = new Date('2026-03-02T10:00:00Z')) {
      const run = () => decider.decide(command, state(), { now });
      const thrown = (): unknown => {
        try {
          run();
        } catch (e) {
          return e;
        }
        return undefined;
      };
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
        /** The command clashes with the recorded state: a StateConflict with this code. */
        thenConflicts(code: string): void {
          const error = thrown();
          expect(error).toBeInstanceOf(StateConflict);
          expect((error as StateConflict).code).toBe(code);
        },
        /** A field of the command is invalid: an InvalidCommandField on this body path, with this code. */
        thenInvalid(field: string, code: string): void {
          const error = thrown();
          expect(error).toBeInstanceOf(InvalidCommandField);
          expect(error).toMatchObject({ field, code });
        },
        events: run,
      };
    },
  };
}
