import { applyDecorators, createParamDecorator, HttpCode, Post, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { RequestValidationError } from './http-errors.js';

/**
 * One description of an HTTP operation, used three times: to validate the request (the
 * `Valid*` parameter decorators), to authorise it (`roles`), and to document it in the
 * OpenAPI document. There is no second place where a route's shape is written.
 */
export interface OperationSpec {
  summary: string;
  /** Its name in the OpenAPI document; by default `<controller>.<method>` (`membershipCommands.apply`). */
  operationId?: string;
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
  /**
   * Other media types the body may be sent as, besides JSON, each read raw (a Buffer, up to
   * 1 MB): `ValidBody` hands such a body over as it came, for the handler to read.
   */
  consumes?: readonly string[];
  /** Request headers it reads, by name, with what each carries (documented in the OpenAPI document). */
  headers?: Readonly<Record<string, string>>;
  /**
   * A request and its answer, for the documentation; by default derived from the schemas
   * (every write has one in the document).
   */
  example?: { request?: unknown; answer?: unknown };
  /**
   * The 409 clash codes (`stateConflict`) and 422 rule codes (`refusal`) its handler and
   * decider can answer, beyond what every idempotent write can (a stale If-Match or a
   * concurrent write, an Idempotency-Key reused). Declared, they are the whole list: the
   * document then shows a 409 or a 422 only where one can come, with its codes (`x-conflicts`,
   * `x-rules`); left out, the document keeps the general 409 and 422 of every write.
   */
  conflicts?: readonly string[];
  rules?: readonly string[];
}

/** Every media type some operation accepts raw: the service reads those bodies as bytes. */
export const rawMediaTypes = (): string[] => [...new Set(operations.flatMap((o) => o.spec.consumes ?? []))];

export const OPERATION = 'coop:operation';

/** Registered operations, for the OpenAPI document: class, method name, spec. */
export const operations: Array<{ target: object; method: string; spec: OperationSpec }> = [];

export function Operation(spec: OperationSpec): MethodDecorator {
  return (target, method, descriptor) => {
    operations.push({ target: target.constructor, method: String(method), spec });
    SetMetadata(OPERATION, spec)(target, method, descriptor);
  };
}

/** One event a command wrote, as its answer lists it. */
export const WrittenEventSchema = z.object({
  id: z.string().meta({ examples: ['5d0c8a0e-5b1f-5d43-9c1e-0f3a7c2b9e41'] }),
  type: z
    .string()
    .describe('e.g. MemberAdmitted')
    .meta({ examples: ['MembershipApplied'] }),
  stream: z.string().meta({ examples: ['membershipApplication-0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00'] }),
  revision: z.string().meta({ examples: ['0'] }),
  position: z
    .string()
    .describe('its `$all` position')
    .meta({ examples: ['42'] }),
});

/**
 * What a command answers (`CommandResult`): the events it wrote and the position to read
 * them back with `?after=`, beside the ids the command named (`applicationId`, `memberId`, …).
 */
export const CommandAnswerSchema = z
  .object({
    commandId: z.string().meta({ examples: ['key_3f9a1c2d/2026-03-02-apply-1'] }),
    stream: z.string().meta({ examples: ['membershipApplication-0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00'] }),
    position: z
      .string()
      .nullable()
      .describe('`$all` position of the last event written: pass it as `?after=`')
      .meta({ examples: ['42'] }),
    revision: z
      .string()
      .nullable()
      .describe("the stream's revision after the command (also the ETag)")
      .meta({ examples: ['0'] }),
    events: z.array(WrittenEventSchema),
    replayed: z.boolean().describe('true when this is the original answer to an earlier request with the same Idempotency-Key'),
  })
  .loose();

/**
 * A command over HTTP: `POST path` answering 201 Created, declared by its operation (roles,
 * body, OpenAPI) in one decorator instead of `@Post`, `@HttpCode(201)` and `status: 201`. It
 * answers a {@link CommandAnswerSchema} unless the operation says otherwise.
 */
export function CommandRoute(path: string | undefined, spec: Omit<OperationSpec, 'status'>): MethodDecorator {
  return applyDecorators(Post(path), HttpCode(201), Operation({ response: CommandAnswerSchema, ...spec, status: 201 }));
}

export const operationOf = (context: ExecutionContext): OperationSpec | undefined =>
  Reflect.getMetadata(OPERATION, context.getHandler()) as OperationSpec | undefined;

/**
 * The query parameters an operation declares: its query schema's keys, and `after` on every
 * read (it waits for the projections the read declares; a read that answers from the store
 * itself is always caught up). Anything else is a 400, so a misspelt or unsupported filter
 * (`/events?from=…`) is never silently ignored.
 */
export function declaredQueryParameters(spec: OperationSpec, read: boolean): Set<string> {
  const names = new Set(spec.query ? objectKeys(spec.query) : []);
  if (read || spec.readModels?.length) names.add('after');
  return names;
}

/** The keys of an object schema, seen through `.refine`/`.transform`/`.default` wrappers. */
function objectKeys(schema: z.ZodType): string[] {
  const s = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: z.ZodType; innerType?: z.ZodType } };
  if (s.shape) return Object.keys(s.shape);
  const inner = s.def?.in ?? s.def?.innerType;
  if (inner) return objectKeys(inner);
  throw new Error("an operation's query schema must be an object schema");
}

/** Every query parameter the operation does not declare, each as an invalid field (`query.from`). */
export function assertDeclaredQuery(spec: OperationSpec, method: string, query: Record<string, unknown>): void {
  const declared = declaredQueryParameters(spec, method === 'GET' || method === 'HEAD');
  const unknown = Object.keys(query).filter((name) => !declared.has(name));
  if (unknown.length)
    throw new RequestValidationError(
      unknown.map((name) => ({
        path: `query.${name}`,
        message: declared.size
          ? `unknown query parameter; this operation takes ${[...declared].join(', ')}`
          : 'this operation takes no query parameters',
        code: 'unrecognized_keys',
      })),
    );
}

function validated(location: 'body' | 'query' | 'params') {
  return createParamDecorator((_: unknown, context: ExecutionContext) => {
    const schema = operationOf(context)?.[location];
    if (!schema) throw new Error(`the operation declares no ${location} schema`);
    const request = context.switchToHttp().getRequest<Request>();
    if (location === 'query') assertDeclaredQuery(operationOf(context)!, request.method, request.query);
    // A body of a media type the operation takes raw (read as bytes by the service's parser).
    const raw = operationOf(context)?.consumes ?? [];
    if (location === 'body' && raw.length > 0 && Buffer.isBuffer(request.body) && request.is([...raw])) return request.body;
    const parsed = schema.safeParse(request[location] ?? (location === 'body' ? undefined : {}));
    if (!parsed.success) throw RequestValidationError.fromZod(location, parsed.error);
    return parsed.data;
  })();
}

/** The request body, parsed by the operation's `body` schema (400 listing every invalid field). */
export const ValidBody = () => validated('body');
export const ValidQuery = () => validated('query');
export const ValidParams = () => validated('params');
