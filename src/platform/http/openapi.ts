import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { z } from 'zod';
import { IDEMPOTENCY_KEY_REUSED } from '../commands/idempotency.js';
import { operations, type OperationSpec } from './operation.js';

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  rule: z.string().optional().describe('Stable code of the refusing rule (422), e.g. M4'),
  legalBasis: z.string().min(1).optional().describe('The article the rule applies (422), e.g. L. 381/1991 art. 2 c. 2'),
  code: z.string().optional().describe('Stable code of a clash with the recorded state (409), e.g. KEY_NOT_ACTIVE'),
  outOfScope: z.array(z.string()).optional().describe('Event types or stream categories outside the key’s scope (403)'),
  store: z.string().optional().describe('The store in trouble (507, 503)'),
});

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as JsonSchema;

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .map((segment) => segment.replace(/:(\w+)/g, '{$1}')) // `:year.pdf` is `{year}.pdf`
    .join('/');

/** The service's description at the head of its OpenAPI document. */
export const OPENAPI_INFO = {
  title: 'coop-ledger',
  version: '0.1.0',
  description:
    'System of record of a social cooperative (cooperativa sociale di tipo A). Errors are RFC 9457 problem+json; ' +
    'commands answer with the `position` they wrote, which queries accept as `?after=` to read their writes.',
};

/** The path template (`/membership/members/{memberId}`) of every registered operation. */
export function operationPaths(): string[] {
  return operations.map(({ target, method }) => {
    const handler = (target as { prototype: Record<string, unknown> }).prototype[method] as object;
    const base = (Reflect.getMetadata(PATH_METADATA, target) as string | undefined) ?? '';
    const sub = (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '';
    return joinPath(base, sub);
  });
}

/** The OpenAPI 3.1 document, generated from the zod schemas of every `@Operation`. */
export function buildOpenApiDocument(info: { title: string; version: string; description: string } = OPENAPI_INFO): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { target, method, spec } of operations) {
    const handler = (target as { prototype: Record<string, unknown> }).prototype[method] as object;
    const base = (Reflect.getMetadata(PATH_METADATA, target) as string | undefined) ?? '';
    const sub = (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '';
    const verb = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod]!.toLowerCase();
    const operationId =
      spec.operationId ?? `${lowerFirst((target as { name: string }).name.replace(/Controller$/, ''))}.${method}`;
    (paths[joinPath(base, sub)] ??= {})[verb] = {
      operationId,
      ...operationObject(spec, verb === 'get' || verb === 'head'),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key issued by an admin' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'coop_session',
          description: 'A person’s session (POST /auth/sessions); writes also need the X-CSRF-Token header',
        },
      },
      schemas: { Problem: jsonSchema(ProblemSchema) },
    },
    paths,
  };
}

