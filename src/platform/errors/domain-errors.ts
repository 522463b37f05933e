/**
 * The errors a context throws; one HTTP filter maps each class to problem+json, so no
 * controller catches anything.
 */

/** A business rule refuses the command (HTTP 422). `rule` is a stable code such as `M4`. */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    readonly legalBasis: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** Shorthand for deciders: `throw refusal('M4', 'L. 381/1991 art. 2 c. 2', '…')`. */
export const refusal = (rule: string, legalBasis: string, message: string, details?: Record<string, unknown>) =>
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

/**
 * The command clashes with what is recorded (HTTP 409) and no rule of law is at stake: the
 * thing exists already, the assembly is not open yet, the delivery was voided. `code` is
 * stable (`MOTION_EXISTS`), for clients to branch on; a refusal that rests on the law or the
 * statute is a {@link RuleViolation} instead.
 */
export class StateConflict extends ConflictError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
    this.name = 'StateConflict';
  }
}

/** Shorthand for deciders: `throw stateConflict('MOTION_EXISTS', 'motion 2 was already put')`. */
export const stateConflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new StateConflict(code, message, details);

/**
 * A field of the command is invalid in a way its schema alone cannot see (HTTP 400 with the
 * field's path): a date after today by the injected clock, an end before its start, an id in
 * the body that names nothing. `field` is the path inside the request body (`admittedOn`,
 * `operator.contractId`); the HTTP layer prefixes `body.`.
 */
export class InvalidCommandField extends Error {
  constructor(
    readonly field: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCommandField';
  }
}

/** Shorthand: `throw invalidField('admittedOn', 'DATE_IN_FUTURE', 'admittedOn is after today')`. */
export const invalidField = (field: string, code: string, message: string) => new InvalidCommandField(field, code, message);
