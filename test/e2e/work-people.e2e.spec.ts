import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_KEY, bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * One non-member person is one person across their contracts and enrolments: their id comes
 * from the blind index of their fiscal code, so the services' S3 sees them in both units.
 */
describe('work: one person, one identity', () => {
  let t: TestApp;
  let secretary: string;
  let last = '0';
  const sara = { kind: 'non_member', givenName: 'Sara', familyName: 'Neri', fiscalCode: fiscalCodeOf(700) };

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
  const partTime = (unit: string) => ({
    worker: sara,
    form: 'subordinate',
    level: 'D1',
    weeklyHours: 19,
    startsOn: '2026-01-07',
    grossMonthlyPayCents: 85_000,
    unit,
    contactWithMinors: true,
    criminalRecordCheckedOn: '2026-01-02',
  });
  async function unitWithAgreement(name: string) {
    const unitId = (
      await post('/services/units', { name, kind: 'nursery', capacity: 30, childrenPerStaff: 6, openedOn: '2025-09-01' })
    ).body.unitId as string;
    const agreementId = (
      await post('/services/agreements', {
        client: { kind: 'municipality', name: 'Comune di Genova' },
        unitId,
        service: 'asilo nido',
        hoursBudget: 100,
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        legalForm: { kind: 'public_tender', cig: 'A1B2C3D4E5' },
        overBudget: 'refuse',
        signedOn: '2025-12-15',
      })
    ).body.agreementId as string;
    const child = (
      await post('/services/beneficiaries', {
        person: { givenName: `Bimbo ${name}`, familyName: 'Bianchi' },
        ageBand: '0-2',
        registeredOn: '2026-01-05',
      })
    ).body.beneficiaryId as string;
    await post(`/services/beneficiaries/${child}/enrolments`, { agreementId, enrolledOn: '2026-01-02' });
    return { unitId, agreementId, child };
  }

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
    await post('/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2024-02-01',
      minimumMonthlyPayCents: { D1: 170_000 },
    });
  });
  afterAll(() => t.close());

  it('S3 refuses the same non-member, under two part-time contracts, in two units at once', async () => {
    const first = (await post('/work/contracts', partTime('Nido Girasole'))).body.contractId as string;
    const second = (await post('/work/contracts', partTime('Nido Arcobaleno'))).body.contractId as string;
    const contracts = (await get('/work/contracts?asOf=2026-03-02')).body.contracts as Array<{
      contractId: string;
      worker: { id: string; name: string | null };
    }>;
    const people = new Set(contracts.filter((c) => [first, second].includes(c.contractId)).map((c) => c.worker.id));
    expect(people.size).toBe(1);
    expect(contracts[0]!.worker.name).toBe('Neri Sara');

    const girasole = await unitWithAgreement('Nido Girasole');
    const arcobaleno = await unitWithAgreement('Nido Arcobaleno');
    const delivery = (site: typeof girasole, contractId: string, start: string) => ({
      agreementId: site.agreementId,
      unitId: site.unitId,
      beneficiaries: [site.child],
      operator: { kind: 'staff', contractId },
      date: '2026-03-02',
      start,
      minutes: 120,
      activity: 'attività educative',
    });
    await post('/services/deliveries', delivery(girasole, first, '08:00'));
    const refused = await post('/services/deliveries', delivery(arcobaleno, second, '09:00'), 422);
    expect(refused.body).toMatchObject({ rule: 'S3' });
    await post('/services/deliveries', delivery(arcobaleno, second, '10:00'));
  });

  it('W4c refuses enrolling a worker as a volunteer, and a contract with an active volunteer, until they leave', async () => {
    const enrolSara = await post(
      '/work/volunteers',
      { volunteer: sara, enrolledOn: '2026-02-01', unit: 'Nido Girasole', contactWithMinors: false },
      422,
    );
    expect(enrolSara.body).toMatchObject({ rule: 'W4c', legalBasis: 'D.Lgs. 117/2017 (CTS) art. 17 c. 5' });

    const paolo = { kind: 'non_member', givenName: 'Paolo', familyName: 'Riva', fiscalCode: fiscalCodeOf(701) };
    const volunteerId = (
      await post('/work/volunteers', {
        volunteer: paolo,
        enrolledOn: '2026-01-10',
        unit: 'Nido Girasole',
        activity: 'lettura ad alta voce',
        contactWithMinors: false,
      })
    ).body.volunteerId as string;
    const contract = { ...partTime('Nido Girasole'), worker: paolo, startsOn: '2026-03-01', contactWithMinors: false };
    const hired = await post('/work/contracts', contract, 422);
    expect(hired.body).toMatchObject({ rule: 'W4c', legalBasis: 'D.Lgs. 117/2017 (CTS) art. 17 c. 5' });
    await post(`/work/volunteers/${volunteerId}/exit`, { leftOn: '2026-02-27', reason: 'resignation' });
    await post('/work/contracts', contract);
  });

  it('W2 reports the contracts below a raised minimum from its date until amended; another CCNL’s table changes nothing', async () => {
    await post('/work/pay-tables', {
      agreement: 'CCNL sanità privata',
      effectiveFrom: '2026-01-01',
      minimumMonthlyPayCents: { D1: 250_000 },
    });
    expect((await get('/work/reports/below-minimum?asOf=2026-03-02')).body.contracts).toEqual([]);
    await post('/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2026-03-02',
      minimumMonthlyPayCents: { D1: 180_000 },
    });
    expect((await get('/work/reports/below-minimum?asOf=2026-03-01')).body.contracts).toEqual([]);
    const below = (await get('/work/reports/below-minimum?asOf=2026-03-02')).body.contracts as Array<{
      contractId: string;
      minimumCents: number;
      worker: { name: string | null };
    }>;
    expect(below.map((c) => c.worker.name)).toEqual(['Neri Sara', 'Neri Sara', 'Riva Paolo']);
    expect(below[0]).toMatchObject({ minimumCents: 90_000, grossMonthlyPayCents: 85_000, tableEffectiveFrom: '2026-03-02' });
    await post(`/work/contracts/${below[0]!.contractId}/amendments`, {
      amendedOn: '2026-03-02',
      effectiveFrom: '2026-03-02',
      changes: { grossMonthlyPayCents: 90_000 },
    });
    const after = (await get('/work/reports/below-minimum?asOf=2026-03-02')).body.contracts as Array<{ contractId: string }>;
    expect(after.map((c) => c.contractId)).not.toContain(below[0]!.contractId);
    expect(after).toHaveLength(2);
  });

  describe('references are checked', () => {
    const nobody = ['00000000-0000-0000-0000-000000000000', '7d3c1a52-9f1e-4a6b-8c2d-1e5f0a9b3c47'];
    it('refuses a body naming a member or a person that does not exist: 400 at the field', async () => {
      for (const id of nobody) {
        const cases: Array<[string, object, string]> = [
          ['/work/contracts', { ...partTime('Nido Girasole'), worker: { kind: 'member', memberId: id } }, 'body.worker.memberId'],
          [
            '/work/volunteers',
            { volunteer: { kind: 'member', memberId: id }, enrolledOn: '2026-02-01', unit: 'Nido', contactWithMinors: false },
            'body.volunteer.memberId',
          ],
          [
            '/work/training',
            { personId: id, course: 'Sicurezza sul lavoro', hours: 4, completedOn: '2026-02-01', kind: 'mandatory' },
            'body.personId',
          ],
        ];
        for (const [path, body, field] of cases) {
          const refused = await post(path, body, 400);
          expect(refused.body.errors).toEqual([expect.objectContaining({ path: field, code: 'UNKNOWN_REFERENCE' })]);
        }
      }
    });

    it('answers 404 for a contract, volunteer or regulation in the URL that does not exist', async () => {
      for (const id of nobody) {
        const cases: Array<[string, object]> = [
          [
            `/work/contracts/${id}/amendments`,
            { amendedOn: '2026-03-01', effectiveFrom: '2026-03-01', changes: { weeklyHours: 20 } },
          ],
          [`/work/contracts/${id}/ending`, { endedOn: '2026-03-01', reason: 'term' }],
          [
            `/work/volunteers/${id}/insurance`,
            { insurer: 'M', policyNumber: 'P', coveredFrom: '2026-01-01', coveredUntil: '2026-12-31' },
          ],
          [`/work/volunteers/${id}/activities`, { date: '2026-03-01', minutes: 60, unit: 'Nido', activity: 'lettura' }],
          [
            `/work/volunteers/${id}/reimbursements`,
            { paidOn: '2026-03-01', expenses: [{ date: '2026-03-01', description: 'bus', amountCents: 100, documentRef: 'r1' }] },
          ],
          [`/work/volunteers/${id}/exit`, { leftOn: '2026-03-01', reason: 'other' }],
          [`/work/regulations/${id}/filing`, { filedOn: '2026-03-01', office: 'ITL Genova', protocol: 'P-1' }],
        ];
        for (const [path, body] of cases) await post(path, body, 404);
      }
    });

    it('records training of a person the work context knows', async () => {
      const sara = ((await get('/work/contracts?asOf=2026-03-02')).body.contracts as Array<{ worker: { id: string } }>)[0]!;
      await post('/work/training', {
        personId: sara.worker.id,
        course: 'Primo soccorso pediatrico',
        hours: 8,
        completedOn: '2026-02-01',
        kind: 'mandatory',
      });
    });
  });

  it('W4b keeps the register of volunteers as of any date, with export, and reports activity without cover', async () => {
    const lucia = {
      kind: 'non_member',
      givenName: 'Lucia',
      familyName: 'Costa',
      fiscalCode: fiscalCodeOf(702),
      birthDate: '1990-05-04',
    };
    const lucy = (
      await post('/work/volunteers', {
        volunteer: lucia,
        enrolledOn: '2026-02-10',
        unit: 'Centro estivo',
        activity: 'animazione e laboratori',
        contactWithMinors: false,
      })
    ).body.volunteerId as string;
    await post(`/work/volunteers/${lucy}/insurance`, {
      insurer: 'Mutua Volontari',
      policyNumber: 'RC-77',
      coveredFrom: '2026-02-10',
      coveredUntil: '2026-12-31',
    });
    await post(`/work/volunteers/${lucy}/activities`, {
      date: '2026-02-12',
      minutes: 90,
      unit: 'Centro estivo',
      activity: 'laboratorio',
    });

    const early = (await get('/work/volunteer-register?asOf=2026-02-01')).body.volunteers;
    expect(early).toEqual([
      expect.objectContaining({
        familyName: 'Riva',
        enrolledOn: '2026-01-10',
        leftOn: null,
        activity: 'lettura ad alta voce',
        insuredOn: false,
      }),
    ]);
    const now = (await get('/work/volunteer-register?asOf=2026-03-02')).body.volunteers;
    expect(now).toEqual([
      expect.objectContaining({ number: 1, familyName: 'Riva', leftOn: '2026-02-27', leftReason: 'resignation' }),
      expect.objectContaining({
        number: 2,
        kind: 'non_member',
        familyName: 'Costa',
        givenName: 'Lucia',
        fiscalCode: fiscalCodeOf(702),
        birthDate: '1990-05-04',
        personalDataErased: false,
        enrolledOn: '2026-02-10',
        activity: 'animazione e laboratori',
        insurance: [{ insurer: 'Mutua Volontari', policyNumber: 'RC-77', coveredFrom: '2026-02-10', coveredUntil: '2026-12-31' }],
        insuredOn: true,
      }),
    ]);
    const csv = await get('/work/volunteer-register/export?asOf=2026-03-02&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'numero,cognome,nome,codice_fiscale,data_nascita,dati_cancellati,socio,data_iscrizione,data_cessazione,causa_cessazione,unita_operativa,attivita,copertura_assicurativa,assicurato_alla_data',
    );
    expect(lines[2]).toContain(`2,Costa,Lucia,${fiscalCodeOf(702)},1990-05-04,no,no,2026-02-10,,,Centro estivo`);
    const json = (await get('/work/volunteer-register/export?asOf=2026-03-02')).body;
    expect(json.volunteers).toHaveLength(2);

    // The policy number and the expenses' descriptions are sealed for the volunteer, never plain in the events.
    await post(`/work/volunteers/${lucy}/reimbursements`, {
      paidOn: '2026-02-20',
      expenses: [{ date: '2026-02-12', description: 'visita medica di idoneità', amountCents: 4_500, documentRef: 'ricevuta-9' }],
    });
    const stored = JSON.stringify(
      (
        await t
          .http()
          .get('/events?types=VolunteerInsured,VolunteerExpenseReimbursed,VolunteerEnrolled&limit=1000')
          .set(bearer(ADMIN_KEY))
          .expect(200)
      ).body,
    );
    expect(stored).toContain('ricevuta-9');
    for (const plain of ['RC-77', 'visita medica', 'Costa', fiscalCodeOf(702)]) expect(stored).not.toContain(plain);
    expect((await get(`/work/volunteers/${lucy}`)).body.coverage).toEqual([
      { insurer: 'Mutua Volontari', policyNumber: 'RC-77', coveredFrom: '2026-02-10', coveredUntil: '2026-12-31' },
    ]);

    // An activity the first release recorded without cover (the decider now refuses it): the report finds it.
    const volunteers = (await get('/work/volunteer-register?asOf=2026-03-02')).body.volunteers as Array<{ volunteerId: string }>;
    const paolo = volunteers[0]!.volunteerId;
    const written = await t.runtime.events.append(
      `volunteer-${paolo}`,
      [
        {
          id: '5e000000-0000-4000-8000-000000000001',
          type: 'VolunteerActivityLogged',
          data: {
            volunteerId: paolo,
            activityId: '5e000000-0000-4000-8000-000000000002',
            date: '2026-01-20',
            minutes: 60,
            unit: 'Nido Girasole',
            activity: 'lettura',
          },
          metadata: {
            actor: { keyId: 'first-release', role: 'secretary' },
            commandId: 'c',
            correlationId: 'c',
            causationId: 'c',
          },
        },
      ],
      'any',
    );
    last = written.position;
    const uncovered = (await get('/work/volunteer-register/uncovered-activity?asOf=2026-03-02')).body;
    expect(uncovered.activities).toEqual([expect.objectContaining({ volunteerId: paolo, date: '2026-01-20', minutes: 60 })]);
  });
});
