import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { CONTENT_SECURITY_POLICY } from '../../src/platform/http/web-app.js';
import { ApplyBody } from '../../src/membership/http/membership.schemas.js';
import {
  AppealsReport,
  ApplicationsPage,
  CompositionReport,
  OverdueReport,
  RefundsDueReport,
  SpecialCategoryReport,
  WarningsReport,
  WithdrawalsReport,
} from '../../src/membership/http/membership-answers.schemas.js';
import { refusalsOf } from '../../src/membership/commands/refusals.js';
import { operations as registered } from '../../src/platform/http/operation.js';
import { ADMIN_KEY, applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** Each registered operation's spec (its zod schemas), by its operationId. */
const specs = new Map(
  registered.map(({ target, method, spec }) => [
    spec.operationId ??
      `${(target as { name: string }).name.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}.${method}`,
    spec,
  ]),
);

/** Where an example still holds what `exampleOf` fills in when it knows nothing: "x…", `{}`, ±2^53-1. */
function placeholders(value: unknown, at = '$'): string[] {
  if (typeof value === 'string') return /^x+$/.test(value) ? [at] : [];
  if (typeof value === 'number') return Math.abs(value) === Number.MAX_SAFE_INTEGER ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => placeholders(v, `${at}.${k}`)) : [at];
  }
  return [];
}

/** `/docs`: Swagger UI from swagger-ui-dist, offline, under the strict CSP. */
describe('the browsable API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the page at /docs and /docs/ with the strict CSP and no inline script or style', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await t.http().get(path).set('Accept', 'text/html').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map(([, attributes]) => /\bsrc="([^"]+)"/.exec(attributes!)?.[1])).toEqual([
        '/docs/swagger-ui-bundle.js',
        '/docs/swagger-initializer.js',
      ]);
      for (const [, , content] of scripts) expect(content!.trim()).toBe('');
      expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    }
  });

  it('serves every file the page loads, from the package, with its type', async () => {
    const page = (await t.http().get('/docs/').expect(200)).text;
    const urls = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    expect(urls).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']));
    for (const url of urls) {
      const file = await t.http().get(url).expect(200);
      const type = url.endsWith('.css') ? /^text\/css/ : url.endsWith('.js') ? /^text\/javascript/ : /^image\/png/;
      expect({ url, type: file.headers['content-type'] }).toEqual({ url, type: expect.stringMatching(type) });
      expect(file.headers['x-content-type-options']).toBe('nosniff');
    }
    const css = await t.http().get('/docs/swagger-ui.css').expect(200);
    expect(css.text).toContain('.swagger-ui');
    const bundle = await t.http().get('/docs/swagger-ui-bundle.js').expect(200);
    expect(bundle.text).toContain('SwaggerUIBundle');
  });

  it('initialises Swagger UI on /openapi.json with the key kept across reloads', async () => {
    const initializer = await t.http().get('/docs/swagger-initializer.js').expect(200);
    expect(initializer.headers['content-type']).toMatch(/^text\/javascript/);
    expect(initializer.text).toContain("url: '/openapi.json'");
    expect(initializer.text).toContain('persistAuthorization: true');
    expect(initializer.text).toContain('validatorUrl: null');
    const { body } = await t.http().get('/openapi.json').expect(200);
    expect(body.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves nothing else of the package', async () => {
    await t.http().get('/docs/package.json').expect(404);
    await t.http().get('/docs/swagger-ui.js.map').expect(404);
    await t.http().get('/docs/..%2Fpackage.json').expect(404);
  });
});

type OpenApiOperation = {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: object; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown>; example?: unknown }> }>;
  security?: unknown[];
  parameters?: Array<{ in: string }>;
};

