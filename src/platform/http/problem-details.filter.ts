import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store/event-store.js';
import { AppendTooLargeError } from '../event-store/event-store.js';
import { InvalidPositionError } from '../event-store/position.js';
import { PersonalDataErasedError } from '../personal-data/key-store.js';
import { ConflictError, InvalidCommandField, NotFoundError, RuleViolation, StateConflict } from '../errors/domain-errors.js';
import { ForbiddenError, NotCaughtUpError, RequestValidationError, UnauthenticatedError } from './http-errors.js';

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
    return { problem: problem('personal-data-erased', 'Personal data erased', 409, error.message) };
  if (error instanceof RuleViolation)
    return {
      problem: problem('rule-violation', 'Refused by a rule', 422, error.message, {
        rule: error.rule,
        legalBasis: error.legalBasis,
        ...error.details,
      }),
    };
  if (error instanceof NotCaughtUpError)
    return {
      problem: problem('not-caught-up', 'The read model is catching up', 503, error.message, { position: error.position }),
      headers: { 'Retry-After': '1' },
    };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const slug =
      status === 404 ? 'not-found' : status === 413 ? 'payload-too-large' : status < 500 ? 'invalid-request' : 'server-error';
    return { problem: problem(slug, titleFor(status), status, error.message) };
  }
  if (isBodyParserError(error)) {
    const detail = error.type === 'entity.parse.failed' ? 'the body is not valid JSON' : error.message;
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
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { problem, headers } = toProblem(error);
    problem.instance = request.originalUrl;
    if (problem.status >= 500 && problem.status !== 503)
      this.logger.error({ err: error, url: request.originalUrl }, 'unhandled error');
    if (response.headersSent) return;
    response
      .status(problem.status)
      .set({ 'Content-Type': 'application/problem+json', ...headers })
      .send(JSON.stringify(problem));
  }
}
