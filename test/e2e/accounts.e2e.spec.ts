import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collect } from '../support/test-events.js';
import { ADMIN_KEY, bearer, mariaRossi, startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'una password lunga 2026';

describe('people sign in as themselves', () => {
  let t: TestApp;
  const admin = bearer(ADMIN_KEY);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const invite = async (login: string, role: string) => {
    const invited = await t
      .http()
      .post('/auth/invitations')
      .set(admin)
      .send({ name: `Persona ${login}`, login, role })
      .expect(201);
    return invited.body as { accountId: string; invitationToken: string; invitationPath: string };
  };
  const accept = (token: string, password = PASSWORD) => t.http().post('/auth/invitations/acceptance').send({ token, password });
  const signIn = (login: string, password = PASSWORD) => t.http().post('/auth/sessions').send({ login, password });
  const sessionOf = (response: { headers: Record<string, unknown> }) => {
    const cookies = response.headers['set-cookie'] as string[];
    return cookies.find((c) => c.startsWith('coop_session='))!.split(';')[0]!;
  };
  const signedIn = async (login: string, role: string) => {
    const { invitationToken, accountId } = await invite(login, role);
    await accept(invitationToken).expect(201);
    const session = await signIn(login).expect(201);
    return { accountId, cookie: sessionOf(session), csrf: session.body.csrfToken as string, headers: session.headers };
  };

  it('an invitation sets a password once; its reuse is refused', async () => {
    const { invitationToken, invitationPath } = await invite('anna@example.org', 'secretary');
    expect(invitationPath).toBe(`/imposta-password#token=${invitationToken}`);
    await accept(invitationToken).expect(201);
    const again = await accept(invitationToken, 'another long password').expect(409);
    expect(again.body).toMatchObject({ code: 'INVITATION_USED' });
    const unknown = await accept('x'.repeat(43)).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'body.token', code: 'UNKNOWN_REFERENCE' })]);
    await signIn('anna@example.org', 'another long password').expect(401);
    await signIn('ANNA@example.org').expect(201);
  });

  it('a session lives in an HttpOnly, SameSite=Strict cookie and records the person as the actor', async () => {
    const secretary = await signedIn('bruno@example.org', 'secretary');
    const cookie = (secretary.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('coop_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await t.http().get('/auth/session').set('Cookie', secretary.cookie).expect(200);
    expect(me.body).toMatchObject({ accountId: secretary.accountId, role: 'secretary', name: 'Persona bruno@example.org' });

    const applied = await t
      .http()
      .post('/membership/applications')
      .set('Cookie', secretary.cookie)
      .set('X-CSRF-Token', secretary.csrf)
      .send(mariaRossi)
      .expect(201);
    const [event] = await collect(t.runtime.events.readStream(`membershipApplication-${applied.body.applicationId}`));
    expect(event!.metadata.actor).toEqual({ keyId: secretary.accountId, role: 'secretary' });
    const recorded = await collect(
      t.runtime.events.readAll({ types: ['PersonInvited', 'InvitationAccepted', 'SessionStarted'] }),
    );
    expect(recorded.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(recorded, (_, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(PASSWORD);
  });

  it('a write with the cookie but without the CSRF token, or from another origin, is refused with 403', async () => {
    const secretary = await signedIn('carla@example.org', 'secretary');
    await t.http().post('/membership/applications').set('Cookie', secretary.cookie).send(mariaRossi).expect(403);
    await t
      .http()
      .post('/membership/applications')
      .set('Cookie', secretary.cookie)
      .set('X-CSRF-Token', 'a'.repeat(64))
      .send(mariaRossi)
      .expect(403);
    await t
      .http()
      .post('/membership/applications')
      .set('Cookie', secretary.cookie)
      .set('X-CSRF-Token', secretary.csrf)
      .set('Origin', 'https://evil.example')
      .send(mariaRossi)
      .expect(403);
  });

  it('applies the API’s role matrix to people: an auditor reads and never writes', async () => {
    const auditor = await signedIn('dario@example.org', 'auditor');
    await t.http().get('/membership/register').set('Cookie', auditor.cookie).expect(200);
    await t
      .http()
      .post('/membership/applications')
      .set('Cookie', auditor.cookie)
      .set('X-CSRF-Token', auditor.csrf)
      .send(mariaRossi)
      .expect(403);
    await t
      .http()
      .post(`/auth/accounts/${auditor.accountId}/session-revocation`)
      .set('Cookie', auditor.cookie)
      .set('X-CSRF-Token', auditor.csrf)
      .send({})
      .expect(403);
  });

  it('backs off after failed attempts, per account', async () => {
    const { invitationToken } = await invite('elena@example.org', 'board');
    await accept(invitationToken).expect(201);
    for (let i = 0; i < 3; i++) await signIn('elena@example.org', 'wrong password').expect(401);
    const refused = await signIn('elena@example.org').expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    t.clock.advance(1_001);
    await signIn('elena@example.org', 'wrong again').expect(401);
    const longer = await signIn('elena@example.org').expect(429);
    expect(longer.headers['retry-after']).toBe('2');
    t.clock.advance(2_001);
    await signIn('elena@example.org').expect(201);
  });

  it('sign-out ends the session; an admin revokes every session of a person (401 after)', async () => {
    const board = await signedIn('franco@example.org', 'board');
    const other = sessionOf(await signIn('franco@example.org').expect(201));
    await t.http().delete('/auth/session').set('Cookie', board.cookie).expect(403);
    await t.http().delete('/auth/session').set('Cookie', board.cookie).set('X-CSRF-Token', board.csrf).expect(200);
    await t.http().get('/membership/register').set('Cookie', board.cookie).expect(401);
    await t.http().get('/membership/register').set('Cookie', other).expect(200);

    await t
      .http()
      .post(`/auth/accounts/${board.accountId}/session-revocation`)
      .set(admin)
      .send({ reason: 'lost laptop' })
      .expect(201);
    await t.http().get('/membership/register').set('Cookie', other).expect(401);
    const accounts = await t.http().get('/auth/accounts').set(admin).expect(200);
    expect(accounts.body).toContainEqual(
      expect.objectContaining({ accountId: board.accountId, sessionsRevokedAt: expect.any(String) }),
    );
  });

  it('a person changes their password with the current one; the old one stops working', async () => {
    const person = await signedIn('gina@example.org', 'coordinator');
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/auth/password')
        .set('Cookie', person.cookie)
        .set('X-CSRF-Token', person.csrf)
        .send({ currentPassword, newPassword: 'a brand new long password' });
    const wrong = await change('not my password').expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'body.currentPassword', code: 'WRONG_PASSWORD' })]);
    await change(PASSWORD).expect(201);
    await signIn('gina@example.org').expect(401);
    await signIn('gina@example.org', 'a brand new long password').expect(201);
    const [changed] = await collect(t.runtime.events.readAll({ types: ['PasswordChanged'] }));
    expect(changed!.metadata.actor).toEqual({ keyId: person.accountId, role: 'coordinator' });
  });

  it('a password change ends the person’s other sessions; the one it was made in stays signed in', async () => {
    const person = await signedIn('ivo@example.org', 'secretary');
    const phone = sessionOf(await signIn('ivo@example.org').expect(201));
    const someoneElse = await signedIn('lia@example.org', 'secretary');
    await t
      .http()
      .post('/auth/password')
      .set('Cookie', person.cookie)
      .set('X-CSRF-Token', person.csrf)
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new long password' })
      .expect(201);
    await t.http().get('/membership/register').set('Cookie', phone).expect(401);
    await t.http().get('/membership/register').set('Cookie', person.cookie).expect(200);
    await t.http().get('/membership/register').set('Cookie', someoneElse.cookie).expect(200);
  });

  it('failed sign-ins count across two instances on one store: the second does not start from zero', async () => {
    await signedIn('nico@example.org', 'secretary');
    const second = await startTestApp({ COOP_DATA_DIR: t.runtime.config.dataDir });
    try {
      second.clock.set(t.clock.now());
      await signIn('nico@example.org', 'wrong one').expect(401);
      await second.http().post('/auth/sessions').send({ login: 'nico@example.org', password: 'wrong two' }).expect(401);
      await signIn('nico@example.org', 'wrong three').expect(401);
      const refused = await second
        .http()
        .post('/auth/sessions')
        .send({ login: 'nico@example.org', password: PASSWORD })
        .expect(429);
      expect(refused.headers['retry-after']).toBe('1');
    } finally {
      await second.close();
    }
  });

  it('the first start invited the first administrator', async () => {
    const accounts = await t.http().get('/auth/accounts').set(admin).expect(200);
    expect(accounts.body).toContainEqual(
      expect.objectContaining({ accountId: 'acct_first_admin', role: 'admin', login: 'admin', status: 'invited' }),
    );
  });
});
