import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyHistory } from '../../src/audit/verify.js';
import { genesisHash, checkLink } from '../../src/platform/integrity/hash-chain.js';
import { collect } from '../support/test-events.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { REGISTER_SEARCH } from '../../src/membership/projections/register-search.projection.js';

/**
 * The membership lifecycle over HTTP, with the rules that span members proved under
 * concurrent requests (M4, M6) and erasure checked against the hash chain.
 */
describe('membership lifecycle over HTTP', () => {
  let t: TestApp;
  let key: string;
  let person = 0;

  beforeAll(async () => {
    t = await startTestApp();
    key = await t.keyFor('secretary');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object = {}) => t.http().post(path).set(bearer(key)).send(body);
  const get = (path: string) => t.http().get(path).set(bearer(key));
  const apply = async (category = 'worker', n = person++) =>
    (await post('/membership/applications', { ...applicant(n, category), appliedOn: '2026-01-10' }).expect(201)).body
      .applicationId as string;
  const admit = (applicationId: string, admittedOn = '2026-02-01') =>
    post(`/membership/applications/${applicationId}/admission`, { boardResolutionId: 'cda-2026-02-01', admittedOn });
  const member = async (category = 'worker') => (await admit(await apply(category)).expect(201)).body.memberId as string;

  it('M2 refuses a rejection without reasons, and records a motivated one', async () => {
    const id = await apply();
    const refused = await post(`/membership/applications/${id}/rejection`, {
      boardResolutionId: 'cda-1',
      decidedOn: '2026-02-01',
      communicatedOn: '2026-02-02',
    }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'M2', legalBasis: 'c.c. art. 2528 c. 2' });
    await post(`/membership/applications/${id}/rejection`, {
      boardResolutionId: 'cda-1',
      reasons: 'no requisites',
      decidedOn: '2026-02-01',
      communicatedOn: '2026-02-02',
    }).expect(201);
    const future = await post(`/membership/applications/${id}/appeal`, { appealedOn: '2026-04-05' }).expect(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'body.appealedOn', code: 'DATE_IN_FUTURE' })]);
    const appeal = await post(`/membership/applications/${id}/appeal`, { appealedOn: '2026-03-01' }).expect(201);
    const appeals = await get(`/membership/reports/appeals?after=${appeal.body.position}`).expect(200);
    expect(appeals.body.awaiting.map((a: { applicationId: string }) => a.applicationId)).toContain(id);
  });

  it('M4 holds under many concurrent admissions of volunteers', async () => {
    for (let i = 0; i < 4; i++) await member('worker');
    await t.runtime.projections.catchUp();
    const before = (await get('/membership/reports/composition').expect(200)).body.current;
    const volunteers = await Promise.all(Array.from({ length: 12 }, () => apply('volunteer')));
    const answers = await Promise.all(volunteers.map((id) => admit(id)));
    expect(answers.every((a) => a.status === 201 || (a.status === 422 && a.body.rule === 'M4'))).toBe(true);
    const last = answers
      .filter((a) => a.status === 201)
      .map((a) => a.body.position)
      .sort((a, b) => Number(a) - Number(b))
      .at(-1);
    const after = (await get(`/membership/reports/composition?after=${last}`).expect(200)).body.current;
    expect(after.volunteers * 2).toBeLessThanOrEqual(after.total);
    expect(after.volunteers - before.volunteers).toBe(answers.filter((a) => a.status === 201).length);
  });

  it('M6 admits one person once even when two applications are admitted at the same time', async () => {
    const n = 9_000;
    const [a, b] = [await apply('worker', n), await apply('worker', n)];
    const answers = await Promise.all([admit(a), admit(b)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(answers.find((r) => r.status === 422)!.body.rule).toBe('M6');
  });

  it('M6 refuses at once the application of a person who is an active member, and takes it once the membership ended', async () => {
    const n = 9_100;
    const memberId = (await admit(await apply('worker', n)).expect(201)).body.memberId as string;
    const again = await post('/membership/applications', { ...applicant(n, 'volunteer'), appliedOn: '2026-02-10' }).expect(422);
    expect(again.body).toMatchObject({ rule: 'M6', legalBasis: 'c.c. art. 2527 c. 1', memberId });
    await post(`/membership/members/${memberId}/withdrawal-request`, { requestedOn: '2026-02-10', grounds: 'retiring' }).expect(
      201,
    );
    await post(`/membership/members/${memberId}/withdrawal-decision`, {
      outcome: 'accepted',
      boardResolutionId: 'cda-w6',
      decidedOn: '2026-02-20',
      communicatedOn: '2026-02-21',
    }).expect(201);
    await post('/membership/applications', { ...applicant(n, 'volunteer'), appliedOn: '2026-02-22' }).expect(201);
  });

  it('M5 refuses an admission whose requested shares would exceed the holding limit, and admits no one', async () => {
    const applied = await post('/membership/applications', {
      ...applicant(person++),
      requestedShares: 10_000,
      appliedOn: '2026-01-10',
    }).expect(201);
    const applicationId = applied.body.applicationId as string;
    const refused = await admit(applicationId).expect(422);
    expect(refused.body).toMatchObject({ rule: 'M5', legalBasis: 'c.c. art. 2525 c. 2' });
    const application = await get(`/membership/applications/${applicationId}?after=${applied.body.position}`).expect(200);
    expect(application.body).toMatchObject({ status: 'pending' });
  });

  it('takes a member through withdrawal, and answers the register as of a date', async () => {
    const id = await member();
    await post(`/membership/members/${id}/shares/subscriptions`, { count: 4, subscribedOn: '2026-02-01' }).expect(201);
    await post(`/membership/members/${id}/shares/payments`, { amountCents: 10_000, paidOn: '2026-02-03' }).expect(201);
    const early = await post(`/membership/members/${id}/withdrawal-decision`, {
      outcome: 'accepted',
      boardResolutionId: 'cda-w',
      decidedOn: '2026-02-20',
      communicatedOn: '2026-02-21',
    }).expect(422);
    expect(early.body).toMatchObject({ rule: 'M7', legalBasis: 'c.c. art. 2532' });
    await post(`/membership/members/${id}/withdrawal-request`, { requestedOn: '2026-02-10', grounds: 'moving abroad' }).expect(
      201,
    );
    const pending = await post(`/membership/members/${id}/withdrawal-request`, {
      requestedOn: '2026-02-11',
      grounds: 'moving abroad',
    }).expect(409);
    expect(pending.body).toMatchObject({ code: 'WITHDRAWAL_PENDING', status: 409 });
    const done = await post(`/membership/members/${id}/withdrawal-decision`, {
      outcome: 'accepted',
      boardResolutionId: 'cda-w',
      decidedOn: '2026-02-20',
      communicatedOn: '2026-02-21',
    }).expect(201);
    const before = await get(`/membership/register?asOf=2026-02-15&after=${done.body.position}&limit=1000`).expect(200);
    expect(before.body.items.find((m: { memberId: string }) => m.memberId === id)).toMatchObject({
      exit: null,
      shares: { count: 6, paidCents: 10_000 }, // the 2 the application asked for, subscribed on admission, and 4 more
    });
    const after = await get('/membership/register?asOf=2026-02-21&limit=1000').expect(200);
    expect(after.body.items.find((m: { memberId: string }) => m.memberId === id)).toMatchObject({
      exit: { date: '2026-02-21', cause: 'withdrawal' },
    });
    const refunds = await get('/membership/reports/refunds-due').expect(200);
    expect(refunds.body.refunds.find((r: { memberId: string }) => r.memberId === id)).toMatchObject({
      amountCents: 10_000,
      assumedApprovalOn: '2027-04-30',
      dueBy: '2027-10-27',
    });
    const csv = await get('/membership/register/export?format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toContain('codice_fiscale');
  });

  it('M7 records an exclusion and refuses a late opposition', async () => {
    const id = await member();
    await post(`/membership/members/${id}/exclusion`, {
      grounds: 'serious breach',
      boardResolutionId: 'cda-x',
      decidedOn: '2026-02-02',
      communicatedOn: '2026-02-02',
    }).expect(201);
    await post(`/membership/members/${id}/exclusion-opposition`, { filedOn: '2026-03-01', court: 'Tribunale di Genova' }).expect(
      201,
    );
    const again = await post(`/membership/members/${id}/exclusion-opposition`, {
      filedOn: '2026-03-01',
      court: 'Tribunale di Genova',
    }).expect(422);
    expect(again.body.rule).toBe('M7');
  });

  it('erases a former member’s personal data everywhere while the hash chains stay intact', async () => {
    const applicationId = await apply();
    const admitted = await admit(applicationId).expect(201);
    const memberId = admitted.body.memberId as string;
    await post(`/membership/applications/${applicationId}/erasure`).expect(422);
    await post(`/membership/members/${memberId}/death`, { diedOn: '2026-02-25' }).expect(201);
    const erased = await post(`/membership/applications/${applicationId}/erasure`).expect(201);
    const entry = await get(`/membership/members/${memberId}?after=${erased.body.position}`).expect(200);
    expect(entry.body).toMatchObject({
      name: null,
      fiscalCode: null,
      residence: null,
      personalDataErased: true,
      exit: { cause: 'death' },
    });
    const application = await get(`/membership/applications/${applicationId}`).expect(200);
    expect(application.body).toMatchObject({ name: null, personalDataErased: true });
    // The register's search index forgets the person: their fiscal code finds no one, and no
    // hash of their words is left behind.
    const fiscalCode = applicant(person - 1).applicant.fiscalCode;
    const search = await get(`/membership/register?q=${fiscalCode}&after=${erased.body.position}`).expect(200);
    expect(search.body.total).toBe(0);
    const index = await t.runtime.projections.collection(REGISTER_SEARCH, 'entries');
    expect(await index.findOne({ _id: applicationId })).toBeNull();

    // The events are untouched: every chain still verifies, and the sealed applicant is still there.
    const heads = new Map<string, { revision: bigint; hash: string }>();
    for await (const record of t.runtime.events.storage.readAll()) {
      const head = heads.get(record.stream);
      expect(checkLink(head?.hash ?? genesisHash(record.stream), head ? head.revision + 1n : 0n, record)).toBeUndefined();
      heads.set(record.stream, { revision: record.revision, hash: record.metadata.hash });
    }
    // …and so does the auditors' verification of the whole history.
    expect(await verifyHistory(t.runtime.events.storage, t.runtime.registry)).toMatchObject({ ok: true });
    const [applied] = await collect(t.runtime.events.readStream(`membershipApplication-${applicationId}`));
    expect(JSON.stringify(applied!.data)).not.toContain('Person');
    expect((applied!.data as { applicant: { scheme: string } }).applicant.scheme).toBe('aes-256-gcm');
  });

  it('serves the yearly admissions report and the warnings', async () => {
    const report = await get('/membership/reports/admissions?year=2026').expect(200);
    expect(report.body.admissions.length).toBeGreaterThan(0);
    expect(report.body.rejections[0]).toMatchObject({ reasons: 'no requisites' });
    const warnings = await get('/membership/reports/warnings').expect(200);
    expect(Array.isArray(warnings.body.warnings)).toBe(true);
    await get('/membership/reports/admissions?year=abc').expect(400);
  });
});
