import type { z } from 'zod';

/** One invalid field of a request: where it is (`body.applicant.fiscalCode`) and why. */
export interface InvalidField {
  path: string;
  message: string;
  code: string;
}

/** The request does not have the shape its schema demands (HTTP 400, every field listed). */
export class RequestValidationError extends Error {
  constructor(readonly errors: InvalidField[]) {
    super(`the request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`);
    this.name = 'RequestValidationError';
  }

  static fromZod(location: 'body' | 'query' | 'params' | 'headers', error: z.ZodError): RequestValidationError {
    return new RequestValidationError(
      error.issues.map((issue) => ({
        path: [location, ...issue.path.map(String)].join('.'),
        message: issue.message,
        code: issue.code,
      })),
    );
  }
}

export class UnauthenticatedError extends Error {
  constructor(message = 'a valid API key is required: Authorization: Bearer <key>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends Error {
  constructor(
    readonly role: string,
    readonly allowed: readonly string[],
  ) {
    super(`the role ${role} may not do this; allowed: ${allowed.join(', ')}`);
    this.name = 'ForbiddenError';
  }
}

/**
 * A key asked to read events outside its scope, or events only an admin reads (HTTP 403).
 * `outside` names the asked types or categories that are not allowed.
 */
export class OutOfScopeError extends Error {
  constructor(
    readonly outside: readonly string[],
    message = `outside this key's scope: ${outside.join(', ')}`,
  ) {
    super(message);
    this.name = 'OutOfScopeError';
  }
}

/** A read model did not reach the requested position in time (HTTP 503 with Retry-After). */
export class NotCaughtUpError extends Error {
  constructor(
    readonly position: string,
    readonly projections: readonly string[],
  ) {
    super(`the read model (${projections.join(', ')}) has not yet reached position ${position}`);
    this.name = 'NotCaughtUpError';
  }
}

/** A write made with a session cookie without its CSRF token, or from another origin (HTTP 403). */
export class CsrfRefusedError extends ForbiddenError {
  constructor(message: string) {
    super('session', []);
    this.message = message;
    this.name = 'CsrfRefusedError';
  }
}
