import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collect } from '../support/test-events.js';
import { REGISTER_SEARCH } from '../../src/membership/projections/register-search.projection.js';
import { ADMIN_KEY, applicant, bearer, fiscalCodeOf, mariaRossi, startTestApp, type TestApp } from '../support/test-app.js';

describe('the membership slice over HTTP', () => {
  let t: TestApp;
  let secretary: string;
  const admin = bearer(ADMIN_KEY);

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
  });
  afterAll(() => t.close());

  const apply = (body: object = mariaRossi, key = secretary) =>
    t.http().post('/membership/applications').set(bearer(key)).send(body);
  const admit = (applicationId: string, body: object = { boardResolutionId: 'cda-2026-03-02-2', admittedOn: '2026-03-02' }) =>
    t.http().post(`/membership/applications/${applicationId}/admission`).set(bearer(secretary)).send(body);
  const eventCount = async () => (await collect(t.runtime.events.readAll())).length;

  it('M1 records an application, admits it with the shares it asked for (c.c. art. 2528 c. 1), and answers the register with read-your-writes', async () => {
    const applied = await apply().expect(201);
    expect(applied.body).toMatchObject({ applicationId: expect.any(String), replayed: false, position: expect.any(String) });
    expect(applied.headers['coop-position']).toBe(applied.body.position);

    const admitted = await admit(applied.body.applicationId).expect(201);
    expect(admitted.body.events).toEqual([
      expect.objectContaining({ type: 'MemberAdmitted', stream: 'memberRegister-main' }),
      expect.objectContaining({ type: 'SharesSubscribed', stream: `member-${admitted.body.memberId}` }),
    ]);

    const register = await t
      .http()
      .get(`/membership/register?after=${admitted.body.position}`)
      .set(bearer(secretary))
      .expect(200);
    expect(register.body.items).toContainEqual({
      memberNumber: 1,
      memberId: admitted.body.memberId,
      name: 'Rossi Maria',
      fiscalCode: 'RSSMRA80A01H501U',
      residence: 'Via Roma 1, 16121 Genova (GE)',
      personalDataErased: false,
      shares: { count: 2, subscribedCents: 5_000, paidCents: 0, refundedCents: 0 },
      exit: null,
      category: 'worker',
      section: 'ordinary',
      admittedOn: '2026-03-02',
      boardResolutionId: 'cda-2026-03-02-2',
    });

    const byHeader = await t
      .http()
      .get(`/membership/applications/${applied.body.applicationId}`)
      .set(bearer(secretary))
      .set('Coop-After-Position', admitted.body.position)
      .expect(200);
    expect(byHeader.body).toMatchObject({ status: 'admitted', memberId: admitted.body.memberId, name: 'Rossi Maria' });

    const [event] = await collect(t.runtime.events.readStream('memberRegister-main', { maxCount: 1 }));
    expect(event!.metadata.actor).toEqual({ keyId: expect.stringMatching(/^key_/), role: 'secretary' });
  });

  it('answers an invalid body with 400 listing every invalid field, and writes nothing', async () => {
    const before = await eventCount();
    const response = await apply({
      applicant: { kind: 'natural', fiscalCode: 'RSSMRA80A01H501X' },
      category: 'boss',
      requestedShares: 0,
    }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        'body.applicant.givenName',
        'body.applicant.familyName',
        'body.applicant.fiscalCode',
        'body.applicant.birthDate',
        'body.applicant.residence',
        'body.category',
        'body.requestedShares',
      ]),
    );
    expect(await eventCount()).toBe(before);
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await t
      .http()
      .post('/membership/applications')
      .set(bearer(secretary))
      .set('Content-Type', 'application/json')
      .send('{"applicant":')
      .expect(400);
    expect(response.body).toMatchObject({ status: 400, type: expect.stringContaining('invalid-request') });
  });

  it('needs a key (401), the right role (403), and lets auditors read but not write', async () => {
    const none = await t.http().post('/membership/applications').send(mariaRossi).expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    await apply(mariaRossi, 'coop_not-a-key').expect(401);
    const coordinator = await t.keyFor('coordinator');
    const forbidden = await apply(mariaRossi, coordinator).expect(403);
    expect(forbidden.body).toMatchObject({ role: 'coordinator', allowedRoles: ['secretary'] });
    const auditor = await t.keyFor('auditor');
    await apply(mariaRossi, auditor).expect(403);
    await t.http().get('/membership/register').set(bearer(auditor)).expect(200);
  });

  it('returns the original answer to a repeated Idempotency-Key and records once', async () => {
    const first = await apply(applicant(100)).set('Idempotency-Key', 'form-100').expect(201);
    const before = await eventCount();
    const again = await apply(applicant(100)).set('Idempotency-Key', 'form-100').expect(201);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await eventCount()).toBe(before);
    const admitOnce = () =>
      t
        .http()
        .post(`/membership/applications/${first.body.applicationId}/admission`)
        .set(bearer(secretary))
        .set('Idempotency-Key', 'admit-100')
        .send({ boardResolutionId: 'r', admittedOn: '2026-03-02' });
    const [a, b] = await Promise.all([admitOnce(), admitOnce()]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.memberId).toBe(b.body.memberId);
    expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
  });

  it('refuses a stale If-Match with 409 and writes nothing', async () => {
    const applied = await apply(applicant(200)).expect(201);
    const admitted = await admit(applied.body.applicationId).expect(201);
    expect(admitted.headers.etag).toBe(`"${admitted.body.revision}"`);
    const other = await apply(applicant(201)).expect(201);
    const stale = String(BigInt(admitted.body.revision) - 1n);
    const before = await eventCount();
    const conflict = await t
      .http()
      .post(`/membership/applications/${other.body.applicationId}/admission`)
      .set(bearer(secretary))
      .set('If-Match', `"${stale}"`)
      .send({ boardResolutionId: 'r', admittedOn: '2026-03-02' })
      .expect(409);
    expect(conflict.body).toMatchObject({
      stream: 'memberRegister-main',
      expectedRevision: stale,
      actualRevision: admitted.body.revision,
    });
    expect(await eventCount()).toBe(before);
    await t
      .http()
      .post(`/membership/applications/${other.body.applicationId}/admission`)
      .set(bearer(secretary))
      .set('If-Match', admitted.headers.etag!)
      .send({ boardResolutionId: 'r', admittedOn: '2026-03-02' })
      .expect(201);
  });

  it('M1 refuses a second admission of the same application with 422, rule and legal basis', async () => {
    const applied = await apply(applicant(300)).expect(201);
    await admit(applied.body.applicationId).expect(201);
    const refused = await admit(applied.body.applicationId).expect(422);
    expect(refused.body).toMatchObject({ rule: 'M1', legalBasis: 'c.c. art. 2528 c. 1', status: 422 });
  });

  it('gives concurrent admissions distinct, progressive member numbers', async () => {
    const applications = await Promise.all(Array.from({ length: 25 }, (_, i) => apply(applicant(400 + i)).expect(201)));
    const admissions = await Promise.all(applications.map((a) => admit(a.body.applicationId).expect(201)));
    const last = admissions
      .map((a) => a.body.position)
      .sort((x, y) => Number(x) - Number(y))
      .at(-1);
    const register = await t.http().get(`/membership/register?limit=1000&after=${last}`).set(bearer(secretary)).expect(200);
    const numbers = register.body.items.map((m: { memberNumber: number }) => m.memberNumber);
    expect(numbers).toEqual(Array.from({ length: register.body.total }, (_, i) => i + 1));
  });

  it('searches the whole register on the server before paging: by member number, the beginnings of the words of the name (accents ignored) or of the fiscal code', async () => {
    const nicolo = { ...applicant(480), applicant: { ...applicant(480).applicant, givenName: 'Nicolò', familyName: 'Zanè' } };
    const applied = await apply(nicolo).expect(201);
    const admitted = await admit(applied.body.applicationId).expect(201);
    const search = (q: string, extra = '') =>
      t
        .http()
        .get(`/membership/register?q=${encodeURIComponent(q)}&limit=1${extra}&after=${admitted.body.position}`)
        .set(bearer(secretary))
        .expect(200)
        .then((r) => r.body);
    // The member is the register's last line: a page of one finds it only if the search ran over every line.
    let memberNumber = 0;
    for (const q of ['nicolo', 'ZANE', 'Zanè Nic', fiscalCodeOf(480).slice(0, 9).toLowerCase()]) {
      const found = await search(q);
      expect(found.total).toBe(1);
      expect(found.items[0]).toMatchObject({ memberId: admitted.body.memberId });
      memberNumber = found.items[0].memberNumber;
    }
    expect(memberNumber).toBeGreaterThan(1);
    const byNumber = await search(String(memberNumber));
    expect(byNumber.items[0]).toMatchObject({ memberId: admitted.body.memberId, memberNumber });
    // Many matches are paged like the register: "Person" names every applicant of the tests above.
    const many = await search('person', '&offset=1');
    expect(many.total).toBeGreaterThan(1);
    expect(many.items).toHaveLength(1);
    expect((await search('no such name')).total).toBe(0);
    // Words are matched from their beginning (the index keeps beginnings, as keyed hashes):
    // a piece from the middle of a name finds no one.
    expect((await search('icolo')).total).toBe(0);
    // The index holds hashes, never the words.
    const index = await t.runtime.projections.collection(REGISTER_SEARCH, 'entries');
    const entry = await index.findOne({ memberId: admitted.body.memberId });
    expect(entry).not.toBeNull();
    expect(JSON.stringify(entry)).not.toMatch(/nicol|zan/i);
  });

  it('answers unknown things with 404 problems', async () => {
    await admit('0f8fad5b-d9cb-469f-a165-70867728950e').expect(404);
    const route = await t.http().get('/no-such-route').set(admin).expect(404);
    expect(route.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http().post('/projections/nope/rebuild').set(admin).expect(404);
    await t.http().get('/membership/applications/not-a-uuid').set(admin).expect(400);
  });

  it('stops accepting a revoked key at once', async () => {
    const issued = await t.http().post('/api-keys').set(admin).send({ role: 'board', label: 'to revoke' }).expect(201);
    await t.http().get('/membership/register').set(bearer(issued.body.key)).expect(200);
    await t.http().delete(`/api-keys/${issued.body.keyId}`).set(admin).expect(200);
    await t.http().get('/membership/register').set(bearer(issued.body.key)).expect(401);
    const list = await t.http().get('/api-keys').set(admin).expect(200);
    expect(list.body.find((k: { keyId: string }) => k.keyId === issued.body.keyId)).toMatchObject({
      revokedAt: expect.any(String),
    });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.key);
  });

  it('serves health, metrics, the OpenAPI document and the docs page', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.projections.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['api-keys', 'member-register']),
    );
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('coop_event_append_duration_seconds');
    expect(metrics.text).toContain('coop_projection_lag{projection="member-register"}');
    const openapi = await t.http().get('/openapi.json').expect(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/membership/applications',
        '/membership/applications/{applicationId}/admission',
        '/membership/register',
      ]),
    );
    expect(
      openapi.body.paths['/membership/applications'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('applicant');
    const docs = await t.http().get('/docs').expect(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });
});
