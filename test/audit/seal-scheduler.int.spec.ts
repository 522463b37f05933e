import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEAL_STREAM } from '../../src/audit/seal.js';
import { scheduleSeals } from '../../src/audit/seal-scheduler.js';
import { verifyHistory } from '../../src/audit/verify.js';
import { collect } from '../support/test-events.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

describe('the service seals its history by itself', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const seals = async () => collect(t.runtime.events.readStream(SEAL_STREAM));
  const sealAppeared = async (count: number) => {
    for (let i = 0; i < 200 && (await seals()).length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return (await seals()).length;
  };

  it('seals on its interval, only when something new was recorded, and the seals verify', async () => {
    const key = await t.keyFor('secretary');
    const stop = scheduleSeals(t.runtime, 25);
    try {
      expect(await sealAppeared(1)).toBe(1);
      await new Promise((r) => setTimeout(r, 120));
      expect(await seals()).toHaveLength(1); // nothing new since
      await t.http().post('/membership/applications').set(bearer(key)).send(applicant(1)).expect(201);
      expect(await sealAppeared(2)).toBe(2);
    } finally {
      stop();
    }
    const report = await verifyHistory(t.runtime.events.storage, t.runtime.registry);
    expect(report).toMatchObject({ ok: true, seals: 2 });
  });
});

describe('auditors over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('verify, list seals and replay the register, read-only', async () => {
    const auditor = await t.keyFor('auditor');
    const secretary = await t.keyFor('secretary');
    const applied = await t.http().post('/membership/applications').set(bearer(secretary)).send(applicant(1)).expect(201);
    await t
      .http()
      .post(`/membership/applications/${applied.body.applicationId}/admission`)
      .set(bearer(secretary))
      .send({ boardResolutionId: 'cda-1', admittedOn: '2026-03-02' })
      .expect(201);
    const verified = await t.http().get('/audit/verify').set(bearer(auditor)).expect(200);
    expect(verified.body).toMatchObject({ ok: true, byType: { MemberAdmitted: 1, MembershipApplied: 1 } });
    expect((await t.http().get('/audit/seals').set(bearer(auditor)).expect(200)).body).toEqual([]);
    const replay = await t.http().get('/audit/replay/register?asOf=2026-03-02').set(bearer(auditor)).expect(200);
    expect(replay.body.members).toEqual([expect.objectContaining({ memberNumber: 1, category: 'worker', exit: null })]);
    await t.http().get('/audit/verify').set(bearer(secretary)).expect(403);
  });
});
