import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiKeyDecider } from '../../src/platform/auth/api-key.decider.js';
import { apiKeyStream } from '../../src/platform/auth/api-key-events.js';
import { hashApiKey } from '../../src/platform/auth/api-keys.js';
import { API_KEYS_PROJECTION } from '../../src/platform/auth/api-keys.projection.js';
import { ADMIN_KEY, applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

type Item = { type: string; stream: string };

/** The status of an SSE request and, if 200, the types of the first `count` events. */
function sse(port: number, key: string, query: string, count: number) {
  return new Promise<{ status: number; types: string[] }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: `/events/stream${query}`, headers: bearer(key) }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return resolve({ status: res.statusCode!, types: [] });
      }
      let buffer = '';
      const types: string[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (const match of buffer.matchAll(/^event: (.+)$/gm)) types.push(match[1]!);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
        if (types.length >= count) {
          req.destroy();
          resolve({ status: 200, types: types.slice(0, count) });
        }
      });
    });
    req.on('error', (error) => reject(error));
    req.end();
  });
}

describe('service keys read only inside their scope (least privilege)', () => {
  let t: TestApp;
  let payroll: string;
  let nosy: string;
  let auditor: string;
  let port: number;
  const events = (key: string, query = '') => t.http().get(`/events${query}`).set(bearer(key));

  beforeAll(async () => {
    t = await startTestApp();
    payroll = await t.keyFor('service', { types: ['MembershipApplied'] });
    // Asking for the keys' own events in a scope gives nothing: they are an admin's alone.
    nosy = await t.keyFor('service', {
      types: ['ApiKeyIssued', 'MembershipApplied'],
      categories: ['apiKey', 'membershipApplication'],
    });
    auditor = await t.keyFor('auditor');
    const secretary = await t.keyFor('secretary');
    for (let n = 0; n < 2; n++)
      await t.http().post('/membership/applications').set(bearer(secretary)).send(applicant(n)).expect(201);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('a service key is issued with a scope, and only a service key', async () => {
    const issue = (body: object) => t.http().post('/api-keys').set(bearer(ADMIN_KEY)).send(body);
    expect((await issue({ role: 'service', label: 'no scope' }).expect(400)).body.errors[0].path).toBe('body.scope');
    expect((await issue({ role: 'secretary', label: 'x', scope: { types: ['A'] } }).expect(400)).body.errors[0].path).toBe(
      'body.scope',
    );
    await issue({ role: 'service', label: 'empty', scope: {} }).expect(400);
    const listed = (await t.http().get('/api-keys').set(bearer(ADMIN_KEY)).expect(200)).body as Array<{
      label: string;
      scope?: object;
    }>;
    expect(listed.find((k) => k.label === 'service for tests')?.scope).toBeDefined();
  });

  it('without a filter, GET /events answers the scope, and never the keys’ own events', async () => {
    expect((await events(payroll).expect(200)).body.items.map((e: Item) => e.type)).toEqual([
      'MembershipApplied',
      'MembershipApplied',
    ]);
    const nosyItems = (await events(nosy).expect(200)).body.items as Item[];
    expect(nosyItems.map((e) => e.type)).toEqual(['MembershipApplied', 'MembershipApplied']);
    const audited = (await events(auditor).expect(200)).body.items as Item[];
    // Auditors read everything else: here the applications are all there is besides the keys.
    expect(audited.map((e) => e.type)).toEqual(['MembershipApplied', 'MembershipApplied']);
    const admin = (await events(ADMIN_KEY, '?categories=apiKey').expect(200)).body.items as Item[];
    expect(admin.map((e) => e.type)).toContain('ApiKeyIssued');
  });

  it('a filter outside the scope is a 403 naming what is outside', async () => {
    const outside = await events(payroll, '?types=MembershipApplied,MemberAdmitted').expect(403);
    expect(outside.body).toMatchObject({ outOfScope: ['MemberAdmitted'] });
    expect((await events(nosy, '?types=ApiKeyIssued').expect(403)).body.outOfScope).toEqual(['ApiKeyIssued']);
    expect((await events(nosy, '?categories=apiKey').expect(403)).body.outOfScope).toEqual(['apiKey']);
    await events(auditor, '?categories=apiKey').expect(403);
    // People's credentials likewise: invitations, passwords and sessions are hashes of secrets.
    await events(auditor, '?categories=account').expect(403);
    await events(auditor, '?types=PasswordChanged').expect(403);
  });

  it('the SSE stream keeps to the scope', async () => {
    expect(await sse(port, nosy, '', 2)).toEqual({ status: 200, types: ['MembershipApplied', 'MembershipApplied'] });
    expect((await sse(port, payroll, '?types=ApiKeyIssued', 1)).status).toBe(403);
  });

  it('consumer groups keep to the scope: no filter is the scope, a filter outside it is a 403', async () => {
    const group = (key: string, body: object) => t.http().post('/subscriptions').set(bearer(key)).send(body);
    expect((await group(payroll, { name: 'payroll' }).expect(201)).body).toMatchObject({ types: ['MembershipApplied'] });
    await group(payroll, { name: 'payroll-admissions', types: ['MemberAdmitted'] }).expect(403);
    await group(ADMIN_KEY, { name: 'everything' }).expect(201);
    const read = await t.http().get('/subscriptions/everything/events').set(bearer(nosy)).expect(200);
    expect(read.body.items.map((e: Item) => e.type)).toEqual(['MembershipApplied', 'MembershipApplied']);
  });

  it('a service key recorded without a scope (issued before scopes) reads nothing', async () => {
    const legacy = 'coop_legacy_service_key_5c0e9b3a7d21f4e8a6b9c0d1';
    const result = await t.runtime.commands.execute(
      apiKeyStream('key_legacy'),
      apiKeyDecider,
      { type: 'IssueApiKey', keyId: 'key_legacy', role: 'service', label: 'legacy', keyHash: hashApiKey(legacy) },
      { commandId: 'legacy-key', actor: { keyId: 'key_bootstrap', role: 'admin' } },
    );
    await t.runtime.projections.waitFor(result.position!, [API_KEYS_PROJECTION], 5_000);
    expect((await events(legacy).expect(403)).body.detail).toMatch(/no scope/);
  });
});
