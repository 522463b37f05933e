import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_KEY, bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Services over HTTP: a nursery with its 1:6 setting, a municipal agreement with a budget,
 * children enrolled, deliveries by an educator and a volunteer; S1–S5 and W3b refuse with
 * their rule; corrections, voids, erasure (S4) and the reports.
 */
describe('services delivered', () => {
  let t: TestApp;
  let secretary: string;
  let unitId: string;
  let agreementId: string;
  let educatorContract: string;
  let volunteerId: string;
  const children: string[] = [];
  let last = '0';

  const post = async (path: string, body: object, status = 201) => {
    const response = await t.http().post(path).set(bearer(secretary)).send(body).expect(status);
    if (response.body.position) last = response.body.position;
    return response;
  };
  const get = (path: string) =>
    t
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}after=${last}`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
  const deliver = (body: object, status = 201) =>
    post(
      '/services/deliveries',
      {
        agreementId,
        unitId,
        beneficiaries: children.slice(0, 6),
        operator: { kind: 'staff', contractId: educatorContract },
        date: '2026-03-02',
        start: '08:00',
        minutes: 240,
        activity: 'accoglienza e attività educative',
        ...body,
      },
      status,
    );

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
    await post('/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2024-02-01',
      minimumMonthlyPayCents: { D1: 170_000 },
    });
    educatorContract = (
      await post('/work/contracts', {
        worker: { kind: 'non_member', givenName: 'Sara', familyName: 'Neri', fiscalCode: fiscalCodeOf(500) },
        form: 'subordinate',
        level: 'D1',
        weeklyHours: 38,
        startsOn: '2026-01-07',
        grossMonthlyPayCents: 170_000,
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-01-02',
      })
    ).body.contractId;
    volunteerId = (
      await post('/work/volunteers', {
        volunteer: { kind: 'non_member', givenName: 'Paolo', familyName: 'Riva', fiscalCode: fiscalCodeOf(501) },
        enrolledOn: '2026-01-10',
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-01-05',
      })
    ).body.volunteerId;
    await post(`/work/volunteers/${volunteerId}/insurance`, {
      insurer: 'Mutua',
      policyNumber: 'RC-1',
      coveredFrom: '2026-01-10',
      coveredUntil: '2026-12-31',
    });
    unitId = (
      await post('/services/units', {
        name: 'Nido Girasole',
        kind: 'nursery',
        capacity: 30,
        childrenPerStaff: 6,
        openedOn: '2025-09-01',
      })
    ).body.unitId;
    agreementId = (
      await post('/services/agreements', {
        client: { kind: 'municipality', name: 'Comune di Genova' },
        unitId,
        service: 'asilo nido',
        hoursBudget: 10,
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        legalForm: { kind: 'public_tender', cig: 'A1B2C3D4E5' },
        overBudget: 'refuse',
        signedOn: '2025-12-15',
      })
    ).body.agreementId;
    for (let n = 0; n < 8; n++) {
      const id = (
        await post('/services/beneficiaries', {
          person: { givenName: `Bimbo ${n}`, familyName: 'Bianchi' },
          ageBand: '0-2',
          registeredOn: '2026-01-05',
        })
      ).body.beneficiaryId;
      await post(`/services/beneficiaries/${id}/enrolments`, { agreementId, enrolledOn: '2026-01-02' });
      children.push(id);
    }
  });
  afterAll(() => t.close());

  it('records a group delivered by an educator within the 1:6 setting', async () => {
    const delivered = await deliver({});
    expect(delivered.body.events[0]).toMatchObject({ type: 'ServiceDelivered' });
  });

  it('S5 refuses a seventh child with one educator; S2 a volunteer does not count as staff', async () => {
    const seventh = await deliver(
      { beneficiaries: [children[6]], operator: { kind: 'volunteer', volunteerId }, start: '09:00', minutes: 60 },
      422,
    );
    expect(seventh.body).toMatchObject({ rule: 'S5', legalBasis: expect.stringContaining('L. 381/1991 art. 2 c. 5') });
  });

  it('S3 refuses the educator in two places at once, and hours beyond the budget', async () => {
    expect((await deliver({ beneficiaries: [children[6]], start: '10:00', minutes: 30 }, 422)).body).toMatchObject({
      rule: 'S3',
    });
    // 4 h used of 10: 7 more would exceed the budget.
    expect((await deliver({ beneficiaries: [children[6]], start: '12:00', minutes: 7 * 60 }, 422)).body).toMatchObject({
      rule: 'S3',
    });
  });

  it('S1 refuses a contract not in force on the date', async () => {
    expect((await deliver({ date: '2026-01-06', beneficiaries: [children[6]] }, 422)).body).toMatchObject({ rule: 'S1' });
  });

  it('corrects and voids, keeping the history, and the rules hold again', async () => {
    const delivered = await deliver({ beneficiaries: [children[6]], start: '12:00', minutes: 60 });
    const id = delivered.body.deliveryId as string;
    const created = await get('/services/reports/hours?from=2026-03&to=2026-03');
    expect(created.body.professionalHours).toBe(5);
    expect(
      (await post(`/services/deliveries/${id}/correction`, { changes: { start: '11:00' }, reason: 'x' }, 422)).body,
    ).toMatchObject({
      rule: 'S3',
    });
    await post(`/services/deliveries/${id}/correction`, { changes: { minutes: 90 }, reason: 'stayed longer' });
    expect((await get('/services/reports/hours?from=2026-03&to=2026-03')).body.professionalHours).toBe(5.5);
    await post(`/services/deliveries/${id}/void`, { reason: 'recorded on the wrong unit' });
    expect((await get('/services/reports/hours?from=2026-03&to=2026-03')).body.professionalHours).toBe(4);
    expect((await post(`/services/deliveries/${id}/void`, { reason: 'again' }, 422)).body).toMatchObject({
      rule: 'DELIVERY_VOIDED',
    });
  });

  it('S4: an erased child reads as erased, still counts, and gets no more deliveries', async () => {
    await post(`/services/beneficiaries/${children[0]}/erasure`, {});
    const erased = await get(`/services/beneficiaries/${children[0]}`);
    expect(erased.body).toMatchObject({ name: null, personalDataErased: true, ageBand: '0-2' });
    expect(
      (await deliver({ date: '2026-03-02', start: '13:00', minutes: 30, beneficiaries: [children[0]] }, 422)).body,
    ).toMatchObject({
      rule: 'S4',
    });
    const served = await get('/services/reports/children?year=2026');
    expect(served.body).toMatchObject({ served: 6, children: 6, byAgeBand: { '0-2': 6 } });
  });

  it('reports the budget, the staff ratio through the day, and surveys', async () => {
    const agreement = await get(`/services/agreements/${agreementId}`);
    expect(agreement.body).toMatchObject({
      client: { kind: 'municipality', name: 'Comune di Genova' },
      professionalHoursUsed: 4,
      professionalHoursLeft: 6,
      volunteerHours: 0,
    });
    const ratio = await get(`/services/reports/staff-ratio?unitId=${unitId}&date=2026-03-02`);
    expect(ratio.body.moments).toEqual([{ time: '08:00', children: 6, staff: 1, volunteers: 0, childrenPerStaff: 6 }]);
    await post('/services/surveys', {
      kind: 'satisfaction',
      unitId,
      respondents: 'families',
      period: '2026',
      responses: 18,
      meanScore: 4.6,
      recordedOn: '2026-03-01',
    });
    const surveys = await get('/services/reports/surveys?year=2026');
    expect(surveys.body.surveys).toEqual([
      expect.objectContaining({ kind: 'satisfaction', respondents: 'families', meanScore: 4.6 }),
    ]);
  });

  it('S3 under concurrent requests: one educator, five deliveries at the same time, exactly one recorded', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        t
          .http()
          .post('/services/deliveries')
          .set(bearer(secretary))
          .send({
            agreementId,
            unitId,
            beneficiaries: [children[n]],
            operator: { kind: 'staff', contractId: educatorContract },
            date: '2026-03-02',
            start: '15:00',
            minutes: 30,
            activity: 'lettura',
          }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422, 422]);
    for (const refused of answers.filter((a) => a.status === 422)) expect(refused.body).toMatchObject({ rule: 'S3' });
  });
});
