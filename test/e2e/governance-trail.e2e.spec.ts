import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { boardDecisions } from '../../src/governance/projections/board-decisions.process.js';
import { collect } from '../support/test-events.js';
import { ADMIN_KEY, applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** G7 end to end: a board resolution admits and rejects, and the trail links it all. */
describe('board resolutions and their decision trail', () => {
  let t: TestApp;
  let secretary: string;
  const members: string[] = [];
  let person = 0;

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
    for (let i = 0; i < 3; i++) members.push((await admitDirectly(await apply())).body.memberId);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) => t.http().post(path).set(bearer(secretary)).send(body);
  async function apply() {
    return (await post('/membership/applications', { ...applicant(person++), appliedOn: '2026-01-10' }).expect(201)).body
      .applicationId as string;
  }
  function admitDirectly(applicationId: string) {
    return post(`/membership/applications/${applicationId}/admission`, {
      boardResolutionId: 'cda-2026-01-20-1',
      admittedOn: '2026-01-20',
    }).expect(201);
  }
  const meeting = (n: number) => `9a000000-0000-4000-8000-00000000000${n}`;
  const directors = () => [
    { directorId: 'rossi', name: 'Maria Rossi', memberId: members[0], role: 'president' },
    { directorId: 'bianchi', name: 'Luca Bianchi', memberId: members[1], role: 'director' },
    { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
  ];

  it('G6 refuses a board meeting when no board is recorded, or outside its term', async () => {
    const refused = await post(`/governance/board-meetings/${meeting(9)}`, {
      convenedOn: '2026-01-20',
      heldOn: '2026-01-25',
      place: 'sede',
      agenda: ['admissions'],
    }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'G6', legalBasis: 'c.c. art. 2383 c. 2, art. 2388 c. 1' });
  });

  it('elects the board only with a majority of members (G6)', async () => {
    const refused = await post('/governance/board', {
      electedOn: '2026-02-01',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2026-1',
      directors: directors().map((d, i) => (i === 0 ? d : { ...d, memberId: null })),
    }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'G6', legalBasis: 'c.c. art. 2542 c. 2' });
    await post('/governance/board', {
      electedOn: '2026-02-01',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2026-1',
      directors: directors(),
    }).expect(201);
    const afterTerm = await post(`/governance/board-meetings/${meeting(9)}`, {
      convenedOn: '2026-02-20',
      heldOn: '2029-01-10',
      place: 'sede',
      agenda: ['admissions'],
    }).expect(422);
    expect(afterTerm.body).toMatchObject({ rule: 'G6', legalBasis: 'c.c. art. 2383 c. 2, art. 2388 c. 1' });
  });

  it('refuses to resolve without quorum (G6)', async () => {
    await post(`/governance/board-meetings/${meeting(1)}`, {
      convenedOn: '2026-02-20',
      heldOn: '2026-02-25',
      place: 'sede',
      agenda: ['admissions'],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting(1)}/attendance`, { present: ['rossi'] }).expect(201);
    const refused = await post(`/governance/board-meetings/${meeting(1)}/resolutions`, {
      resolutionId: 'cda-x',
      item: 1,
      text: 'x',
      votes: [{ directorId: 'rossi', vote: 'for' }],
    }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'G6', legalBasis: 'c.c. art. 2388 c. 1' });
  });

  it('G7 carries out an adopted resolution, serves its whole trail both ways, and lets the trail and the register read its writes', async () => {
    const [admit, reject] = [await apply(), await apply()];
    await post(`/governance/board-meetings/${meeting(2)}`, {
      convenedOn: '2026-02-20',
      heldOn: '2026-03-01',
      place: 'sede',
      agenda: ['admissions'],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting(2)}/attendance`, { present: ['rossi', 'bianchi', 'verdi'] }).expect(201);
    await post(`/governance/board-meetings/${meeting(2)}/conflicts`, {
      item: 1,
      directorId: 'verdi',
      interest: 'relative of an applicant',
    }).expect(201);
    const resolution = {
      resolutionId: 'cda-2026-03-01-1',
      item: 1,
      text: 'Admits one applicant and rejects another, with reasons',
      votes: [
        { directorId: 'rossi', vote: 'for' },
        { directorId: 'bianchi', vote: 'for' },
        { directorId: 'verdi', vote: 'abstain' },
      ],
      decides: [
        { kind: 'admit', applicationId: admit, admittedOn: '2026-03-01' },
        {
          kind: 'reject',
          applicationId: reject,
          reasons: 'does not meet the statute’s requisites',
          communicatedOn: '2026-03-02',
        },
      ],
    };
    // G6: verdi declared an interest in item 1, so the resolution must state why it serves the cooperative.
    const unreasoned = await post(`/governance/board-meetings/${meeting(2)}/resolutions`, resolution).expect(422);
    expect(unreasoned.body).toMatchObject({ rule: 'G6', legalBasis: 'c.c. art. 2391 c. 2' });
    const reasons = 'both applications were examined against the statute’s requisites, in the cooperative’s interest';
    const resolved = await post(`/governance/board-meetings/${meeting(2)}/resolutions`, { ...resolution, reasons }).expect(201);
    const resolutionEvent = resolved.body.events[0];
    await post(`/governance/board-meetings/${meeting(2)}/minutes`, {
      president: 'Maria Rossi',
      secretary: 'Luca Bianchi',
      minutesText: 'Verbale del CdA',
    }).expect(201);

    // Read-your-writes through the process manager: one read, no polling.
    const trail = await t
      .http()
      .get(`/governance/resolutions/cda-2026-03-01-1?after=${resolved.body.position}`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(trail.body).toMatchObject({
      outcome: 'adopted',
      eventId: resolutionEvent.id,
      resolution: {
        tally: { for: 2, against: 0, abstain: 1, present: 3 },
        reasons,
        majorityRule: expect.stringContaining('c.c. art. 2388 c. 2'),
      },
      meeting: {
        quorumReached: true,
        present: ['rossi', 'bianchi', 'verdi'],
        inOffice: 3,
        conflicts: [{ directorId: 'verdi', item: 1, interest: 'relative of an applicant' }],
      },
      decisions: [
        { index: 0, status: 'done' },
        { index: 1, status: 'done' },
      ],
    });
    expect(trail.body.caused.map((e: { type: string }) => e.type).sort()).toEqual(['AdmissionRejected', 'MemberAdmitted']);
    expect(trail.body.votes).toContainEqual({ directorId: 'verdi', name: 'Anna Verdi', vote: 'abstain' });
    expect(trail.body.meeting.minutes).toMatchObject({
      president: 'Maria Rossi',
      minutesSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // The register, fed by the process manager, after the resolution's position: the new member, with the shares asked for.
    const register = await t
      .http()
      .get(`/membership/register?after=${resolved.body.position}&limit=1000`)
      .set(bearer(secretary))
      .expect(200);
    expect(register.body.items).toContainEqual(
      expect.objectContaining({
        boardResolutionId: 'cda-2026-03-01-1',
        admittedOn: '2026-03-01',
        shares: { count: 2, subscribedCents: 5_000, paidCents: 0, refundedCents: 0 },
      }),
    );

    const admitted = (await collect(t.runtime.events.readStream('memberRegister-main'))).find(
      (e) => e.type === 'MemberAdmitted' && (e.data as { applicationId: string }).applicationId === admit,
    )!;
    expect(admitted.metadata).toMatchObject({ causationId: resolutionEvent.id, correlationId: 'cda-2026-03-01-1' });
    expect(admitted.data).toMatchObject({ boardResolutionId: 'cda-2026-03-01-1' });
    // What the process manager's commands wrote is of the types it declares it emits (read-your-writes relies on them).
    const carriedOut = (await collect(t.runtime.events.readAll())).filter(
      (e) => e.metadata.correlationId === 'cda-2026-03-01-1' && e.id !== resolutionEvent.id,
    );
    expect(carriedOut.map((e) => e.type).sort()).toEqual(['AdmissionRejected', 'MemberAdmitted', 'SharesSubscribed']);
    for (const event of carriedOut) expect(boardDecisions.emits).toContain(event.type);
    const back = await t.http().get(`/governance/trail/events/${admitted.id}`).set(bearer(ADMIN_KEY)).expect(200);
    expect(back.body.resolutionId).toBe('cda-2026-03-01-1');

    // A rebuilt process manager replays the resolution: the commands answer their original result.
    const before = (await collect(t.runtime.events.readAll())).length;
    await t.http().post('/projections/board-decisions/rebuild').set(bearer(ADMIN_KEY)).expect(202);
    for (let i = 0; i < 100; i++) {
      const status = (await t.http().get('/projections').set(bearer(ADMIN_KEY))).body.find(
        (p: { name: string }) => p.name === 'board-decisions',
      );
      if (status.activeBuild === 'v1g1' && status.state === 'live') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await collect(t.runtime.events.readAll())).length).toBe(before);
  });

  it('G7 carries out an exclusion, and records a refused decision instead of stopping', async () => {
    await post(`/governance/board-meetings/${meeting(3)}`, {
      convenedOn: '2026-02-20',
      heldOn: '2026-03-02',
      place: 'sede',
      agenda: ['exclusions'],
    }).expect(201);
    await post(`/governance/board-meetings/${meeting(3)}/attendance`, { present: ['rossi', 'bianchi'] }).expect(201);
    const resolved = await post(`/governance/board-meetings/${meeting(3)}/resolutions`, {
      resolutionId: 'cda-2026-03-02-1',
      item: 1,
      text: 'Excludes a member; changes a category',
      votes: [
        { directorId: 'rossi', vote: 'for' },
        { directorId: 'bianchi', vote: 'for' },
      ],
      decides: [
        { kind: 'exclude', memberId: members[2], grounds: 'serious breach of the statute', communicatedOn: '2026-03-02' },
        { kind: 'change-category', memberId: '0f8fad5b-d9cb-469f-a165-70867728950e', to: 'user', changedOn: '2026-03-02' },
      ],
    }).expect(201);
    const trail = await t
      .http()
      .get(`/governance/resolutions/cda-2026-03-02-1?after=${resolved.body.position}`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(trail.body.decisions).toEqual([
      expect.objectContaining({ index: 0, status: 'done' }),
      expect.objectContaining({ index: 1, status: 'refused', rule: 'NOT_FOUND' }),
    ]);
    expect(trail.body.caused.map((e: { type: string }) => e.type)).toEqual(['MemberExcluded', 'MembershipEnded']);
  });
});
