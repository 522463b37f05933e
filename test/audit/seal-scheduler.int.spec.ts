import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEAL_STREAM } from '../../src/audit/seal.js';
import { SEAL_LEASE, scheduleSeals } from '../../src/audit/seal-scheduler.js';
import { Leases } from '../../src/platform/projections/projection-lease.js';
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
      await stop();
    }
    const report = await verifyHistory(t.runtime.events.storage, t.runtime.registry);
    expect(report).toMatchObject({ ok: true, seals: 2 });
  });
});

describe('the seal under a lease, with several instances on one store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const seals = async () => collect(t.runtime.events.readStream(SEAL_STREAM));

  it('only the lease holder seals; a standby takes over when the holder gives the lease up', async () => {
    const key = await t.keyFor('secretary');
    await t.http().post('/membership/applications').set(bearer(key)).send(applicant(1)).expect(201);
    // Another instance (on another host: only its lease's expiry counts) holds the seal lease.
    const other = new Leases(t.runtime.readModels, { holder: 'other-host:4242:instance', ttlMs: 60_000 });
    expect((await other.acquire(SEAL_LEASE)).holder).toBe(other.holder);
    const stop = scheduleSeals(t.runtime, 25, { lease: { ttlMs: 150, holder: 'this-host:4243:instance' } });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(await seals()).toHaveLength(0); // standing by: something new, yet not sealed here
      await other.release(SEAL_LEASE);
      for (let i = 0; i < 200 && (await seals()).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await seals()).toHaveLength(1);
      expect((await other.acquire(SEAL_LEASE)).holder).not.toBe(other.holder); // now held here, renewed
    } finally {
      await stop();
    }
    // Given up on stop: the other instance takes it at once.
    expect((await other.acquire(SEAL_LEASE)).holder).toBe(other.holder);
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
