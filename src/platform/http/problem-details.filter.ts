import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store/event-store.js';
import { AppendTooLargeError } from '../event-store/event-store.js';
import { InvalidPositionError } from '../event-store/position.js';
import { PersonalDataErasedError } from '../personal-data/key-store.js';
import { StorageError } from '../errors/storage-errors.js';
import { ConflictError, InvalidCommandField, NotFoundError, RuleViolation, StateConflict } from '../errors/domain-errors.js';
import {
  ForbiddenError,
  NotCaughtUpError,
  OutOfScopeError,
  RequestValidationError,
  UnauthenticatedError,
} from './http-errors.js';

/** RFC 9457 problem details. Extension members sit beside the standard ones. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://coop-ledger.dev/problems/';

/** Maps every error class, once, to its problem; anything unknown is a logged 500. */
export function toProblem(error: unknown): { problem: Problem; headers?: Record<string, string> } {
  const problem = (slug: string, title: string, status: number, detail: string, extra: Record<string, unknown> = {}) => ({
    type: TYPE_BASE + slug,
    title,
    status,
    detail,
    ...extra,
  });
  if (error instanceof RequestValidationError)
    return { problem: problem('invalid-request', 'The request is not valid', 400, error.message, { errors: error.errors }) };
  if (error instanceof InvalidCommandField)
    return {
      problem: problem('invalid-request', 'The request is not valid', 400, error.message, {
        errors: [{ path: `body.${error.field}`, message: error.message, code: error.code }],
      }),
    };
  if (error instanceof AppendTooLargeError)
    return { problem: problem('append-too-large', 'The events are too large to record in one append', 413, error.message) };
  if (error instanceof InvalidPositionError)
    return {
      problem: problem('invalid-request', 'The request is not valid', 400, error.message, {
        errors: [{ path: 'after', message: error.message, code: 'invalid_format' }],
      }),
    };
  if (error instanceof UnauthenticatedError)
    return {
      problem: problem('unauthenticated', 'Authentication required', 401, error.message),
      headers: { 'WWW-Authenticate': 'Bearer' },
    };
  if (error instanceof ForbiddenError)
    return {
      problem: problem('forbidden', 'Not allowed for this role', 403, error.message, {
        role: error.role,
        allowedRoles: error.allowed,
      }),
    };
  if (error instanceof OutOfScopeError)
    return { problem: problem('out-of-scope', 'Outside the key’s scope', 403, error.message, { outOfScope: error.outside }) };
  if (error instanceof NotFoundError)
    return { problem: problem('not-found', 'Not found', 404, error.message, { resource: error.resource, id: error.id }) };
  if (error instanceof WrongExpectedRevisionError)
    return {
      problem: problem('concurrency-conflict', 'The resource has changed', 409, error.message, {
        stream: error.stream,
        expectedRevision: String(error.expected),
        actualRevision: String(error.actual),
      }),
    };
  if (error instanceof DuplicateEventIdError)
    return { problem: problem('duplicate', 'Already recorded', 409, error.message, { eventId: error.eventId }) };
  if (error instanceof StateConflict)
    return {
      problem: problem('conflict', 'Conflict with the recorded state', 409, error.message, {
        code: error.code,
        ...error.details,
      }),
    };
  if (error instanceof ConflictError) return { problem: problem('conflict', 'Conflict', 409, error.message, error.details) };
  if (error instanceof PersonalDataErasedError)
    return {
      problem: problem('personal-data-erased', 'Personal data erased', 409, error.message, { code: 'PERSONAL_DATA_ERASED' }),
    };
  if (error instanceof RuleViolation)
    return {
      problem: problem('rule-violation', 'Refused by a rule', 422, error.message, {
        rule: error.rule,
        legalBasis: error.legalBasis,
        ...error.details,
      }),
    };
  if (error instanceof StorageError)
    return error.kind === 'unavailable'
      ? {
          problem: problem('store-unavailable', 'The store is unavailable', 503, error.message, { store: error.store }),
          headers: { 'Retry-After': '5' },
        }
      : {
          problem: problem(error.kind === 'full' ? 'store-full' : 'store-read-only', 'Insufficient storage', 507, error.message, {
            store: error.store,
          }),
        };
  if (error instanceof NotCaughtUpError)
    return {
      problem: problem('not-caught-up', 'The read model is catching up', 503, error.message, { position: error.position }),
      headers: { 'Retry-After': '1' },
    };
  // Express hands the body parser's errors to Nest, which wraps them in an HttpException.
  const bodyError = isBodyParserError(error)
    ? error
    : error instanceof HttpException && isBodyParserError(error.cause)
      ? error.cause
      : undefined;
  if (bodyError) {
    const error = bodyError;
    const detail =
      error.type === 'entity.parse.failed'
        ? 'the body is not valid JSON'
        : error.type === 'encoding.invalid'
          ? 'the body is not valid UTF-8 (RFC 8259 §8.1)'
          : error.message;
    return {
      problem: problem(
        error.status === 413 ? 'payload-too-large' : 'invalid-request',
        titleFor(error.status),
        error.status,
        detail,
        {
          errors: [{ path: 'body', message: detail, code: error.type ?? 'invalid_body' }],
        },
      ),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const slug =
      status === 404 ? 'not-found' : status === 413 ? 'payload-too-large' : status < 500 ? 'invalid-request' : 'server-error';
    // A 400 always lists what is wrong; here a URL that does not decode (`%E0%A4%A`).
    const errors =
      status === 400
        ? {
            errors: [{ path: error.cause instanceof URIError ? 'path' : 'request', message: error.message, code: 'bad_request' }],
          }
        : {};
    return { problem: problem(slug, titleFor(status), status, error.message, errors) };
  }
  return { problem: problem('server-error', 'Internal error', 500, 'an unexpected error occurred; it has been logged') };
}

function isBodyParserError(error: unknown): error is { status: number; type?: string; message: string } {
  const e = error as { status?: unknown; type?: unknown };
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string';
}

function titleFor(status: number): string {
  return (
    {
      400: 'The request is not valid',
      401: 'Authentication required',
      403: 'Forbidden',
      404: 'Not found',
      405: 'Method not allowed',
      413: 'Payload too large',
      415: 'Unsupported media type',
    }[status] ?? (status >= 500 ? 'Internal error' : 'Request error')
  );
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  /** Storage trouble already logged (`full:event store`): once each, not once per request. */
  private readonly storageTrouble = new Set<string>();

  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { problem, headers } = toProblem(error);
    problem.instance = request.originalUrl;
    if (error instanceof StorageError) this.logStorageTrouble(error);
    else if (problem.status >= 500 && problem.status !== 503)
      this.logger.error({ err: error, url: request.originalUrl }, 'unhandled error');
    if (response.headersSent) return;
    response
      .status(problem.status)
      .set({ 'Content-Type': 'application/problem+json', ...headers })
      .send(JSON.stringify(problem));
  }

  private logStorageTrouble(error: StorageError): void {
    const key = `${error.kind}:${error.store}`;
    if (this.storageTrouble.has(key)) return;
    this.storageTrouble.add(key);
    this.logger.error(
      { store: error.store, kind: error.kind, code: error.code, cause: (error.cause as Error | undefined)?.message },
      `storage trouble: ${error.message} (logged once; requests answer ${error.kind === 'unavailable' ? 503 : 507} meanwhile)`,
    );
  }
}
