import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { SequentialIds } from '../../src/platform/ids.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { ADMIN_KEY, applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** The service over a data directory that outlives it (a restart is a second call). */
async function serviceOver(dir: string): Promise<{ app: INestApplication; runtime: Runtime; http: () => request.Agent }> {
  const config = loadConfig({ COOP_DATA_DIR: dir, COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY });
  const runtime = await createRuntime(config, contexts, {
    clock: new FixedClock('2026-03-02T10:00:00.000Z'),
    ids: new SequentialIds(`r${Date.now().toString(36)}`),
    logger: pino({ level: 'silent' }),
    projectionPollMs: 20,
  });
  const app = await createApp(runtime, { print: () => undefined });
  return { app, runtime, http: () => request.agent(app.getHttpServer()) };
}

describe('Idempotency-Key (draft-ietf-httpapi-idempotency-key-header)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-idem-'));
  let service: Awaited<ReturnType<typeof serviceOver>>;
  const issue = (key: string, body: string) =>
    service
      .http()
      .post('/api-keys')
      .set(bearer(ADMIN_KEY))
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send(body);
  const labels = async () =>
    ((await service.http().get('/api-keys').set(bearer(ADMIN_KEY)).expect(200)).body as Array<{ label: string }>)
      .map((k) => k.label)
      .sort();

  beforeAll(async () => {
    service = await serviceOver(dir);
  });
  afterAll(async () => {
    await service.app.close();
    await service.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the original result to the same request, whatever its key order and spacing', async () => {
    const first = await issue('payroll-1', '{"role":"service","label":"payroll","scope":{"types":["MemberAdmitted"]}}').expect(
      201,
    );
    expect(first.body.key).toEqual(expect.any(String));
    const again = await issue(
      'payroll-1',
      '{ "scope": {"types":["MemberAdmitted"]}, "label": "payroll", "role": "service" }',
    ).expect(201);
    expect(again.body).toMatchObject({ keyId: first.body.keyId, replayed: true, key: null });
  });

  it('refuses the key with 422 when the body differs, and records nothing', async () => {
    const reused = await issue('payroll-1', '{"role":"admin","label":"payroll"}').expect(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.body).toMatchObject({ rule: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(reused.body.legalBasis).toMatch(/^draft-ietf-httpapi-idempotency-key-header/);
    expect(await labels()).toEqual(['bootstrap admin key', 'payroll']);
  });

  it('frees a key whose request recorded nothing (here a 400)', async () => {
    await issue('typo-1', '{"role":"nobody","label":"x"}').expect(400);
    await issue('typo-1', '{"role":"auditor","label":"auditor"}').expect(201);
  });

  it('still tells a retry from another request after a restart', async () => {
    await service.app.close();
    await service.runtime.close();
    service = await serviceOver(dir);
    expect((await issue('payroll-1', '{"role":"admin","label":"payroll"}').expect(422)).body.rule).toBe('IDEMPOTENCY_KEY_REUSED');
    const replay = await issue('payroll-1', '{"role":"service","label":"payroll","scope":{"types":["MemberAdmitted"]}}').expect(
      201,
    );
    expect(replay.body.replayed).toBe(true);
    expect(await labels()).toEqual(['auditor', 'bootstrap admin key', 'payroll']);
  });
});

describe('bytes and parameters the service does not understand are a 400', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a body that is not valid UTF-8, and records no name with U+FFFD', async () => {
    const bytes = Buffer.from(JSON.stringify(applicant(1)).replace('Person 1', 'Person @'), 'utf8');
    const at = bytes.indexOf('@');
    // 0xC3 opens a two-byte sequence that 0x28 does not continue.
    const bad = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at + 1)]);
    // Raw bytes over a socket: supertest would serialise a Buffer as JSON.
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/membership/applications`, {
      method: 'POST',
      headers: { ...bearer(ADMIN_KEY), 'Content-Type': 'application/json' },
      body: bad,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: unknown[] };
    expect(problem.errors[0]).toMatchObject({ path: 'body', code: 'encoding.invalid' });
    const events = await t.http().get('/events?types=MembershipApplied').set(bearer(ADMIN_KEY)).expect(200);
    expect(events.body.items).toEqual([]);
  });

  it('answers a clash with the recorded state as a 409 with its code: revoking a revoked key', async () => {
    const issued = await t.http().post('/api-keys').set(bearer(ADMIN_KEY)).send({ role: 'board', label: 'board' }).expect(201);
    await t.http().delete(`/api-keys/${issued.body.keyId}`).set(bearer(ADMIN_KEY)).expect(200);
    const again = await t.http().delete(`/api-keys/${issued.body.keyId}`).set(bearer(ADMIN_KEY)).expect(409);
    expect(again.body).toMatchObject({ code: 'KEY_NOT_ACTIVE', status: 409 });
    expect(again.body.rule).toBeUndefined();
  });

  it('names an unknown query parameter (/events?from= no longer answers from the start)', async () => {
    const response = await t.http().get('/events?from=5&limit=1').set(bearer(ADMIN_KEY)).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'query.from', code: 'unrecognized_keys' })]);
  });

  it('on every operation of the OpenAPI document, and accepts every parameter the document declares', async () => {
    const document = (await t.http().get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(methods)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const unknown = ['zzUnknown', 'from'].filter((name) => !declared.includes(name));
        const query = new URLSearchParams([...declared, ...unknown].map((name): [string, string] => [name, 'x'])).toString();
        const url = `${path.replace(/\{[^}]+\}/g, 'x')}?${query}`;
        const call = (t.http() as unknown as Record<string, (u: string) => request.Test>)[method]!(url).set(bearer(ADMIN_KEY));
        const response = method === 'get' || method === 'delete' ? await call : await call.send({});
        expect({ operation: `${method} ${path}`, status: response.status }).toEqual({
          operation: `${method} ${path}`,
          status: 400,
        });
        const unrecognised = (response.body.errors as Array<{ path: string; code: string }>)
          .filter((e) => e.code === 'unrecognized_keys')
          .map((e) => e.path);
        expect({ operation: `${method} ${path}`, unrecognised }).toEqual({
          operation: `${method} ${path}`,
          unrecognised: unknown.map((name) => `query.${name}`),
        });
        checked.push(`${method} ${path}`);
      }
    expect(checked.length).toBeGreaterThan(40);
  });
});
