import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { sealKeySource } from '../../src/audit/signing/seal-key.js';
import { sealAndSign } from '../../src/audit/signing/seal-signing.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from './support.js';
import { hasOpenssl, makeCa, makeTsa } from './tsa-fixture.js';

if (!hasOpenssl) console.warn('skipping the RFC 3161 time-stamp HTTP tests: no openssl on this machine');
const suite = hasOpenssl ? describe : describe.skip;

/**
 * POST /audit/seals/{n}/timestamps: the reply of a time-stamping authority (a local one,
 * `openssl ts -reply`) recorded over HTTP, as JSON with base64 or as the DER reply itself
 * (application/timestamp-reply, RFC 3161 §4 / RFC 5544), and garbage refused with a 400.
 */
suite('RFC 3161 replies over HTTP', () => {
  let t: TestApp;
  let auditor: string;
  let work: string;
  let reply: (query: Buffer) => Buffer;

  beforeAll(async () => {
    work = tempDir('coop-tsa-http-');
    const ca = makeCa(work, 'trusted');
    reply = makeTsa(work, 'trusted', ca.issue('Test TSA', true), `${work}/trusted-ca.pem`);
    t = await startTestApp();
    const secretary = await t.keyFor('secretary');
    auditor = await t.keyFor('auditor');
    await t
      .http()
      .post('/membership/applications')
      .set(bearer(secretary))
      .send({ ...applicant(1), appliedOn: '2026-01-10' })
      .expect(201);
    const admin = { keyId: 'test', role: 'admin' };
    await sealAndSign({ events: t.runtime.events, keys: sealKeySource(t.runtime.config.dataDir), clock: t.clock, actor: admin });
    // The authority stamps with this machine's time: the import runs on a clock set to it.
    t.clock.set(new Date());
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A fresh query for seal 0, as the API gives it (DER). */
  const query = async (): Promise<Buffer> => {
    const { body } = await t
      .http()
      .get('/audit/seals/0/timestamp-request')
      .set(bearer(auditor))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', /application\/timestamp-query/);
    return body as Buffer;
  };
  const postRaw = (body: Buffer, headers: Record<string, string>) =>
    t
      .http()
      .post('/audit/seals/0/timestamps')
      .set(bearer(auditor))
      .set('Content-Type', 'application/timestamp-reply')
      .set(headers)
      .send(body);

  it('records the DER reply sent raw, with its query in the Coop-Timestamp-Query header', async () => {
    const q = await query();
    const { body } = await postRaw(reply(q), { 'Coop-Timestamp-Query': q.toString('base64') }).expect(201);
    expect(body).toMatchObject({ seal: 0, tsa: expect.stringContaining('Test TSA') });
    const recorded = await t.http().get('/audit/seals/0/timestamps').set(bearer(auditor)).expect(200);
    expect(recorded.body).toHaveLength(1);
  });

  it('still records the reply and its query sent as JSON, base64', async () => {
    const q = await query();
    await t
      .http()
      .post('/audit/seals/0/timestamps')
      .set(bearer(auditor))
      .send({ reply: reply(q).toString('base64'), query: q.toString('base64') })
      .expect(201);
    expect((await t.http().get('/audit/seals/0/timestamps').set(bearer(auditor)).expect(200)).body).toHaveLength(2);
  });

  it('answers a garbage raw body, or a raw reply without its query, with a 400 problem, never a 500', async () => {
    const q = await query();
    const garbage = await postRaw(Buffer.from('this is not DER at all'), { 'Coop-Timestamp-Query': q.toString('base64') })
      .expect(400)
      .expect('Content-Type', /application\/problem\+json/);
    expect(garbage.body.errors).toEqual([expect.objectContaining({ path: 'body', code: 'TSA_UNREADABLE' })]);

    const truncated = await postRaw(reply(q).subarray(0, 40), { 'Coop-Timestamp-Query': q.toString('base64') }).expect(400);
    expect(truncated.body.errors[0]).toMatchObject({ path: 'body', code: 'TSA_UNREADABLE' });

    const without = await postRaw(reply(q), {}).expect(400);
    expect(without.body.errors[0]).toMatchObject({ path: 'headers.coop-timestamp-query' });

    const badQuery = await postRaw(reply(q), { 'Coop-Timestamp-Query': Buffer.from('nope').toString('base64') }).expect(400);
    expect(badQuery.body.errors[0]).toMatchObject({ path: 'headers.coop-timestamp-query', code: 'TSA_UNREADABLE' });
    expect((await t.http().get('/audit/seals/0/timestamps').set(bearer(auditor))).body).toHaveLength(2);
  });

  it('documents both bodies and the header in the OpenAPI document', async () => {
    const { body } = await t.http().get('/openapi.json').expect(200);
    const post = body.paths['/audit/seals/{n}/timestamps'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['application/json', 'application/timestamp-reply']);
    expect(post.requestBody.content['application/timestamp-reply'].schema).toEqual({
      type: 'string',
      contentMediaType: 'application/timestamp-reply',
    });
    expect(post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'coop-timestamp-query', in: 'header' })]),
    );
  });
});