function operationObject(spec: OperationSpec, read: boolean): object {
  const parameters: object[] = [];
  for (const [location, schema] of [
    ['query', spec.query],
    ['path', spec.params],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {}))
      parameters.push({
        name,
        in: location,
        required: location === 'path' || (object.required ?? []).includes(name),
        schema: property,
      });
  }
  if ((read || spec.readModels?.length) && !parameters.some((p) => (p as { name: string }).name === 'after'))
    parameters.push({
      name: 'after',
      in: 'query',
      required: false,
      schema: { type: 'string' },
      description: spec.readModels?.length
        ? 'Wait until the read model has processed this position (a command answer’s `position`)'
        : 'Accepted on every read: this one answers from the store itself, so it is always caught up',
    });
  for (const [name, description] of Object.entries(spec.headers ?? {}))
    parameters.push({ name, in: 'header', required: false, schema: { type: 'string' }, description });
  if (spec.idempotent)
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 200 },
      description: 'Repeat a request safely: the same key returns the original answer and records nothing twice',
    });
  if (spec.idempotent)
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'Only if the command’s stream is still at this revision (the ETag of an earlier answer); 409 otherwise',
    });
  if (spec.readModels)
    parameters.push({
      name: 'Coop-After-Position',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description:
        'Wait until the read models have processed the given position, and what process managers wrote because of it (same as ?after=)',
    });
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  const status = String(spec.status ?? 200);
  const write = !read;
  const responseSchema = spec.response ? jsonSchema(spec.response, 'output') : {};
  const requestSchema = spec.body ? jsonSchema(spec.body) : undefined;
  const example = write
    ? {
        request: spec.example?.request ?? (requestSchema ? exampleOf(requestSchema) : undefined),
        answer: spec.example?.answer ?? exampleOf(responseSchema),
      }
    : spec.example;
  const responses: Record<string, object> = {
    [status]: {
      description: 'Success',
      content: {
        'application/json': {
          schema: responseSchema,
          ...(example?.answer !== undefined ? { example: example.answer } : {}),
        },
        ...Object.fromEntries((spec.produces ?? []).map((type) => [type, { schema: { type: 'string' } }])),
      },
    },
    '400': { description: 'Invalid request: every invalid field, header or query parameter is listed', content: problem },
  };
  if (spec.roles !== 'public') {
    responses['401'] = { description: 'No or unknown API key', content: problem };
    responses['403'] = {
      description: `The key’s role may not do this (${spec.roles === 'authenticated' ? 'any signed-in person or key may' : `roles: ${spec.roles.join(', ')}`})`,
      content: problem,
    };
  }
  if (spec.params) responses['404'] = { description: 'The resource the path names does not exist', content: problem };
  // 409 and 422 as the operation declares them (`conflicts`, `rules`: what its handler and
  // decider can raise), beside what every idempotent write can answer: a stale If-Match or a
  // concurrent write (409), an Idempotency-Key reused for another request (422). An operation
  // that declares neither list keeps the general answer of every write.
  const conflicts = spec.conflicts;
  if (conflicts ? conflicts.length > 0 || spec.idempotent : spec.body || spec.idempotent) {
    responses['409'] = {
      description: conflicts
        ? 'A clash with the recorded state, with a stable `code`' +
          (conflicts.length ? ` (${conflicts.join(', ')})` : '') +
          (spec.idempotent ? '; or the stream moved on: If-Match no longer current, or a concurrent write' : '')
        : 'A clash with the recorded state (with a stable `code`), a concurrency conflict or a duplicate',
      content: problem,
      ...(conflicts ? { 'x-conflicts': conflicts } : {}),
    };
  }
  const rules = spec.rules && [...spec.rules, ...(spec.idempotent ? [IDEMPOTENCY_KEY_REUSED] : [])];
  if (rules ? rules.length > 0 : spec.body || spec.idempotent) {
    responses['422'] = {
      description:
        'Refused by a rule of law or of the statute, with `rule` and `legalBasis`' +
        (spec.rules?.length ? ` (${spec.rules.join(', ')})` : '') +
        (spec.idempotent ? `; or an Idempotency-Key reused for another request (${IDEMPOTENCY_KEY_REUSED})` : ''),
      content: problem,
      ...(rules ? { 'x-rules': rules } : {}),
    };
  }
  if (spec.body || spec.idempotent) {
    responses['503'] ??= { description: 'The store is unavailable for the moment (Retry-After)', content: problem };
    responses['507'] = { description: 'The store is full or read-only: nothing was recorded', content: problem };
  }
  if (spec.readModels) responses['503'] = { description: 'The read model has not reached `after` in time', content: problem };
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    ...(spec.roles === 'public'
      ? { security: [] }
      : {
          security: [{ apiKey: [] }, { session: [] }],
          'x-roles': spec.roles === 'authenticated' ? ['any signed-in person or key'] : spec.roles,
        }),
    ...(parameters.length ? { parameters } : {}),
    ...(requestSchema
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: requestSchema,
                ...(example?.request !== undefined ? { example: example.request } : {}),
              },
              // Raw bytes of that media type (OpenAPI 3.1: a string schema with contentMediaType).
              ...Object.fromEntries(
                (spec.consumes ?? []).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
              ),
            },
          },
        }
      : {}),
    responses,
  };
}

/** A JSON schema as zod writes it (the subset `exampleOf` reads). */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  date: '2026-03-02',
  'date-time': '2026-03-02T10:00:00.000Z',
  uuid: '0b5f6b52-4c3e-4f7e-9a51-2a7c3d9e1f00',
  email: 'segreteria@example.coop',
  uri: 'https://example.coop/',
};

/**
 * An example value of a JSON schema, for the documentation: the schema's own `examples` or
 * `default` where given, else a value of its type (dates as dates, the first of an enum).
 * Only what is required is filled in, so the example is the smallest request that has the
 * right shape; rules a schema cannot say (a fiscal code's check character) it does not know.
 */
export function exampleOf(schema: JsonSchema, root: JsonSchema = schema, depth = 0): unknown {
  if (depth > 12) return null;
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    return target ? exampleOf(target, root, depth + 1) : null;
  }
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const alternative = schema.anyOf ?? schema.oneOf;
  if (alternative?.length) return exampleOf(alternative.find((s) => s.type !== 'null') ?? alternative[0]!, root, depth + 1);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => exampleOf(s, root, depth + 1) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, exampleOf(property, root, depth + 1)]),
      );
    }
    case 'array': {
      if (schema.prefixItems) return schema.prefixItems.map((s) => exampleOf(s, root, depth + 1));
      return schema.items ? [exampleOf(schema.items, root, depth + 1)] : [];
    }
    case 'string':
      if (schema.format && FORMAT_EXAMPLES[schema.format]) return FORMAT_EXAMPLES[schema.format];
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$' || schema.pattern?.startsWith('^\\d{4}-\\d{2}-\\d{2}')) return '2026-03-02';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}
