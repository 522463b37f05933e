import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A member's timeline: every fact from the application to the erasure, in the order the
 * book recorded it, each with its business date, the key that recorded it and the
 * resolution that caused it.
 */
describe("a member's timeline", () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = await t.keyFor('secretary');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object = {}) => t.http().post(path).set(bearer(key)).send(body);
  const get = (path: string) => t.http().get(path).set(bearer(key));

  it('lists application, admission, shares, withdrawal, end and erasure in order, with resolutions and actors', async () => {
    const applicationId = (await post('/membership/applications', { ...applicant(1), appliedOn: '2026-01-10' }).expect(201)).body
      .applicationId as string;
    const memberId = (
      await post(`/membership/applications/${applicationId}/admission`, {
        boardResolutionId: 'cda-2026-02-01',
        admittedOn: '2026-02-01',
      }).expect(201)
    ).body.memberId as string;
    await post(`/membership/members/${memberId}/shares/subscriptions`, { count: 2, subscribedOn: '2026-02-02' }).expect(201);
    await post(`/membership/members/${memberId}/withdrawal-request`, { requestedOn: '2026-02-10', grounds: 'moving' }).expect(
      201,
    );
    await post(`/membership/members/${memberId}/withdrawal-decision`, {
      outcome: 'accepted',
      boardResolutionId: 'cda-w-2026-02-20',
      decidedOn: '2026-02-20',
      communicatedOn: '2026-02-21',
    }).expect(201);
    const erased = await post(`/membership/applications/${applicationId}/erasure`).expect(201);

    const timeline = await get(`/membership/members/${memberId}/timeline?after=${erased.body.position}`).expect(200);
    expect(timeline.body).toMatchObject({ memberId, applicationId });
    const entries = timeline.body.entries as Array<{
      type: string;
      businessDate: string;
      resolutionId: string | null;
      actor: { role: string };
      recordedAt: string;
      details: Record<string, unknown>;
    }>;
    expect(entries.map((e) => e.type)).toEqual([
      'MembershipApplied',
      'MemberAdmitted',
      'SharesSubscribed', // the shares the application requested, subscribed on admission
      'SharesSubscribed',
      'WithdrawalRequested',
      'WithdrawalAccepted',
      'MembershipEnded',
      'MemberDataErased',
    ]);
    expect(entries.map((e) => e.businessDate).slice(0, 4)).toEqual(['2026-01-10', '2026-02-01', '2026-02-01', '2026-02-02']);
    expect(entries.find((e) => e.type === 'MemberAdmitted')!.resolutionId).toBe('cda-2026-02-01');
    expect(entries.find((e) => e.type === 'WithdrawalAccepted')!.resolutionId).toBe('cda-w-2026-02-20');
    expect(entries.find((e) => e.type === 'SharesSubscribed')!.resolutionId).toBeNull();
    expect(entries.every((e) => e.actor.role === 'secretary' && e.recordedAt.length > 0)).toBe(true);
    // no personal data or free text: the grounds and the applicant stay out of the timeline
    expect(JSON.stringify(entries)).not.toContain('moving');
    expect(JSON.stringify(entries)).not.toContain(applicant(1).applicant.fiscalCode);
  });

  it('files what came before the admission under the member once admitted, and under the application alone until then', async () => {
    const first = (await post('/membership/applications', { ...applicant(2), appliedOn: '2026-01-12' }).expect(201)).body
      .applicationId as string;
    const pending = (await post('/membership/applications', { ...applicant(3), appliedOn: '2026-01-13' }).expect(201)).body
      .applicationId as string;
    const admission = await post(`/membership/applications/${first}/admission`, {
      boardResolutionId: 'cda-2026-02-02',
      admittedOn: '2026-02-02',
    }).expect(201);
    const memberId = admission.body.memberId as string;
    // Read-your-writes on the timeline's own read model: the entries as the projector filed them.
    await get(`/membership/members/${memberId}/timeline?after=${admission.body.position}`).expect(200);
    const entries = await t.runtime.projections.collection<{
      _id: string;
      type: string;
      memberId: string | null;
      applicationId: string;
    }>('member-timeline', 'entries');
    expect((await entries.find({ memberId })).map((e) => e.type).sort()).toEqual([
      'MemberAdmitted',
      'MembershipApplied',
      'SharesSubscribed', // the shares the admission subscribes
    ]);
    expect(await entries.find({ applicationId: pending })).toEqual([
      expect.objectContaining({ type: 'MembershipApplied', memberId: null }),
    ]);
  });

  it('answers 404 for a member that does not exist', async () => {
    await get('/membership/members/00000000-0000-4000-8000-000000000000/timeline').expect(404);
  });
});
