import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { CONTENT_SECURITY_POLICY, webApp } from '../../src/platform/http/web-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the web app is served beside the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('API paths keep answering JSON and problem+json, even to a browser', async () => {
    const register = await t.http().get('/membership/register').set('Accept', 'text/html,*/*;q=0.8').expect(401);
    expect(register.headers['content-type']).toMatch(/^application\/problem\+json/);
    const member = await t.http().get('/membership/members/not-a-uuid').set('Accept', 'text/html').expect(401);
    expect(member.headers['content-type']).toMatch(/^application\/problem\+json/);
    const openapi = await t.http().get('/openapi.json').set('Accept', 'text/html,*/*').expect(200);
    expect(openapi.body.openapi).toBe('3.1.0');
  });

  it('a script asking JSON of an app route gets the API’s 404, not the page', async () => {
    const response = await t.http().get('/libro-soci').set('Accept', 'application/json').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a browser asking an app route gets the app’s page under a strict Content-Security-Policy', async () => {
    const response = await t
      .http()
      .get('/libro-soci/123?data=2025-12-31')
      .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect([200, 503]).toContain(response.status);
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('the OpenAPI document describes sessions and accounts', async () => {
    const { body } = await t.http().get('/openapi.json').expect(200);
    expect(body.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'coop_session' });
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/auth/invitations', '/auth/sessions', '/auth/session']));
  });
});

describe('the web app middleware over a built app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>app</title><script type="module" src="/assets/app-1.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
  const app = express().use(webApp(dir));
  app.use((_request, response) => void response.status(404).json({ api: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page on any app route and hashed assets with long caching', async () => {
    const page = await request(app).get('/domande').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const asset = await request(app).get('/assets/app-1.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    await request(app).get('/assets/../index.html').expect(404);
    await request(app).get('/assets/missing.js').expect(404);
  });
});
