import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_KEY, applicant, bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';

const CCNL = {
  agreement: 'CCNL cooperative sociali 2023-2025',
  effectiveFrom: '2024-02-01',
  fullTimeWeeklyHours: 38,
  minimumMonthlyPayCents: { A1: 130_722, F2: 240_725 },
};

const terms = {
  form: 'subordinate',
  level: 'A1',
  weeklyHours: 38,
  startsOn: '2026-03-02',
  grossMonthlyPayCents: 130_722,
  unit: 'Nido Girasole',
  contactWithMinors: true,
  criminalRecordCheckedOn: '2026-02-20',
};

/**
 * Work contracts and partnerships over HTTP: signed under delegated powers or approved by a
 * board resolution (G7), with W1, W2 and W3b refusals, the trail of what a resolution caused,
 * and the reports.
 */
describe('work contracts and partnerships', () => {
  let t: TestApp;
  let secretary: string;
  const members: string[] = [];
  let person = 0;

  const post = (path: string, body: object) => t.http().post(path).set(bearer(secretary)).send(body);
  const get = (path: string) => t.http().get(path).set(bearer(ADMIN_KEY));

  async function admit(category = 'worker') {
    const applicationId = (
      await post('/membership/applications', { ...applicant(person++, category), appliedOn: '2026-01-10' }).expect(201)
    ).body.applicationId as string;
    return (
      await post(`/membership/applications/${applicationId}/admission`, {
        boardResolutionId: 'cda-2026-01-20-1',
        admittedOn: '2026-01-20',
      }).expect(201)
    ).body.memberId as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
    for (let i = 0; i < 3; i++) members.push(await admit());
    members.push(await admit('volunteer'));
    await post('/work/pay-tables', CCNL).expect(201);
  });
  afterAll(() => t.close());

  it('signs a worker member’s contract under delegated powers and lists it with the member’s name', async () => {
    const signed = await post('/work/contracts', { ...terms, worker: { kind: 'member', memberId: members[2] } }).expect(201);
    expect(signed.body.events).toHaveLength(1);
    const list = await get(`/work/contracts?after=${signed.body.position}`).expect(200);
    expect(list.body.contracts).toEqual([
      expect.objectContaining({
        contractId: signed.body.contractId,
        worker: { kind: 'member', id: members[2], name: 'Rossi Person 2' },
        level: 'A1',
        boardResolutionId: null,
      }),
    ]);
  });

  it('refuses with the rule and its legal basis, and records nothing (W1, W2, W3b)', async () => {
    const before = (await get('/events?types=ContractSigned').expect(200)).body;
    const cases: Array<[object, string, string]> = [
      [{ ...terms, worker: { kind: 'member', memberId: members[3] } }, 'W1', 'L. 142/2001 art. 1 c. 3'],
      [
        { ...terms, grossMonthlyPayCents: 130_721, worker: { kind: 'member', memberId: members[1] } },
        'W2',
        'L. 142/2001 art. 3 c. 1',
      ],
      [
        { ...terms, criminalRecordCheckedOn: null, worker: { kind: 'member', memberId: members[1] } },
        'W3b',
        'D.P.R. 313/2002 art. 25-bis',
      ],
    ];
    for (const [body, rule, legalBasis] of cases) {
      const refused = await post('/work/contracts', body).expect(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ rule, legalBasis });
    }
    expect((await get('/events?types=ContractSigned').expect(200)).body).toEqual(before);
  });

  it('answers 400 with every invalid field', async () => {
    const invalid = await post('/work/contracts', {
      ...terms,
      level: 'Z9',
      weeklyHours: 0,
      worker: { kind: 'non_member', givenName: 'Anna', familyName: 'Neri', fiscalCode: 'NOTACODE' },
    }).expect(400);
    const paths = invalid.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.level', 'body.weeklyHours', 'body.worker.fiscalCode']));
  });

  it('G7: a board resolution approves a contract and a partnership; the trail shows the events it caused', async () => {
    const meeting = '9b000000-0000-4000-8000-000000000001';
    const contractId = 'c1000000-0000-4000-8000-000000000001';
    const partnershipId = 'd1000000-0000-4000-8000-000000000001';
    await post('/governance/board', {
      electedOn: '2026-02-01',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2026-1',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: members[0], role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi', memberId: members[1], role: 'director' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
      ],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting}`, {
      convenedOn: '2026-02-25',
      heldOn: '2026-03-02',
      place: 'sede',
      agenda: ['staff', 'partnerships'],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting}/attendance`, { present: ['rossi', 'bianchi', 'verdi'] }).expect(201);
    const votes = ['rossi', 'bianchi', 'verdi'].map((directorId) => ({ directorId, vote: 'for' }));
    const resolved = await post(`/governance/board-meetings/${meeting}/resolutions`, {
      resolutionId: 'cda-2026-03-02-1',
      item: 1,
      text: 'Hires an educator for the nursery and joins the local consortium',
      votes,
      decides: [
        {
          kind: 'approve-contract',
          contractId,
          worker: { kind: 'non_member', givenName: 'Giulia', familyName: 'Neri', fiscalCode: fiscalCodeOf(900) },
          terms: { ...terms, level: 'F2', grossMonthlyPayCents: 240_725 },
        },
        {
          kind: 'agree-partnership',
          partnershipId,
          terms: {
            partner: { name: 'Consorzio Sociale Liguria', kind: 'consortium', fiscalCode: '01234567890', country: 'IT' },
            form: 'consortium_membership',
            purpose: 'joint tenders for educational services',
            scope: 'local',
            startsOn: '2026-03-02',
            endsOn: null,
          },
        },
      ],
    }).expect(201);
    // The non-member's name never enters the resolution in plain.
    const resolutionEvent = (await get('/events?types=BoardResolutionAdopted').expect(200)).body.items[0];
    expect(resolutionEvent.type).toBe('BoardResolutionAdopted');
    expect(JSON.stringify(resolutionEvent)).not.toContain('Giulia');

    let trail = { body: { caused: [] as Array<Record<string, string>> } as Record<string, any> };
    for (let i = 0; i < 100 && trail.body.caused.length < 2; i++) {
      trail = await get(`/governance/resolutions/cda-2026-03-02-1?after=${resolved.body.position}`).expect(200);
      if (trail.body.caused.length < 2) await new Promise((r) => setTimeout(r, 20));
    }
    expect(trail.body.decisions.map((d: { status: string }) => d.status)).toEqual(['done', 'done']);
    // The board reads who was hired by name; the resolution keeps the person sealed.
    expect(trail.body.resolution.decides[0].worker).toEqual({
      kind: 'non_member',
      personId: expect.any(String),
      name: 'Neri Giulia',
    });
    expect(trail.body.decisions[0].decision.worker.name).toBe('Neri Giulia');
    expect(trail.body.caused.map((c: { type: string }) => c.type).sort()).toEqual(['ContractSigned', 'PartnershipAgreed']);
    const signed = trail.body.caused.find((c: { type: string }) => c.type === 'ContractSigned');
    const back = await get(`/governance/trail/events/${signed.id}`).expect(200);
    expect(back.body).toMatchObject({ resolutionId: 'cda-2026-03-02-1' });

    const contract = await get(`/work/contracts/${contractId}?after=${signed.position}`).expect(200);
    expect(contract.body).toMatchObject({
      contractId,
      worker: { kind: 'non_member', name: 'Neri Giulia' },
      boardResolutionId: 'cda-2026-03-02-1',
      signedOn: '2026-03-02',
      level: 'F2',
    });
    const agreed = trail.body.caused.find((c: { type: string }) => c.type === 'PartnershipAgreed');
    const partnership = await get(`/cooperation/partnerships/${partnershipId}?after=${agreed.position}`).expect(200);
    expect(partnership.body).toMatchObject({
      partner: { name: 'Consorzio Sociale Liguria' },
      agreedBy: { body: 'board', resolutionId: 'cda-2026-03-02-1' },
      endedOn: null,
    });
    const inForce = await get('/cooperation/partnerships?asOf=2026-03-02').expect(200);
    expect(inForce.body.partnerships).toHaveLength(1);

    // W3 over both contracts: the educator at F2 full time, the member at A1.
    const ratio = await get('/work/reports/pay-ratio?asOf=2026-03-02').expect(200);
    expect(ratio.body).toMatchObject({ employees: 2, ratio: 1.84, withinLimit: true, limit: 8 });
  });

  it('G7: a resolution whose contract breaks a rule records the refusal as its outcome, and nothing else', async () => {
    const meeting = '9b000000-0000-4000-8000-000000000002';
    await post(`/governance/board-meetings/${meeting}`, {
      convenedOn: '2026-02-25',
      heldOn: '2026-03-02',
      place: 'sede',
      agenda: ['staff'],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting}/attendance`, { present: ['rossi', 'bianchi'] }).expect(201);
    const resolved = await post(`/governance/board-meetings/${meeting}/resolutions`, {
      resolutionId: 'cda-2026-03-02-2',
      item: 1,
      text: 'Hires a coordinator',
      votes: ['rossi', 'bianchi'].map((directorId) => ({ directorId, vote: 'for' })),
      decides: [
        {
          kind: 'approve-contract',
          contractId: 'c1000000-0000-4000-8000-000000000002',
          worker: { kind: 'member', memberId: members[1] },
          terms: { ...terms, level: 'F2', grossMonthlyPayCents: 9 * 130_722 },
        },
      ],
    }).expect(201);
    let trail = { body: { decisions: [] as Array<Record<string, string>> } as Record<string, any> };
    for (let i = 0; i < 100 && trail.body.decisions.length < 1; i++) {
      trail = await get(`/governance/resolutions/cda-2026-03-02-2?after=${resolved.body.position}`).expect(200);
      if (trail.body.decisions.length < 1) await new Promise((r) => setTimeout(r, 20));
    }
    expect(trail.body.decisions).toEqual([expect.objectContaining({ status: 'refused', rule: 'W3' })]);
    expect(trail.body.caused).toEqual([]);
    // The board reads a member worker by name too, from governance's own copy of the member.
    expect(trail.body.resolution.decides[0].worker).toEqual({ kind: 'member', memberId: members[1], name: 'Rossi Person 1' });
  });

  it('volunteers: W3b and W4 at enrolment, no activity before the cover, only documented expenses of activity days', async () => {
    const workerAsVolunteer = await post('/work/volunteers', {
      volunteer: { kind: 'member', memberId: members[0] },
      enrolledOn: '2026-02-01',
      unit: 'Centro estivo',
      contactWithMinors: false,
    }).expect(422);
    expect(workerAsVolunteer.body).toMatchObject({ rule: 'W4', legalBasis: 'L. 381/1991 art. 2 c. 1' });
    const withMinors = {
      volunteer: { kind: 'member', memberId: members[3] },
      enrolledOn: '2026-02-01',
      unit: 'Centro estivo',
      contactWithMinors: true,
    };
    expect((await post('/work/volunteers', withMinors).expect(422)).body).toMatchObject({ rule: 'W3b' });
    const enrolled = await post('/work/volunteers', { ...withMinors, criminalRecordCheckedOn: '2026-01-20' }).expect(201);
    const volunteerId = enrolled.body.volunteerId as string;

    const activity = { date: '2026-02-10', minutes: 150, unit: 'Centro estivo', activity: 'laboratorio di lettura' };
    const uninsured = await post(`/work/volunteers/${volunteerId}/activities`, activity).expect(422);
    expect(uninsured.body).toMatchObject({ rule: 'W4', legalBasis: 'L. 381/1991 art. 2 c. 4; CTS art. 18' });
    await post(`/work/volunteers/${volunteerId}/insurance`, {
      insurer: 'Mutua Assicurazioni',
      policyNumber: 'RC-2026-17',
      coveredFrom: '2026-02-05',
      coveredUntil: '2026-12-31',
    }).expect(201);
    await post(`/work/volunteers/${volunteerId}/activities`, activity).expect(201);
    const expense = { date: '2026-02-10', description: 'biglietto autobus', amountCents: 350, documentRef: 'ticket-0042' };
    const offDay = await post(`/work/volunteers/${volunteerId}/reimbursements`, {
      paidOn: '2026-02-28',
      expenses: [{ ...expense, date: '2026-02-11' }],
    }).expect(422);
    expect(offDay.body).toMatchObject({ rule: 'W4', legalBasis: 'L. 381/1991 art. 2 c. 3' });
    const paid = await post(`/work/volunteers/${volunteerId}/reimbursements`, {
      paidOn: '2026-02-28',
      expenses: [expense],
    }).expect(201);

    const list = await get(`/work/volunteers?asOf=2026-02-28&after=${paid.body.position}`).expect(200);
    expect(list.body.volunteers).toEqual([
      expect.objectContaining({
        volunteerId,
        volunteer: { kind: 'member', id: members[3], name: 'Rossi Person 3' },
        insuredOn: true,
        hours: 2.5,
        reimbursedCents: 350,
      }),
    ]);
    const year = await get('/work/volunteers/reports/year?year=2026').expect(200);
    expect(year.body).toMatchObject({
      volunteersActive: 1,
      hours: 2.5,
      byUnitAndMonth: [{ unit: 'Centro estivo', month: '2026-02', hours: 2.5 }],
      reimbursements: 1,
      reimbursedCents: 350,
    });
  });

  it('W5 and W2: mutual prevalence of a year, the internal regulation’s filing against its 30 days, training', async () => {
    await post('/work/labour-costs', {
      period: '2025-01',
      memberCostCents: 600_000,
      nonMemberCostCents: 200_000,
      recordedOn: '2026-02-01',
    }).expect(201);
    const second = await post('/work/labour-costs', {
      period: '2025-02',
      memberCostCents: 700_000,
      nonMemberCostCents: 100_000,
      recordedOn: '2026-02-01',
    }).expect(201);
    const twice = await post('/work/labour-costs', {
      period: '2025-02',
      memberCostCents: 1,
      nonMemberCostCents: 1,
      recordedOn: '2026-02-01',
    }).expect(409);
    expect(twice.body).toMatchObject({ code: 'PERIOD_RECORDED' });
    const prevalence = await get(`/work/reports/mutual-prevalence?year=2025&after=${second.body.position}`).expect(200);
    expect(prevalence.body).toMatchObject({
      memberCostCents: 1_300_000,
      nonMemberCostCents: 300_000,
      memberShare: 0.8125,
      complete: false,
    });

    const adopted = await post('/work/regulations', {
      title: 'Regolamento interno dei soci lavoratori',
      adoptedOn: '2026-01-10',
      assemblyResolutionId: 'ass-2026-01-10-2',
      text: 'Art. 1 …',
    }).expect(201);
    const overdue = await get(`/work/regulations?after=${adopted.body.position}`).expect(200);
    expect(overdue.body.regulations[0]).toMatchObject({
      filingDue: '2026-02-09',
      warning: expect.stringMatching(/not filed, and due by 2026-02-09/),
    });
    const filed = await post(`/work/regulations/${adopted.body.regulationId}/filing`, {
      filedOn: '2026-02-20',
      office: 'ITL Genova',
      protocol: '123/2026',
    }).expect(201);
    const late = await get(`/work/regulations?after=${filed.body.position}`).expect(200);
    expect(late.body.regulations[0].warning).toMatch(/filed 41 days after its adoption/);

    const trained = await post('/work/training', {
      personId: members[2],
      course: 'Primo soccorso pediatrico',
      hours: 12,
      completedOn: '2026-02-14',
      unit: 'Nido Girasole',
      kind: 'mandatory',
    }).expect(201);
    const training = await get(`/work/reports/training?year=2026&after=${trained.body.position}`).expect(200);
    expect(training.body).toMatchObject({
      people: 1,
      hours: 12,
      hoursByKind: { mandatory: 12 },
      hoursByUnit: { 'Nido Girasole': 12 },
    });
  });
});
