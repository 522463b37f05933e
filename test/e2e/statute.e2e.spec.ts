import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collect } from '../support/test-events.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

describe('statute settings adopted by the assembly reach the membership rules', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    key = await t.keyFor('secretary');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) => t.http().post(path).set(bearer(key)).send(body);
  const settings = {
    shareValueCents: 5_000,
    maxHoldingCents: 10_000_000,
    minimumMembers: 3,
    noticeDays: 8,
    proxyLimit: 10,
    legalPersonVotes: 1,
  };

  it('M5 uses the legal defaults, then the adopted share value (for the application and the shares its admission subscribes) and minimum (M8)', async () => {
    expect((await t.http().get('/governance/statute-settings').set(bearer(key)).expect(200)).body).toMatchObject({
      adopted: false,
      settings: { shareValueCents: 2_500 },
    });
    const refused = await post('/governance/statute-settings', {
      adoptedOn: '2026-02-01',
      assemblyResolutionId: 'ass-x-1',
      settings: { ...settings, shareValueCents: 2_000 },
    }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'M5', legalBasis: 'c.c. art. 2525 c. 1' });
    const adopted = await post('/governance/statute-settings', {
      adoptedOn: '2026-02-01',
      assemblyResolutionId: 'ass-x-1',
      settings,
    }).expect(201);

    // No wait for any read model: the commands read an adoption the statute's projection has not served yet.
    const applied = await post('/membership/applications', { ...applicant(1), appliedOn: '2026-02-10' }).expect(201);
    const [application] = await collect(t.runtime.events.readStream(`membershipApplication-${applied.body.applicationId}`));
    expect(application!.data).toMatchObject({ requestedShares: { count: 2, nominalValueCents: 5_000 } });
    const admitted = await post(`/membership/applications/${applied.body.applicationId}/admission`, {
      boardResolutionId: 'cda-1',
      admittedOn: '2026-02-20',
    }).expect(201);
    const more = await post(`/membership/members/${admitted.body.memberId}/shares/subscriptions`, {
      count: 2,
      subscribedOn: '2026-02-21',
    }).expect(201);
    const subscriptions = await collect(t.runtime.events.readStream(`member-${admitted.body.memberId}`));
    expect(subscriptions.map((e) => e.data)).toEqual([
      expect.objectContaining({ count: 2, nominalValueCents: 5_000, subscribedOn: '2026-02-20' }),
      expect.objectContaining({ count: 2, nominalValueCents: 5_000, subscribedOn: '2026-02-21' }),
    ]);
    const register = await t.http().get(`/membership/register?after=${more.body.position}`).set(bearer(key)).expect(200);
    expect(register.body.items).toEqual([
      expect.objectContaining({
        memberId: admitted.body.memberId,
        shares: expect.objectContaining({ count: 4, subscribedCents: 20_000 }),
      }),
    ]);

    const warnings = await t.http().get('/membership/reports/warnings').set(bearer(key)).expect(200);
    expect(warnings.body.warnings).toEqual([
      expect.objectContaining({ rule: 'M8', minimum: 3, members: 1, deadline: '2027-02-20' }),
    ]);
  });
});
