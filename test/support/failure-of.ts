import { InvalidCommandField, NotFoundError, RuleViolation, StateConflict } from '../../src/platform/errors/domain-errors.js';

/**
 * What a decider's refusal would answer over HTTP, for specs that assert the kind of failure:
 * `expect(failureOf(given(d, h).when(c).events)).toEqual({ status: 409, code: 'X' })`.
 */
export function failureOf(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (e) {
    if (e instanceof StateConflict) return { status: 409, code: e.code };
    if (e instanceof InvalidCommandField) return { status: 400, code: e.code, field: e.field };
    if (e instanceof NotFoundError) return { status: 404, resource: e.resource };
    if (e instanceof RuleViolation) return { status: 422, rule: e.rule, legalBasis: e.legalBasis };
    throw e;
  }
  throw new Error('the command was accepted');
}
