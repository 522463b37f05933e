/**
 * The errors a context throws; one HTTP filter maps each class to problem+json, so no
 * controller catches anything.
 */

/** A business rule refuses the command (HTTP 422). `rule` is a stable code such as `M4`. */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    readonly legalBasis: string | null,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** Shorthand for deciders: `throw refusal('M4', 'L. 381/1991 art. 2 c. 2', '…')`. */
export const refusal = (rule: string, legalBasis: string | null, message: string, details?: Record<string, unknown>) =>
  new RuleViolation(rule, legalBasis, message, details);

/** The thing a command or query names does not exist (HTTP 404). */
export class NotFoundError extends Error {
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} does not exist`);
    this.name = 'NotFoundError';
  }
}

/** The request clashes with the current state in a way retrying will not fix (HTTP 409). */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
