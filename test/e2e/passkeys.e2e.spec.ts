import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collect } from '../support/test-events.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { ADMIN_KEY, bearer, startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'una password lunga 2026';
const PUBLIC_URL = 'https://soci.example.coop';

describe('passkeys as a second way in (over HTTP, with a software authenticator)', () => {
  let t: TestApp;
  const admin = bearer(ADMIN_KEY);

  beforeAll(async () => {
    t = await startTestApp({ COOP_PUBLIC_URL: PUBLIC_URL });
  });
  afterAll(() => t.close());

  const cookieNamed = (response: { headers: Record<string, unknown> }, name: string) =>
    ((response.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`))?.split(';')[0];

  const signedIn = async (login: string) => {
    const invited = await t
      .http()
      .post('/auth/invitations')
      .set(admin)
      .send({ name: `Persona ${login}`, login, role: 'secretary' })
      .expect(201);
    await t
      .http()
      .post('/auth/invitations/acceptance')
      .send({ token: invited.body.invitationToken, password: PASSWORD })
      .expect(201);
    const session = await t.http().post('/auth/sessions').send({ login, password: PASSWORD }).expect(201);
    return {
      accountId: invited.body.accountId as string,
      cookie: cookieNamed(session, 'coop_session')!,
      csrf: session.body.csrfToken as string,
    };
  };

  const registered = async (person: { cookie: string; csrf: string }, name = 'Portatile') => {
    const key = new SoftAuthenticator(PUBLIC_URL, 'soci.example.coop');
    const options = await t
      .http()
      .post('/auth/passkeys/registration-options')
      .set('Cookie', person.cookie)
      .set('X-CSRF-Token', person.csrf)
      .expect(201);
    expect(options.body.rp).toEqual({ id: 'soci.example.coop', name: expect.any(String) });
    await t
      .http()
      .post('/auth/passkeys')
      .set('Cookie', person.cookie)
      .set('X-CSRF-Token', person.csrf)
      .send({ name, response: key.create(options.body) })
      .expect(201);
    return key;
  };

  const signInOptions = async (login?: string) => {
    const options = await t
      .http()
      .post('/auth/passkeys/sign-in-options')
      .send(login ? { login } : {})
      .expect(201);
    return {
      options: options.body as { challenge: string; allowCredentials?: Array<{ id: string }> },
      flow: cookieNamed(options, 'coop_passkey_flow')!,
    };
  };
  const signInWith = (flow: string, response: unknown) =>
    t.http().post('/auth/passkeys/sign-in').set('Cookie', flow).send({ response });

  it('registers a passkey, lists it by name, and signs in with it: a session cookie and CSRF token like a password', async () => {
    const anna = await signedIn('anna@example.org');
    const key = await registered(anna);
    const listed = await t.http().get('/auth/passkeys').set('Cookie', anna.cookie).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ credentialId: key.id, name: 'Portatile', transports: ['internal'], lastUsedAt: null }),
    ]);

    const { options, flow } = await signInOptions('anna@example.org');
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([key.id]);
    const answer = await signInWith(flow, key.get(options)).expect(201);
    expect(answer.body).toMatchObject({ accountId: anna.accountId, role: 'secretary', csrfToken: expect.any(String) });
    const session = cookieNamed(answer, 'coop_session')!;
    await t.http().get('/auth/session').set('Cookie', session).expect(200);

    const recorded = JSON.stringify(
      await collect(t.runtime.events.readAll({ types: ['PasskeyRegistered', 'PasskeyUsed', 'SessionStarted'] })),
      (_, v) => (typeof v === 'bigint' ? String(v) : v),
    );
    expect(recorded).toContain('"counter":1');
  });

  it('a discoverable sign-in (no login typed) works too; an unknown login is offered no credentials', async () => {
    const bruno = await signedIn('bruno@example.org');
    const key = await registered(bruno);
    const { options, flow } = await signInOptions();
    expect(options.allowCredentials ?? []).toEqual([]);
    await signInWith(flow, key.get(options)).expect(201);
    expect((await signInOptions('nobody@example.org')).options.allowCredentials ?? []).toEqual([]);
  });

  it('a replayed answer, an expired challenge, another browser’s challenge and an unknown credential are refused with 401', async () => {
    const carla = await signedIn('carla@example.org');
    const key = await registered(carla);

    const first = await signInOptions();
    const answer = key.get(first.options);
    await signInWith(first.flow, answer).expect(201);
    const replayed = await signInWith(first.flow, answer).expect(401);
    expect(replayed.body.detail).toMatch(/unknown, used already/);

    const late = await signInOptions();
    t.clock.advance(5 * 60_000 + 1);
    const expired = await signInWith(late.flow, key.get(late.options)).expect(401);
    expect(expired.body.detail).toMatch(/expired/);

    const mine = await signInOptions();
    const theirs = await signInOptions();
    await signInWith(theirs.flow, key.get(mine.options)).expect(401);

    const stranger = new SoftAuthenticator(PUBLIC_URL, 'soci.example.coop');
    const fresh = await signInOptions();
    const unknown = await signInWith(fresh.flow, stranger.get(fresh.options)).expect(401);
    expect(unknown.body.detail).toMatch(/passkey is unknown/);
  });

  it('a passkey made for another origin does not register', async () => {
    const dario = await signedIn('dario@example.org');
    const phishing = new SoftAuthenticator('https://soci.example.coop.evil.test', 'soci.example.coop');
    const options = await t
      .http()
      .post('/auth/passkeys/registration-options')
      .set('Cookie', dario.cookie)
      .set('X-CSRF-Token', dario.csrf)
      .expect(201);
    await t
      .http()
      .post('/auth/passkeys')
      .set('Cookie', dario.cookie)
      .set('X-CSRF-Token', dario.csrf)
      .send({ name: 'X', response: phishing.create(options.body) })
      .expect(401);
    expect((await t.http().get('/auth/passkeys').set('Cookie', dario.cookie).expect(200)).body).toEqual([]);
  });

  it('revoking a person’s sessions ends passkey sessions; an admin removes a passkey and it signs nobody in', async () => {
    const elena = await signedIn('elena@example.org');
    const key = await registered(elena);
    const { options, flow } = await signInOptions();
    const session = cookieNamed(await signInWith(flow, key.get(options)).expect(201), 'coop_session')!;
    await t.http().post(`/auth/accounts/${elena.accountId}/session-revocation`).set(admin).send({}).expect(201);
    await t.http().get('/auth/session').set('Cookie', session).expect(401);

    const listed = await t.http().get(`/auth/accounts/${elena.accountId}/passkeys`).set(admin).expect(200);
    expect(listed.body.map((p: { credentialId: string }) => p.credentialId)).toEqual([key.id]);
    await t.http().delete(`/auth/accounts/${elena.accountId}/passkeys/${key.id}`).set(admin).expect(200);
    await t.http().delete(`/auth/accounts/${elena.accountId}/passkeys/${key.id}`).set(admin).expect(404);
    const again = await signInOptions();
    await signInWith(again.flow, key.get(again.options)).expect(401);
  });

  it('a person removes their own passkey; another person’s is not theirs to remove (404)', async () => {
    const fabio = await signedIn('fabio@example.org');
    const gina = await signedIn('gina@example.org');
    const key = await registered(fabio);
    await t.http().delete(`/auth/passkeys/${key.id}`).set('Cookie', gina.cookie).set('X-CSRF-Token', gina.csrf).expect(404);
    await t.http().delete(`/auth/passkeys/${key.id}`).set('Cookie', fabio.cookie).set('X-CSRF-Token', fabio.csrf).expect(200);
    expect((await t.http().get('/auth/passkeys').set('Cookie', fabio.cookie).expect(200)).body).toEqual([]);
  });

  it('failed password sign-ins hold back a passkey sign-in to the same account too (one backoff)', async () => {
    const hugo = await signedIn('hugo@example.org');
    const key = await registered(hugo);
    for (let i = 0; i < 3; i++)
      await t.http().post('/auth/sessions').send({ login: 'hugo@example.org', password: 'wrong password' }).expect(401);
    const { options, flow } = await signInOptions();
    const held = await signInWith(flow, key.get(options)).expect(429);
    expect(held.headers['retry-after']).toBe('1');
  });

  it('an API key holds no passkeys', async () => {
    await t.http().post('/auth/passkeys/registration-options').set(admin).expect(401);
  });
});
