import { expect } from '@jest/globals';
import { InvalidCommandField, StateConflict } from '../../src/platform/errors/domain-errors.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The command clashes with the recorded state: a 409 with this stable code. */
export function expectConflict(run: () => unknown, code: string): void {
  const error = thrown(run);
  expect(error).toBeInstanceOf(StateConflict);
  expect((error as StateConflict).code).toBe(code);
}

/** A field of the body is invalid in a way its schema cannot see: a 400 naming this field. */
export function expectInvalidField(run: () => unknown, field: string, code: string): void {
  const error = thrown(run);
  expect(error).toBeInstanceOf(InvalidCommandField);
  expect({ field: (error as InvalidCommandField).field, code: (error as InvalidCommandField).code }).toEqual({ field, code });
}