/** `/openapi.json`: what a client generator and a reader need of every operation. */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let operations: Array<{ name: string; method: string; operation: OpenApiOperation }>;
  beforeAll(async () => {
    t = await startTestApp();
    const { body } = await t.http().get('/openapi.json').expect(200);
    operations = Object.entries(body.paths as Record<string, Record<string, OpenApiOperation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, method, operation })),
    );
  });
  afterAll(() => t.close());
  const isWrite = (method: string) => !['get', 'head'].includes(method);
  const success = (operation: OpenApiOperation) =>
    Object.entries(operation.responses).find(([status]) => status.startsWith('2'))!;

  it('names every operation with an operationId of its own', () => {
    expect(operations.length).toBeGreaterThan(100);
    const missing = operations.filter(({ operation }) => !operation.operationId).map(({ name }) => name);
    expect(missing).toEqual([]);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(operations.find(({ name }) => name === 'post /membership/applications')!.operation.operationId).toBe(
      'membershipCommands.apply',
    );
  });

  it('describes the answer of every write, with an example request and answer', () => {
    const writes = operations.filter(({ method }) => isWrite(method));
    expect(writes.length).toBeGreaterThan(60);
    const gaps = writes.flatMap(({ name, operation }) => {
      const [status, response] = success(operation);
      const json = response.content?.['application/json'];
      const problems: string[] = [];
      if (status !== '204' && !Object.keys(json?.schema ?? {}).length) problems.push(`${name}: no answer schema`);
      if (status !== '204' && json?.example === undefined) problems.push(`${name}: no example answer`);
      if (operation.requestBody && operation.requestBody.content['application/json']!.example === undefined)
        problems.push(`${name}: no example request`);
      return problems;
    });
    expect(gaps).toEqual([]);
    const apply = operations.find(({ name }) => name === 'post /membership/applications')!.operation;
    expect(apply.requestBody!.content['application/json']!.example).toMatchObject({ applicant: expect.any(Object) });
    // A hand-written example is a request the service takes.
    expect(ApplyBody.safeParse(apply.requestBody!.content['application/json']!.example).success).toBe(true);
    expect(success(apply)[1].content!['application/json']!.example).toMatchObject({
      position: expect.any(String),
      events: [expect.objectContaining({ type: expect.any(String) })],
    });
  });

  it('gives every write a real example request, which its own schema takes, and an answer with no placeholder', () => {
    const writes = operations.filter(({ method }) => isWrite(method));
    const problems = writes.flatMap(({ name, operation }) => {
      const found: string[] = [];
      const request = operation.requestBody?.content['application/json']?.example;
      if (operation.requestBody) {
        const parsed = specs.get(operation.operationId!)!.body!.safeParse(request);
        if (!parsed.success)
          found.push(
            `${name}: its example request is refused: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
          );
        found.push(...placeholders(request).map((at) => `${name}: placeholder in the request at ${at}`));
      }
      const answer = success(operation)[1].content?.['application/json']?.example;
      found.push(...placeholders(answer).map((at) => `${name}: placeholder in the answer at ${at}`));
      const response = specs.get(operation.operationId!)!.response;
      if (response && answer !== undefined && !response.safeParse(answer).success)
        found.push(`${name}: its example answer is not what its schema says it answers`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('the placeholder check finds what it looks for', () => {
    expect(placeholders({ a: 'x', b: [{}], c: -Number.MAX_SAFE_INTEGER, d: 'Genova', e: 0 })).toEqual(['$.a', '$.b[0]', '$.c']);
  });

  it('describes the answer of every read (test/e2e/openapi-answers.e2e.spec.ts holds each to its real answer)', () => {
    const reads = operations.filter(({ method }) => !isWrite(method));
    const undescribed = reads.filter(({ operation }) => {
      const [, response] = success(operation);
      const content = response.content ?? {};
      const json = content['application/json'];
      // An operation that answers another type (a CSV, a PDF, a page) is described by that type.
      return Object.keys(content).length === 1 && !Object.keys(json?.schema ?? {}).length;
    });
    expect(undescribed.map(({ name }) => name)).toEqual([]);
  });

  it('describes what the membership reports answer (strictly: no field the schema does not name)', async () => {
    const admin = bearer(ADMIN_KEY);
    const applied = await t
      .http()
      .post('/membership/applications')
      .set(admin)
      .send({ ...applicant(1), appliedOn: '2025-11-02' })
      .expect(201);
    await t
      .http()
      .post('/membership/applications')
      .set(admin)
      .send({ ...applicant(2), appliedOn: '2025-11-03' })
      .expect(201);
    const admitted = await t
      .http()
      .post(`/membership/applications/${applied.body.applicationId}/admission`)
      .set(admin)
      .send({ boardResolutionId: 'cda-1', admittedOn: '2025-11-20' })
      .expect(201);
    const after = `?after=${admitted.body.position}`;
    for (const [path, schema] of [
      ['/membership/applications', ApplicationsPage],
      ['/membership/reports/overdue-applications', OverdueReport],
      ['/membership/reports/appeals', AppealsReport],
      ['/membership/reports/withdrawals', WithdrawalsReport],
      ['/membership/reports/refunds-due', RefundsDueReport],
      ['/membership/reports/special-category', SpecialCategoryReport],
      ['/membership/reports/composition', CompositionReport],
      ['/membership/reports/warnings', WarningsReport],
    ] as const) {
      const { body } = await t.http().get(`${path}${after}`).set(admin).expect(200);
      const parsed = (schema as unknown as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(body);
      expect({ path, success: parsed.success }).toEqual({ path, success: true });
      // zod drops what a schema does not name: equal means nothing was left undescribed.
      expect({ path, answer: parsed.data }).toEqual({ path, answer: body });
    }
    const overdue = await t.http().get(`/membership/reports/overdue-applications${after}`).set(admin).expect(200);
    expect(overdue.body.undecided).toEqual([expect.objectContaining({ appliedOn: '2025-11-03' })]);
    const composition = await t.http().get(`/membership/reports/composition${after}`).set(admin).expect(200);
    expect(composition.body.current).toMatchObject({ total: 1 });
  });

  it('lists per membership command the rule and clash codes its decider and handler can give', () => {
    type Coded = { 'x-rules'?: string[]; 'x-conflicts'?: string[] };
    const responses = (name: string) => operations.find((o) => o.name === name)!.operation.responses as Record<string, Coded>;
    const admission = responses('post /membership/applications/{applicationId}/admission');
    expect(admission['422']!['x-rules']).toEqual([...refusalsOf('AdmitMember').rules, 'IDEMPOTENCY_KEY_REUSED']);
    expect(admission['422']!['x-rules']).toEqual(expect.arrayContaining(['G7', 'M1', 'M4']));
    expect(admission['409']!['x-conflicts']).toEqual(['DATE_ORDER']);
    // No rule of the shares decider refuses a payment: only the platform's reused key.
    const payment = responses('post /membership/members/{memberId}/shares/payments');
    expect(payment['422']!['x-rules']).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(payment['409']!['x-conflicts']).toEqual(['OVERPAYMENT']);
    const membershipWrites = operations.filter(({ name, method }) => isWrite(method) && name.includes(' /membership/'));
    expect(membershipWrites.length).toBe(15);
    for (const { name } of membershipWrites)
      expect({ name, declared: Array.isArray(responses(name)['422']!['x-rules']) }).toEqual({ name, declared: true });
  });

  it('lists per write of every other context the codes its decider and handler can give', () => {
    type Coded = { 'x-rules'?: string[]; 'x-conflicts'?: string[] };
    const responses = (name: string) => operations.find((o) => o.name === name)!.operation.responses as Record<string, Coded>;
    const writes = operations.filter(
      ({ name, method, operation }) =>
        isWrite(method) && operation.requestBody && /^\w+ \/(governance|work|services|reports\/social|audit\/seals)\//.test(name),
    );
    expect(writes.length).toBeGreaterThan(30);
    for (const { name } of writes) {
      const { '409': clash, '422': refused } = responses(name);
      expect({ name, declared: Array.isArray(clash?.['x-conflicts']) || Array.isArray(refused?.['x-rules']) }).toEqual({
        name,
        declared: true,
      });
    }
    // A delivery adds the reservations its handler makes: the agreement's hours (S3, AGREEMENT_UNKNOWN).
    const delivery = responses('post /services/deliveries');
    expect(delivery['422']!['x-rules']).toEqual(['S1', 'S3', 'S4', 'S5', 'W3b', 'IDEMPOTENCY_KEY_REUSED']);
    expect(delivery['409']!['x-conflicts']).toContain('AGREEMENT_UNKNOWN');
    // No rule refuses a time-stamp: its route answers no 422.
    expect(responses('post /audit/seals/{n}/timestamps')['422']).toBeUndefined();
  });

  it('gives every write its own 409 and 422 codes: none keeps the general answer of every write', () => {
    type Coded = { 'x-rules'?: string[]; 'x-conflicts'?: string[] };
    const responses = (name: string) => operations.find((o) => o.name === name)!.operation.responses as Record<string, Coded>;
    const general = operations
      .filter(({ method }) => isWrite(method))
      .flatMap(({ name }) => {
        const { '409': clash, '422': refused } = responses(name);
        return [
          ...(clash && !Array.isArray(clash['x-conflicts']) ? [`${name}: a 409 without x-conflicts`] : []),
          ...(refused && !Array.isArray(refused['x-rules']) ? [`${name}: a 422 without x-rules`] : []),
        ];
      });
    expect(general).toEqual([]);
    // Every write declares both lists, also one that can answer neither (the document shows none).
    const undeclared = registered
      .filter(({ target, method, spec }) => {
        const verb = Reflect.getMetadata('method', (target as { prototype: object }).prototype[method as never]) as RequestMethod;
        return verb !== RequestMethod.GET && verb !== RequestMethod.HEAD && (!spec.rules || !spec.conflicts);
      })
      .map(({ target, method }) => `${(target as { name: string }).name}.${method}`);
    expect(undeclared).toEqual([]);
    // The platform's own writes: a sign-in may find the account not yet active, a rebuild the
    // projection held by another instance; a consumer's acknowledgement clashes with nothing.
    expect(responses('post /auth/sessions')['409']!['x-conflicts']).toEqual(['ACCOUNT_NOT_ACTIVE']);
    expect(responses('post /auth/sessions')['422']).toBeUndefined();
    expect(responses('post /auth/passkeys/sign-in')['409']!['x-conflicts']).toEqual([
      'ACCOUNT_NOT_ACTIVE',
      'PASSKEY_COUNTER',
      'PASSKEY_UNKNOWN',
    ]);
    expect(responses('post /projections/{name}/rebuild')['409']!['x-conflicts']).toEqual(['LEASE_HELD_ELSEWHERE']);
    expect(responses('post /subscriptions')['409']!['x-conflicts']).toEqual(['GROUP_SETTINGS_DIFFER']);
    expect(Object.keys(responses('post /subscriptions/{name}/ack'))).not.toContain('409');
    expect(Object.keys(responses('post /subscriptions/{name}/ack'))).not.toContain('422');
    expect(responses('post /api-keys')['422']!['x-rules']).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(responses('post /api-keys')['409']!['x-conflicts']).toEqual(['KEY_EXISTS']);
  });

  it('lists the errors each operation can answer, as problem+json', () => {
    for (const { name, operation } of operations) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect({ name, has400: errors.some(([status]) => status === '400') }).toEqual({ name, has400: true });
      for (const [status, response] of errors)
        expect({ name, status, types: Object.keys(response.content ?? {}) }).toEqual({
          name,
          status,
          types: ['application/problem+json'],
        });
      const statuses = errors.map(([status]) => status);
      if (operation.security?.length)
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['401', '403']) });
      if (operation.parameters?.some((p) => p.in === 'path'))
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['404']) });
    }
  });
});
