import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ADMIN_KEY, applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * "No 500 for anything a client can send": every operation of the OpenAPI document gets
 * random bodies, path parameters, query strings and headers, and must answer below 500.
 */
describe('nothing a client sends gets a 500', () => {
  let t: TestApp;
  let operations: Array<{ method: string; path: string }>;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await t.http().get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => !(path === '/events/stream'))
        .map((method) => ({ method, path })),
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
        async (pick, param, payload, search, headers, realId) => {
          const { method, path } = operations[pick % operations.length]!;
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
        },
      ),
      { numRuns: 1_000, seed: 20_260_302 },
    );
  }, 120_000);
});
