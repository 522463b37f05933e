import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_KEY, bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * W6: a non-member worker's or volunteer's personal data are erased (their key deleted) only
 * once the retention of their records has passed; then they read as erased everywhere.
 */
describe('work: erasure of non-member workers and volunteers (W6)', () => {
  let t: TestApp;
  let secretary: string;
  let last = '0';
  const person = (n: number, givenName: string) => ({
    kind: 'non_member',
    givenName,
    familyName: 'Neri',
    fiscalCode: fiscalCodeOf(n),
  });

  const post = async (path: string, body: object, status = 201) => {
    const response = await t.http().post(path).set(bearer(secretary)).send(body);
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    if (response.body.position) last = response.body.position;
    return response;
  };
  const get = (path: string) =>
    t
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}after=${last}`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
  const contract = (worker: object, startsOn: string, endsOn: string | null) => ({
    worker,
    form: 'occasional',
    weeklyHours: 10,
    startsOn,
    endsOn,
    signedOn: startsOn,
    grossMonthlyPayCents: 40_000,
    unit: 'Nido Girasole',
    contactWithMinors: false,
  });
  async function workerId(contractId: string) {
    return (await get(`/work/contracts/${contractId}`)).body.worker.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
  });
  afterAll(() => t.close());

  it('W6 erases a worker 10 years after their last contract ended; they read as erased', async () => {
    const old = (await post('/work/contracts', contract(person(800, 'Anna'), '2015-01-10', '2015-12-31'))).body.contractId;
    const personId = await workerId(old);
    expect((await get(`/work/contracts/${old}`)).body.worker.name).toBe('Neri Anna');
    await post(`/work/workers/${personId}/erasure`, {});
    expect((await get(`/work/contracts/${old}`)).body.worker).toEqual({ kind: 'non_member', id: personId, name: null });
    expect((await post(`/work/workers/${personId}/erasure`, {}, 409)).body).toMatchObject({ code: 'ALREADY_ERASED' });
  });

  it('W6 refuses erasing a worker whose contract lasts or ended less than 10 years ago, citing the periods', async () => {
    const recent = (await post('/work/contracts', contract(person(801, 'Bruno'), '2019-01-10', '2020-06-30'))).body.contractId;
    const refused = await post(`/work/workers/${await workerId(recent)}/erasure`, {}, 422);
    expect(refused.body).toMatchObject({ rule: 'W6', legalBasis: expect.stringContaining('c.c. art. 2220 c. 1') });
    expect(refused.body.legalBasis).toContain('D.L. 112/2008 art. 39');
    expect(refused.body.detail).toContain('2030-06-30');
    const open = (await post('/work/contracts', contract(person(802, 'Carla'), '2019-01-10', null))).body.contractId;
    expect((await post(`/work/workers/${await workerId(open)}/erasure`, {}, 422)).body).toMatchObject({ rule: 'W6' });
    await post('/work/workers/7d3c1a52-9f1e-4a6b-8c2d-1e5f0a9b3c47/erasure', {}, 404);
  });

  it('W6 erases a volunteer 10 years after they left; the register of volunteers reads them as erased', async () => {
    const paolo = (
      await post('/work/volunteers', {
        volunteer: person(803, 'Paolo'),
        enrolledOn: '2014-02-01',
        unit: 'Nido',
        contactWithMinors: false,
      })
    ).body.volunteerId as string;
    const lucia = (
      await post('/work/volunteers', {
        volunteer: person(804, 'Lucia'),
        enrolledOn: '2020-02-01',
        unit: 'Nido',
        contactWithMinors: false,
      })
    ).body.volunteerId as string;
    const stillActive = await post(`/work/volunteers/${paolo}/erasure`, {}, 422);
    expect(stillActive.body).toMatchObject({ rule: 'W6', legalBasis: expect.stringContaining('CTS art. 17 c. 1') });
    await post(`/work/volunteers/${paolo}/exit`, { leftOn: '2015-06-30', reason: 'resignation' });
    await post(`/work/volunteers/${lucia}/exit`, { leftOn: '2024-06-30', reason: 'resignation' });
    expect((await post(`/work/volunteers/${lucia}/erasure`, {}, 422)).body).toMatchObject({
      rule: 'W6',
      legalBasis: expect.stringContaining('DM 6 ottobre 2021'),
    });
    await post(`/work/volunteers/${paolo}/erasure`, {});
    const register = (await get('/work/volunteer-register?asOf=2026-03-02')).body.volunteers;
    expect(register).toEqual([
      expect.objectContaining({
        volunteerId: paolo,
        familyName: null,
        givenName: null,
        fiscalCode: null,
        personalDataErased: true,
        enrolledOn: '2014-02-01',
        leftOn: '2015-06-30',
      }),
      expect.objectContaining({ volunteerId: lucia, familyName: 'Neri', personalDataErased: false }),
    ]);
    expect((await get(`/work/volunteers/${paolo}`)).body.volunteer.name).toBeNull();
    expect((await post(`/work/volunteers/${paolo}/erasure`, {}, 409)).body).toMatchObject({ code: 'ALREADY_ERASED' });
  });
});
