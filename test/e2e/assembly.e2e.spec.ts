import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

describe('an assembly over HTTP: notice, voters, proxies, quorum, votes, minutes', () => {
  let t: TestApp;
  let key: string;
  const members: string[] = [];
  const others: string[] = [];
  const assembly = 'aa000000-0000-4000-8000-0000000000a1';

  beforeAll(async () => {
    t = await startTestApp();
    key = await t.keyFor('secretary');
    const admittedOn = ['2025-11-01', '2025-11-01', '2025-11-01', '2025-11-01', '2026-01-15'];
    for (const [n, date] of admittedOn.entries()) {
      const applied = await post('/membership/applications', { ...applicant(n), appliedOn: '2025-10-01' }).expect(201);
      members.push(
        (
          await post(`/membership/applications/${applied.body.applicationId}/admission`, {
            boardResolutionId: 'cda-1',
            admittedOn: date,
          }).expect(201)
        ).body.memberId,
      );
    }
    // Thirteen more, for the proxies; admitted before the board is on the system (after it,
    // only its resolutions admit).
    for (let n = 100; n < 113; n++) {
      const applied = await post('/membership/applications', { ...applicant(n), appliedOn: '2025-10-01' }).expect(201);
      others.push(
        (
          await post(`/membership/applications/${applied.body.applicationId}/admission`, {
            boardResolutionId: 'cda-2',
            admittedOn: '2025-12-15',
          }).expect(201)
        ).body.memberId,
      );
    }
    await post('/governance/board', {
      electedOn: '2025-12-01',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2025-2',
      directors: [
        { directorId: 'd1', name: 'D1', memberId: members[0], role: 'president' },
        { directorId: 'd2', name: 'D2', memberId: members[1], role: 'director' },
        { directorId: 'd3', name: 'D3', memberId: null, role: 'director' },
      ],
    }).expect(201);
  });
  afterAll(() => t.close());

  function post(path: string, body: object) {
    return t.http().post(path).set(bearer(key)).send(body);
  }
  const at = (path: string, body: object) => post(`/governance/assemblies/${assembly}${path}`, body);

  it('runs an ordinary assembly on the first call', async () => {
    const late = await post(`/governance/assemblies/${assembly}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-02-27', place: 'sede' },
      secondCall: { date: '2026-02-28', place: 'sede' },
      agenda: ['financial statements 2025'],
      noticeSentOn: '2026-02-22',
    }).expect(422);
    expect(late.body).toMatchObject({ rule: 'G5' });
    await post(`/governance/assemblies/${assembly}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-02-27', place: 'sede' },
      secondCall: { date: '2026-02-28', place: 'sede' },
      agenda: ['financial statements 2025'],
      noticeSentOn: '2026-02-10',
    }).expect(201);

    const voters = (await t.http().get(`/governance/assemblies/${assembly}/voters`).set(bearer(key)).expect(200)).body.voters;
    expect(voters.slice(0, 5).map((v: { votes: number }) => v.votes)).toEqual([1, 1, 1, 1, 0]);
    expect(voters[4].reason).toContain('G2');
    expect(voters[0]).toMatchObject({ name: 'Rossi Person 0', memberNumber: 1 });

    expect((await at('/proxies', { grantor: members[2], holder: members[0] }).expect(422)).body.rule).toBe('G3');
    await at('/proxies', { grantor: members[2], holder: members[3] }).expect(201);
    await at('/attendance', { memberId: members[1] }).expect(201);
    await at('/attendance', { memberId: members[3] }).expect(201);
    const opened = await at('/opening', { call: 'first' }).expect(201);
    expect(opened.body.events[0].type).toBe('AssemblyOpened');

    expect((await at('/motions', { motionId: 'm9', item: 2, text: 'off the agenda' }).expect(422)).body.rule).toBe('G5');
    await at('/motions', { motionId: 'm1', item: 1, text: 'The assembly approves the financial statements 2025' }).expect(201);
    await at('/votes', { motionId: 'm1', memberId: members[1], vote: 'for' }).expect(201);
    await at('/votes', { motionId: 'm1', memberId: members[2], vote: 'for' }).expect(201);
    await at('/votes', { motionId: 'm1', memberId: members[3], vote: 'against' }).expect(201);
    expect((await at('/votes', { motionId: 'm1', memberId: members[4], vote: 'for' }).expect(422)).body.rule).toBe('G2');
    expect((await at('/votes', { motionId: 'm1', memberId: members[1], vote: 'against' }).expect(422)).body.rule).toBe('G1');
    const result = await at('/results', { motionId: 'm1', resolutionId: 'ass-2026-1-1' }).expect(201);
    expect(result.body.events[0].type).toBe('ResolutionAdopted');
    const view = await t
      .http()
      .get(`/governance/assemblies/${assembly}?after=${result.body.position}`)
      .set(bearer(key))
      .expect(200);
    expect(view.body.motions[0]).toMatchObject({ state: 'adopted', majorityRule: expect.stringMatching(/.+/) });
    expect(view.body.motions[0].votes).toEqual([
      { memberId: members[1], name: 'Rossi Person 1', vote: 'for', weight: 1, byProxy: false, castBy: members[1] },
      { memberId: members[2], name: 'Rossi Person 2', vote: 'for', weight: 1, byProxy: true, castBy: members[3] },
      { memberId: members[3], name: 'Rossi Person 3', vote: 'against', weight: 1, byProxy: false, castBy: members[3] },
    ]);
    await at('/closing', { closedOn: '2026-02-27' }).expect(201);
    const minutes = await at('/minutes', {
      president: 'D1',
      secretary: 'D2',
      minutesText: 'Verbale dell’assemblea del 27 febbraio 2026',
    }).expect(201);
    const stored = await t.runtime.events.readStream(minutes.body.stream, {
      fromRevision: BigInt(minutes.body.revision),
      maxCount: 1,
    });
    for await (const event of stored)
      expect(event.data).toMatchObject({
        minutesSha256: createHash('sha256').update('Verbale dell’assemblea del 27 febbraio 2026').digest('hex'),
      });
  });

  it('writes both books of minutes, as JSON and printable HTML, and the participation report', async () => {
    const book = (await t.http().get('/governance/books/assemblies').set(bearer(key)).expect(200)).body.assemblies;
    expect(book[0]).toMatchObject({
      _id: assembly,
      opening: { quorumReached: true },
      motions: [{ outcome: { adopted: true, tally: { for: 2, against: 1 } } }],
    });
    expect(book[0].motions[0].votes.find((v: { byProxy: boolean }) => v.byProxy)).toMatchObject({
      memberId: members[2],
      castBy: members[3],
    });
    const html = await t.http().get('/governance/books/assemblies?format=html').set(bearer(key)).expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('Libro delle adunanze e delle deliberazioni delle assemblee');
    expect(html.text).toContain('page-break-after');
    expect(html.text).toContain('Rossi Person 3 (socio n. 4)');
    const board = await t.http().get('/governance/books/board?format=html').set(bearer(key)).expect(200);
    expect(board.text).toContain('consiglio di amministrazione');
    const participation = (await t.http().get('/governance/reports/participation').set(bearer(key)).expect(200)).body;
    expect(participation[0]).toMatchObject({
      votesPresent: 3,
      totalVotes: 4,
      byCategory: { worker: { present: 2, represented: 1, votes: 3 } },
    });
  });

  it('once the board is on the system, only its resolutions admit (G7)', async () => {
    const applied = await post('/membership/applications', { ...applicant(200), appliedOn: '2026-02-01' }).expect(201);
    const refused = await post(`/membership/applications/${applied.body.applicationId}/admission`, {
      boardResolutionId: 'cda-9',
      admittedOn: '2026-02-02',
    }).expect(422);
    expect(refused.body).toMatchObject({ rule: 'G7' });
  });

  it('G3 holds the proxy limit under concurrent requests', async () => {
    const second = 'aa000000-0000-4000-8000-0000000000a2';
    const voters = others;
    await post(`/governance/assemblies/${second}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-03-20', place: 'sede' },
      agenda: ['x'],
      noticeSentOn: '2026-03-02',
    }).expect(201);
    const holder = voters[0];
    const answers = await Promise.all(
      voters.slice(1).map((grantor) => post(`/governance/assemblies/${second}/proxies`, { grantor, holder })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 422).map((a) => a.body.rule)).toEqual(['G3', 'G3']);
  });

  it('G7 an assembly resolution decides an appeal (M3), and its trail shows the votes and the caused event', async () => {
    const applicationId = (await post('/membership/applications', { ...applicant(300), appliedOn: '2026-02-01' }).expect(201))
      .body.applicationId;
    const boardMeeting = '9b000000-0000-4000-8000-0000000000b1';
    await post(`/governance/board-meetings/${boardMeeting}`, {
      convenedOn: '2026-02-10',
      heldOn: '2026-02-18',
      place: 'sede',
      agenda: ['admissions'],
    }).expect(201);
    await post(`/governance/board-meetings/${boardMeeting}/attendance`, { present: ['d1', 'd2'] }).expect(201);
    await post(`/governance/board-meetings/${boardMeeting}/resolutions`, {
      resolutionId: 'cda-2026-02-18-1',
      item: 1,
      text: 'Rejects the application',
      votes: [
        { directorId: 'd1', vote: 'for' },
        { directorId: 'd2', vote: 'for' },
      ],
      decides: [{ kind: 'reject', applicationId, reasons: 'requisites not met', communicatedOn: '2026-02-20' }],
    }).expect(201);
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(
      async () => (await t.http().get(`/membership/applications/${applicationId}`).set(bearer(key))).body.status === 'rejected',
    );
    await post(`/membership/applications/${applicationId}/appeal`, { appealedOn: '2026-02-25' }).expect(201);

    const third = 'aa000000-0000-4000-8000-0000000000a3';
    const here = (path: string, body: object) => post(`/governance/assemblies/${third}${path}`, body);
    await post(`/governance/assemblies/${third}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-03-01', place: 'sede' },
      agenda: ['appeals'],
      noticeSentOn: '2026-02-15',
    }).expect(201);
    await here('/attendance', { memberId: members[1] }).expect(201);
    await here('/attendance', { memberId: members[3] }).expect(201);
    await here('/opening', { call: 'first' }).expect(201);
    await here('/motions', {
      motionId: 'appeal-1',
      item: 1,
      text: 'The assembly upholds the appeal',
      decides: [{ kind: 'decide-appeal', applicationId, outcome: 'upheld' }],
    }).expect(201);
    await here('/votes', { motionId: 'appeal-1', memberId: members[1], vote: 'for' }).expect(201);
    await here('/votes', { motionId: 'appeal-1', memberId: members[3], vote: 'for' }).expect(201);
    const adopted = await here('/results', { motionId: 'appeal-1', resolutionId: 'ass-2026-03-01-1' }).expect(201);

    // With the resolution's position the trail waits for the process manager carrying it out.
    const trail: { body: Record<string, any> } = await t
      .http()
      .get(`/governance/resolutions/ass-2026-03-01-1?after=${adopted.body.position}`)
      .set(bearer(key))
      .expect(200);
    expect(trail.body).toMatchObject({
      body: 'assembly',
      outcome: 'adopted',
      assembly: { assemblyId: third, noticeSentOn: '2026-02-15', opening: { quorumReached: true } },
      motion: {
        votes: [
          { memberId: members[1], name: 'Rossi Person 1' },
          { memberId: members[3], name: 'Rossi Person 3' },
        ],
      },
      decisions: [{ status: 'done' }],
      caused: [{ type: 'AdmissionAppealDecided' }],
    });
    const application = await t
      .http()
      .get(`/membership/applications/${applicationId}?after=${adopted.body.position}`)
      .set(bearer(key))
      .expect(200);
    expect(application.body.status).toBe('appeal-upheld');
  });
});

