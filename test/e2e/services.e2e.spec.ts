import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import type { SealedPersonalData } from '../../src/platform/personal-data/personal-data.js';
import { DeliverService } from '../../src/services/commands/deliver-service.handler.js';
import { ADMIN_KEY, bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';
import { collect } from '../support/test-events.js';

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
    expect((await post(`/services/deliveries/${id}/void`, { reason: 'again' }, 409)).body).toMatchObject({
      code: 'DELIVERY_VOIDED',
    });
  });

  it('S4: an erased child reads as erased, still counts, and gets no more deliveries', async () => {
    // S4b: their care records are kept ten years from the agreement's end (2026-12-31).
    expect((await post(`/services/beneficiaries/${children[0]}/erasure`, {}, 422)).body).toMatchObject({
      rule: 'S4b',
      legalBasis: expect.stringContaining('c.c. art. 2220'),
      retainedUntil: '2036-12-31',
    });
    // The activity of the first group, children[0] among them, is sealed in the event, never in plain text.
    const [first] = await collect(t.runtime.events.readStream(`unitDay-${unitId}-2026-03-02`, { maxCount: 1 }));
    const activity = (first!.data as { activity: SealedPersonalData }).activity;
    expect(activity.scheme).toBe('aes-256-gcm');
    expect(JSON.stringify(first!.data)).not.toContain('accoglienza');
    expect(await t.runtime.vault.open(activity)).toEqual({ text: 'accoglienza e attività educative' });
    t.clock.set('2037-01-01T10:00:00.000Z');
    try {
      await post(`/services/beneficiaries/${children[0]}/erasure`, {});
      // Erased with the child: the free texts of every delivery that named them.
      expect(await t.runtime.vault.open(activity)).toBeNull();
      expect((await post(`/services/beneficiaries/${children[0]}/erasure`, {}, 409)).body).toMatchObject({
        code: 'ALREADY_ERASED',
      });
    } finally {
      t.clock.set('2026-03-02T10:00:00.000Z');
    }
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

  it('S3 under concurrent requests across units and days: one place at a time, and the budget holds', async () => {
    // A second unit, with two agreements for its own child: ten hours, and one hour.
    const otherUnit = (
      await post('/services/units', {
        name: 'Centro Arcobaleno',
        kind: 'day_centre',
        capacity: 20,
        childrenPerStaff: 8,
        openedOn: '2025-09-01',
      })
    ).body.unitId;
    const agreementOf = async (hoursBudget: number, cig: string) =>
      (
        await post('/services/agreements', {
          client: { kind: 'municipality', name: 'Comune di Genova' },
          unitId: otherUnit,
          service: 'centro diurno',
          hoursBudget,
          startsOn: '2026-01-01',
          endsOn: '2026-12-31',
          legalForm: { kind: 'public_tender', cig },
          overBudget: 'refuse',
          signedOn: '2025-12-15',
        })
      ).body.agreementId;
    const [wide, narrow] = [await agreementOf(10, 'F6G7H8I9J0'), await agreementOf(1, 'K1L2M3N4O5')];
    const child = (
      await post('/services/beneficiaries', {
        person: { givenName: 'Luca', familyName: 'Verdi' },
        ageBand: '3-5',
        registeredOn: '2026-01-05',
      })
    ).body.beneficiaryId;
    for (const id of [wide, narrow])
      await post(`/services/beneficiaries/${child}/enrolments`, { agreementId: id, enrolledOn: '2026-01-02' });
    const send = (body: object) =>
      t
        .http()
        .post('/services/deliveries')
        .set(bearer(secretary))
        .send({ operator: { kind: 'staff', contractId: educatorContract }, activity: 'gioco', ...body });
    const refusedBy = (answers: Array<{ status: number; body: { rule?: string } }>) =>
      answers.filter((a) => a.status === 422).map((a) => a.body.rule);

    // The same educator at 17:00 in both units, three requests each, all at once: one is recorded.
    const places = await Promise.all(
      [3, 4, 5].flatMap((n) => [
        send({ agreementId, unitId, beneficiaries: [children[n]], date: '2026-02-23', start: '17:00', minutes: 30 }),
        send({ agreementId: wide, unitId: otherUnit, beneficiaries: [child], date: '2026-02-23', start: '17:00', minutes: 30 }),
      ]),
    );
    expect(places.map((a) => a.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    expect(refusedBy(places)).toEqual(['S3', 'S3', 'S3', 'S3', 'S3']);

    // The same through the command bus, both started in the same turn, so that each reads the
    // views before the other has appended unless they are taken one at a time.
    const bus = t.app.get(CommandBus);
    const command = (
      n: number,
      delivery: { unitId: string; agreementId: string; beneficiary: string; date: string; start: string; minutes: number },
    ) =>
      bus
        .execute(
          new DeliverService(
            {
              deliveryId: `00000000-0000-4000-8000-0000000001${n}0`,
              agreementId: delivery.agreementId,
              unitId: delivery.unitId,
              beneficiaries: [delivery.beneficiary],
              operator: { kind: 'staff', contractId: educatorContract },
              date: delivery.date,
              start: delivery.start,
              minutes: delivery.minutes,
              activity: { subject: `00000000-0000-4000-8000-0000000001${n}0`, scheme: 'none', fields: { text: 'gioco' } },
            },
            { commandId: `00000000-0000-4000-8000-0000000002${n}0`, actor: { keyId: 'test', role: 'secretary' } },
          ),
        )
        .then(
          () => 'recorded',
          (error: { rule?: string }) => error.rule,
        );
    const sixPm = { date: '2026-02-23', start: '18:00', minutes: 30 };
    const bothPlaces = await Promise.all([
      command(1, { unitId, agreementId, beneficiary: children[3]!, ...sixPm }),
      command(2, { unitId: otherUnit, agreementId: wide, beneficiary: child, ...sixPm }),
    ]);
    expect(bothPlaces.sort()).toEqual(['S3', 'recorded']);

    // 45 minutes on each of two days, at once, against a one-hour budget: one fits.
    const bothDays = await Promise.all(
      ['2026-02-24', '2026-02-25'].map((date, k) =>
        command(3 + k, { unitId: otherUnit, agreementId: narrow, beneficiary: child, date, start: '10:00', minutes: 45 }),
      ),
    );
    expect(bothDays.sort()).toEqual(['S3', 'recorded']);
  });

  it('S3 with flag: the agreement and the hours report list the deliveries beyond the budget, through corrections and voids', async () => {
    const flagged = (
      await post('/services/agreements', {
        client: { kind: 'school', name: 'Istituto comprensivo Genova Centro' },
        unitId,
        service: 'pre-scuola',
        hoursBudget: 1,
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        legalForm: { kind: 'private' },
        overBudget: 'flag',
        signedOn: '2025-12-15',
      })
    ).body.agreementId as string;
    await post(`/services/beneficiaries/${children[7]}/enrolments`, { agreementId: flagged, enrolledOn: '2026-01-02' });
    const at = async (start: string, minutes: number) =>
      (
        await deliver({
          agreementId: flagged,
          beneficiaries: [children[7]],
          date: '2026-02-10',
          start,
          minutes,
        })
      ).body.deliveryId as string;
    const first = await at('08:00', 45);
    const second = await at('09:00', 30);
    const third = await at('10:00', 30);
    const listed = async () => {
      const agreement = (await get(`/services/agreements/${flagged}`)).body;
      const hours = (await get('/services/reports/hours?from=2026-02&to=2026-02')).body;
      const line = hours.lines.find((l: { agreementId: string }) => l.agreementId === flagged);
      expect(line.overBudgetDeliveries).toEqual(agreement.overBudgetDeliveries);
      return agreement;
    };
    // 105 minutes against 60: the third is 30 beyond, the second 15.
    expect(await listed()).toMatchObject({
      overBudgetMinutes: 45,
      overBudgetDeliveries: [
        { deliveryId: second, date: '2026-02-10', unitId, minutes: 30, overBudgetMinutes: 15 },
        { deliveryId: third, date: '2026-02-10', unitId, minutes: 30, overBudgetMinutes: 30 },
      ],
    });
    await post(`/services/deliveries/${third}/correction`, { changes: { minutes: 20 }, reason: 'left early' });
    expect((await listed()).overBudgetDeliveries).toEqual([
      { deliveryId: second, date: '2026-02-10', unitId, minutes: 30, overBudgetMinutes: 15 },
      { deliveryId: third, date: '2026-02-10', unitId, minutes: 20, overBudgetMinutes: 20 },
    ]);
    await post(`/services/deliveries/${third}/void`, { reason: 'recorded twice' });
    expect((await listed()).overBudgetDeliveries).toEqual([
      { deliveryId: second, date: '2026-02-10', unitId, minutes: 30, overBudgetMinutes: 15 },
    ]);
    // Voiding the first frees the budget: nothing stands beyond it any more.
    await post(`/services/deliveries/${first}/void`, { reason: 'recorded on the wrong agreement' });
    expect(await listed()).toMatchObject({ overBudgetMinutes: 0, overBudgetDeliveries: [], professionalHoursUsed: 0.5 });
  });

  it('S4b: a family client is erased only ten years after the agreement ends; then reads as erased, hours staying', async () => {
    const family = (
      await post('/services/agreements', {
        client: { kind: 'family', givenName: 'Anna', familyName: 'Galli' },
        unitId,
        service: 'assistenza educativa',
        hoursBudget: 20,
        startsOn: '2026-01-01',
        endsOn: '2026-06-30',
        legalForm: { kind: 'private' },
        overBudget: 'refuse',
        signedOn: '2025-12-20',
      })
    ).body.agreementId as string;
    await post(`/services/beneficiaries/${children[7]}/enrolments`, { agreementId: family, enrolledOn: '2026-01-02' });
    await deliver({ agreementId: family, beneficiaries: [children[7]], date: '2026-02-11', start: '16:00', minutes: 90 });
    expect((await get(`/services/agreements/${family}`)).body.client).toEqual({
      kind: 'family',
      name: 'Galli Anna',
      personalDataErased: false,
    });
    expect((await post(`/services/agreements/${family}/client-erasure`, {}, 422)).body).toMatchObject({
      rule: 'S4b',
      legalBasis: expect.stringContaining('c.c. art. 2220 c. 1'),
      retainedUntil: '2036-06-30',
    });
    t.clock.set('2036-07-01T10:00:00.000Z');
    try {
      await post(`/services/agreements/${family}/client-erasure`, {});
    } finally {
      t.clock.set('2026-03-02T10:00:00.000Z');
    }
    expect((await get(`/services/agreements/${family}`)).body).toMatchObject({
      client: { kind: 'family', name: null, personalDataErased: true },
      professionalHoursUsed: 1.5,
    });
    expect((await post(`/services/agreements/${agreementId}/client-erasure`, {}, 409)).body).toMatchObject({
      code: 'CLIENT_NOT_A_PERSON',
    });
  });

  describe('UNKNOWN_REFERENCE: a services record naming a unit, agreement, beneficiary, operator or delivery that does not exist', () => {
    const nothing = '00000000-0000-0000-0000-000000000000';
    const path = (response: { body: { errors?: Array<{ path: string; code: string }> } }) => response.body.errors;
    it.each<[string, () => { path: string; body: object }, string]>([
      [
        'an agreement for no unit',
        () => ({
          path: '/services/agreements',
          body: {
            client: { kind: 'municipality', name: 'Comune di Genova' },
            unitId: nothing,
            service: 'asilo nido',
            hoursBudget: 10,
            startsOn: '2026-01-01',
            endsOn: '2026-12-31',
            legalForm: { kind: 'private' },
            signedOn: '2025-12-15',
          },
        }),
        'body.unitId',
      ],
      [
        'an enrolment in no agreement',
        () => ({
          path: `/services/beneficiaries/${children[1]}/enrolments`,
          body: { agreementId: nothing, enrolledOn: '2026-01-02' },
        }),
        'body.agreementId',
      ],
      [
        'a survey of no unit',
        () => ({
          path: '/services/surveys',
          body: { kind: 'wellbeing', unitId: nothing, period: '2025', responses: 5, meanScore: 4, recordedOn: '2026-01-10' },
        }),
        'body.unitId',
      ],
      ...(
        [
          ['a delivery in no unit', { unitId: nothing }, 'body.unitId'],
          ['a delivery under no agreement', { agreementId: nothing }, 'body.agreementId'],
          ['a delivery to no beneficiary', { beneficiaries: [nothing] }, 'body.beneficiaries.0'],
          ['a delivery by no contract', { operator: { kind: 'staff', contractId: nothing } }, 'body.operator.contractId'],
          ['a delivery by no volunteer', { operator: { kind: 'volunteer', volunteerId: nothing } }, 'body.operator.volunteerId'],
        ] as const
      ).map(
        ([name, change, field]) =>
          [
            name,
            () => ({
              path: '/services/deliveries',
              body: {
                agreementId,
                unitId,
                beneficiaries: [children[1]],
                operator: { kind: 'staff', contractId: educatorContract },
                date: '2026-01-20',
                start: '08:00',
                minutes: 30,
                activity: 'gioco',
                ...change,
              },
            }),
            field,
          ] as [string, () => { path: string; body: object }, string],
      ),
    ])('%s is refused with 400 on its body path, and nothing is recorded', async (_, request, field) => {
      const { path: url, body } = request();
      const refused = await post(url, body, 400);
      expect(path(refused)).toEqual([expect.objectContaining({ path: field, code: 'UNKNOWN_REFERENCE' })]);
    });

    it.each([
      ['an enrolment of no beneficiary', `/services/beneficiaries/${nothing}/enrolments`, { enrolledOn: '2026-01-02' }],
      ['an erasure of no beneficiary', `/services/beneficiaries/${nothing}/erasure`, {}],
      ['a correction of no delivery', `/services/deliveries/${nothing}/correction`, { changes: { minutes: 10 }, reason: 'x' }],
      ['a void of no delivery', `/services/deliveries/${nothing}/void`, { reason: 'x' }],
      ['an erasure of no agreement’s client', `/services/agreements/${nothing}/client-erasure`, {}],
    ])('%s, named in the URL, is a 404', async (_, url, body) => {
      const complete = url.endsWith('/enrolments') ? { ...body, agreementId } : body;
      await post(url, complete, 404);
    });

    it('nothing was recorded for any of them', async () => {
      const hours = (await get('/services/reports/hours?from=2026-01&to=2026-01')).body;
      expect(hours.lines).toEqual([]);
      expect((await get('/services/reports/surveys?year=2025')).body.surveys).toEqual([]);
    });
  });

  it('lists every agreement with the hours used against its budget, as the agreement itself reads', async () => {
    const list = (await get('/services/agreements')).body.agreements as Array<Record<string, unknown>>;
    const one = (await get(`/services/agreements/${agreementId}`)).body;
    expect(list.find((a) => a.agreementId === agreementId)).toEqual(one);
    expect(one.professionalHoursUsed).toBeGreaterThan(0);
    expect(one.hoursBudget).toBe(10);
  });

  it("answers a unit's day: its standing deliveries in time order and the same S5 moments as the staff ratio", async () => {
    const day = (await get(`/services/reports/unit-day?unitId=${unitId}&date=2026-03-02`)).body;
    const ratio = (await get(`/services/reports/staff-ratio?unitId=${unitId}&date=2026-03-02`)).body;
    expect(day.moments).toEqual(ratio.moments);
    expect(day.deliveries.length).toBeGreaterThan(0);
    expect(day.deliveries[0]).toMatchObject({ agreementId, start: '08:00', professional: true });
    const starts = day.deliveries.map((d: { start: string }) => d.start);
    expect([...starts].sort()).toEqual(starts);
    const empty = (await get(`/services/reports/unit-day?unitId=${unitId}&date=2026-03-29`)).body;
    expect(empty).toMatchObject({ deliveries: [], moments: [] });
  });
});
