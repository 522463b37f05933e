import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { z } from 'zod';
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

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });

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
    (paths[joinPath(base, sub)] ??= {})[verb] = operationObject(spec, verb === 'get' || verb === 'head');
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
  const responses: Record<string, object> = {
    [status]: {
      description: 'Success',
      content: {
        'application/json': { schema: spec.response ? jsonSchema(spec.response) : {} },
        ...Object.fromEntries((spec.produces ?? []).map((type) => [type, { schema: { type: 'string' } }])),
      },
    },
    '400': { description: 'Invalid request: every invalid field is listed', content: problem },
  };
  if (spec.roles !== 'public') {
    responses['401'] = { description: 'No or unknown API key', content: problem };
    responses['403'] = { description: 'The key’s role may not do this', content: problem };
  }
  if (spec.body) {
    responses['409'] = {
      description: 'A clash with the recorded state (with a stable `code`), a concurrency conflict or a duplicate',
      content: problem,
    };
    responses['422'] = {
      description:
        'Refused by a rule of law or of the statute, with `rule` and `legalBasis`; or an Idempotency-Key reused for another request',
      content: problem,
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
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } } } : {}),
    responses,
  };
}

/** A self-contained page listing every operation (no CDN: the service may run offline). */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coop-ledger API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}section{border-top:1px solid #ddd;padding:.6rem 0}code{background:#f4f4f4;padding:0 .3rem}
.verb{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}.roles{color:#666;font-size:.85rem}
details pre{background:#f7f7f7;padding:.6rem;overflow:auto;font-size:.8rem}</style></head>
<body><h1>coop-ledger API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const out=[];
  for(const [path,ops] of Object.entries(doc.paths)) for(const [verb,op] of Object.entries(ops)){
    const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
    out.push('<section><div><span class="verb">'+verb+'</span><code>'+esc(path)+'</code> — '+esc(op.summary)+'</div>'+
      (op.description?'<p>'+esc(op.description)+'</p>':'')+
      '<div class="roles">'+(op['x-roles']?'roles: '+op['x-roles'].join(', '):'public')+'</div>'+
      '<details><summary>schemas</summary><pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2))+'</pre></details></section>');
  }
  document.getElementById('ops').innerHTML=out.join('');
});
</script></body></html>`;
