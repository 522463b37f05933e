import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ADMIN_KEY, applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * "No 500 for anything a client can send": every operation of the OpenAPI document gets
 * random bodies, path parameters, query strings and headers, and must answer below 500.
 */
describe('nothing a client sends gets a 500', () => {
  let t: TestApp;
  let operations: Array<{ method: string; path: string; query: string[] }>;
  /** What broke the contract, by operation and status: listed at the end, all at once. */
  const broken = new Map<string, string>();
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await t.http().get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(() => !(path === '/events/stream'))
        .map(([method, operation]) => ({
          method,
          path,
          query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })),
    );
    const applied = await t.http().post('/membership/applications').set(bearer(ADMIN_KEY)).send(applicant(1)).expect(201);
    ids.push(applied.body.applicationId);
    const admitted = await t
      .http()
      .post(`/membership/applications/${ids[0]}/admission`)
      .set(bearer(ADMIN_KEY))
      .send({ boardResolutionId: 'r', admittedOn: '2026-03-02' })
      .expect(201);
    ids.push(admitted.body.memberId);
  });
  afterAll(() => t.close());

  const parameter = fc.oneof(
    fc.constantFrom(...['x', '0', '-1', '..', '%00', 'key_bootstrap', 'member-register', 'payroll']),
    fc.uuid(),
    fc.string({ maxLength: 40 }),
  );
  const body = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.record({
      applicant: fc.anything({ maxDepth: 2 }),
      category: fc.string(),
      requestedShares: fc.oneof(fc.integer(), fc.double(), fc.string()),
      boardResolutionId: fc.string(),
      admittedOn: fc.oneof(fc.string(), fc.constant('2026-02-30'), fc.constant('2026-03-02')),
      position: fc.string(),
      amountCents: fc.oneof(fc.integer(), fc.double()),
      count: fc.oneof(fc.integer(), fc.double()),
    }),
  );
  const query = fc.dictionary(
    fc.constantFrom('after', 'asOf', 'limit', 'offset', 'status', 'year', 'types', 'format', 'categories'),
    fc.string({ maxLength: 20 }),
  );
  const header = fc.record({
    'Idempotency-Key': fc.option(fc.string({ maxLength: 210 }), { nil: undefined }),
    'If-Match': fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
    'Coop-After-Position': fc.option(fc.constantFrom('1', 'abc', '99999999999999999999999'), { nil: undefined }),
  });

  it('for random requests to every operation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        parameter,
        body,
        query,
        header,
        fc.boolean(),
        fc.nat(9),
        async (pick, param, payload, anySearch, headers, realId, stray) => {
          const { method, path, query: declared } = operations[pick % operations.length]!;
          // Mostly the parameters the operation declares (an undeclared one is a 400 before anything else).
          const search = Object.fromEntries(Object.entries(anySearch).filter(([name]) => stray === 0 || declared.includes(name)));
          const url = path.replace(/\{[^}]+\}/g, () => (realId ? ids[pick % ids.length]! : encodeURIComponent(param)));
          let request = (t.http() as unknown as Record<string, (u: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)[
            method
          ]!(url)
            .query(search)
            .set(bearer(ADMIN_KEY));
          for (const [name, value] of Object.entries(headers))
            if (value !== undefined) request = request.set(name, value.replace(/[^\x20-\x7e]/g, ''));
          const response =
            method === 'get' || method === 'delete'
              ? await request
              : await request.set('Content-Type', 'application/json').send(JSON.stringify(payload) ?? 'null');
          if (response.status >= 500 && response.status !== 503)
            throw new Error(`${method.toUpperCase()} ${url} → ${response.status} ${JSON.stringify(response.body)}`);
          expect(response.status).toBeGreaterThanOrEqual(200);
          const fault = contractFault(response.status, response.body as Record<string, unknown>);
          if (fault) broken.set(`${method.toUpperCase()} ${path} ${response.status} ${fault}`, JSON.stringify(response.body));
        },
      ),
      { numRuns: 1_000, seed: 20_260_302 },
    );
    expect([...broken].map(([where, body]) => `${where}: ${body}`)).toEqual([]);
  }, 120_000);

  it('finds what it checks: a refusal with its basis, a conflict with its code, a 400 with its fields', async () => {
    expect(contractFault(422, { rule: 'M4', legalBasis: 'L. 381/1991 art. 2 c. 2' })).toBeUndefined();
    expect(contractFault(422, { rule: 'KEY_EXISTS', legalBasis: null })).toMatch(/legalBasis/);
    expect(contractFault(409, { type: 'https://coop-ledger.dev/problems/conflict' })).toMatch(/code/);
    expect(contractFault(409, { type: 'https://coop-ledger.dev/problems/concurrency-conflict' })).toBeUndefined();
    expect(contractFault(400, { errors: [] })).toMatch(/errors/);
  });
});

/**
 * The contract of an error answer (README, "Errors"): a 422 names its rule and the article
 * it applies, a 409 a stable `code` unless it is a concurrency conflict or a duplicate, a
 * 400 every invalid field. Returns what is missing, or undefined.
 */
function contractFault(status: number, body: Record<string, unknown>): string | undefined {
  const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  if (status === 422 && !(filled(body.rule) && filled(body.legalBasis))) return 'a 422 without rule and legalBasis';
  if (status === 409 && !filled(body.code) && !/\/(concurrency-conflict|duplicate)$/.test(String(body.type)))
    return 'a 409 without code';
  if (status === 400 && !(Array.isArray(body.errors) && body.errors.length > 0)) return 'a 400 without errors';
  return undefined;
}
