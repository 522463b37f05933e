import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import { RequestValidationError } from './http-errors.js';

/**
 * One description of an HTTP operation, used three times: to validate the request (the
 * `Valid*` parameter decorators), to authorise it (`roles`), and to document it in the
 * OpenAPI document. There is no second place where a route's shape is written.
 */
export interface OperationSpec {
  summary: string;
  description?: string;
  tags?: readonly string[];
  /**
   * Who may call it; `public` operations need no key; `authenticated` ones any key or
   * signed-in person, whatever the method (one's own session). Auditors may call every GET.
   */
  roles: readonly string[] | 'public' | 'authenticated';
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  /** Status of a successful answer (200 unless given). */
  status?: number;
  /** The projections a query reads: `?after=` waits for them (read-your-writes). */
  readModels?: readonly string[];
  /** Whether the operation honours `Idempotency-Key`. */
  idempotent?: boolean;
  /** Other media types it answers with, besides JSON (e.g. text/html). */
  produces?: readonly string[];
}

export const OPERATION = 'coop:operation';

/** Registered operations, for the OpenAPI document: class, method name, spec. */
export const operations: Array<{ target: object; method: string; spec: OperationSpec }> = [];

export function Operation(spec: OperationSpec): MethodDecorator {
  return (target, method, descriptor) => {
    operations.push({ target: target.constructor, method: String(method), spec });
    SetMetadata(OPERATION, spec)(target, method, descriptor);
  };
}

export const operationOf = (context: ExecutionContext): OperationSpec | undefined =>
  Reflect.getMetadata(OPERATION, context.getHandler()) as OperationSpec | undefined;

function validated(location: 'body' | 'query' | 'params') {
  return createParamDecorator((_: unknown, context: ExecutionContext) => {
    const schema = operationOf(context)?.[location];
    if (!schema) throw new Error(`the operation declares no ${location} schema`);
    const request = context.switchToHttp().getRequest<Request>();
    const parsed = schema.safeParse(request[location] ?? (location === 'body' ? undefined : {}));
    if (!parsed.success) throw RequestValidationError.fromZod(location, parsed.error);
    return parsed.data;
  })();
}

/** The request body, parsed by the operation's `body` schema (400 listing every invalid field). */
export const ValidBody = () => validated('body');
export const ValidQuery = () => validated('query');
export const ValidParams = () => validated('params');