describe('auditors replay the books of minutes as of a date', () => {
  it('rebuilds the assemblies, board and admissions books from the events alone', async () => {
    const t = await startTestApp();
    try {
      const key = await t.keyFor('secretary');
      const post = (path: string, body: object) => t.http().post(path).set(bearer(key)).send(body);
      const applied = await post('/membership/applications', { ...applicant(1), appliedOn: '2026-01-10' }).expect(201);
      await post(`/membership/applications/${applied.body.applicationId}/admission`, {
        boardResolutionId: 'cda-1',
        admittedOn: '2026-01-20',
      }).expect(201);
      const assemblyId = 'aa000000-0000-4000-8000-0000000000b9';
      await post(`/governance/assemblies/${assemblyId}`, {
        kind: 'ordinary',
        firstCall: { date: '2026-03-01', place: 'sede' },
        agenda: ['x'],
        noticeSentOn: '2026-02-15',
      }).expect(201);
      const { replayBook } = await import('../../src/audit/book-replay.js');
      expect(await replayBook(t.runtime.events, 'assemblies', '2026-03-02')).toMatchObject({
        assemblies: [{ _id: assemblyId, noticeSentOn: '2026-02-15' }],
      });
      // By business date: the assembly is in the book from its day, not from the day it was recorded.
      expect(await replayBook(t.runtime.events, 'assemblies', '2026-03-01')).toMatchObject({
        assemblies: [{ _id: assemblyId }],
      });
      expect(await replayBook(t.runtime.events, 'assemblies', '2026-02-28')).toMatchObject({ assemblies: [] });
      expect(await replayBook(t.runtime.events, 'admissions', '2026-03-02')).toMatchObject({
        year: 2026,
        admissions: [{ memberNumber: 1, admittedOn: '2026-01-20' }],
      });
      expect(await replayBook(t.runtime.events, 'board', '2026-03-02')).toMatchObject({ meetings: [] });
      const { eventLog } = await import('../../src/audit/book-replay.js');
      const log = [];
      for await (const line of eventLog(t.runtime.events, '2026-03-02')) log.push(line);
      expect(log.find((l) => l.type === 'AssemblyConvened')).toMatchObject({
        actor: { role: 'secretary' },
        commandId: expect.any(String),
        correlationId: expect.any(String),
        hash: expect.any(String),
      });
    } finally {
      await t.close();
    }
  });
});
