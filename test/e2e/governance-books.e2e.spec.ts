import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readPdf } from '../../src/platform/documents/pdf-inspection.js';
import { collect } from '../support/test-events.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { AssemblyView, BoardMeetingView } from '../../src/governance/http/progress.schemas.js';

/**
 * G4 (second call), the reads of meetings in progress, both books (Italian, by name, by
 * year and date) and the directors' names sealed: erased with the member they are.
 */
describe('governance in progress and its books', () => {
  let t: TestApp;
  let key: string;
  const members: string[] = [];
  const applications: string[] = [];
  const assembly = 'aa000000-0000-4000-8000-0000000000b1';
  const meeting = (n: number) => `9b000000-0000-4000-8000-00000000000${n}`;
  let person = 0;

  const post = (path: string, body: object = {}) => t.http().post(path).set(bearer(key)).send(body);
  const get = (path: string) => t.http().get(path).set(bearer(key));
  const at = (path: string, body: object) => post(`/governance/assemblies/${assembly}${path}`, body);
  const apply = async () =>
    (await post('/membership/applications', { ...applicant(person++), appliedOn: '2025-10-01' }).expect(201)).body
      .applicationId as string;

  beforeAll(async () => {
    t = await startTestApp();
    key = await t.keyFor('secretary');
    for (let i = 0; i < 4; i++) {
      const applicationId = await apply();
      applications.push(applicationId);
      const admitted = await post(`/membership/applications/${applicationId}/admission`, {
        boardResolutionId: 'cda-2025-1',
        admittedOn: '2025-11-01',
      }).expect(201);
      members.push(admitted.body.memberId);
    }
    await post('/governance/board', {
      electedOn: '2025-12-01',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2025-2',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: members[0], role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi', memberId: members[1], role: 'director' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
      ],
    }).expect(201);
  });
  afterAll(() => t.close());

  it('G4 a deserted first call leaves the assembly to its second call, and both calls are in the book', async () => {
    await post(`/governance/assemblies/${assembly}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-02-27', place: 'sede' },
      secondCall: { date: '2026-02-28', place: 'sala civica' },
      agenda: ['bilancio 2025'],
      noticeSentOn: '2026-02-10',
    }).expect(201);
    await at('/attendance', { memberId: members[0] }).expect(201);
    const first = await at('/opening', { call: 'first' }).expect(201);
    expect(first.body.events[0].type).toBe('AssemblyOpened');
    const deserted = (await get(`/governance/assemblies/${assembly}?after=${first.body.position}`).expect(200)).body;
    expect(deserted).toMatchObject({
      status: 'deserted',
      quorum: { reached: false, call: 'first' },
      calls: [{ call: 'first', votesPresent: 1, quorumRequired: 2, quorumReached: false, deserted: true }],
    });

    // A director holds no proxies (G3): the proxy goes to a member who is not one.
    await at('/proxies', { grantor: members[2], holder: members[3] }).expect(201);
    await at('/attendance', { memberId: members[0] }).expect(201);
    await at('/attendance', { memberId: members[3] }).expect(201);
    await at('/opening', { call: 'second' }).expect(201);
    await at('/motions', { motionId: 'm1', item: 1, text: 'L’assemblea approva il bilancio 2025' }).expect(201);
    const voted = await at('/votes', { motionId: 'm1', memberId: members[2], vote: 'for' }).expect(201);

    const view = (await get(`/governance/assemblies/${assembly}?after=${voted.body.position}`).expect(200)).body;
    expect(AssemblyView.safeParse(view).error).toBeUndefined();
    expect(view).toMatchObject({
      status: 'opened',
      quorum: { reached: true, call: 'second' },
      financingWeight: 1,
      calls: [
        { call: 'first', heldOn: '2026-02-27', place: 'sede', deserted: true },
        {
          call: 'second',
          heldOn: '2026-02-28',
          place: 'sala civica',
          deserted: false,
          votesPresent: 3,
          quorumRequired: 1,
          quorumReached: true,
        },
      ],
      motions: [{ motionId: 'm1', state: 'open', votesCast: 1, tally: { for: 1, against: 0, abstain: 0 } }],
    });
    const holder = view.attendance.find(
      (p: { memberId: string; call: string }) => p.memberId === members[3] && p.call === 'second',
    );
    expect(holder).toMatchObject({
      name: 'Rossi Person 3',
      votesInPerson: 1,
      votesByProxy: 1,
      votesHeld: 2,
      proxies: [{ grantor: members[2], name: 'Rossi Person 2', votes: 1 }],
    });
    expect(view.attendance.filter((p: { call: string }) => p.call === 'first')).toHaveLength(1);

    const book = (await get('/governance/books/assemblies').expect(200)).body.assemblies;
    expect(book[0].openings.map((o: { call: string; quorumReached: boolean }) => [o.call, o.quorumReached])).toEqual([
      ['first', false],
      ['second', true],
    ]);
    // c.c. art. 2375: the book names who voted how, and who cast a proxy's vote.
    expect(book[0].motions[0].votes).toEqual([
      expect.objectContaining({
        memberId: members[2],
        vote: 'for',
        name: 'Rossi Person 2',
        memberNumber: 3,
        byProxy: true,
        castBy: members[3],
        castByName: 'Rossi Person 3',
      }),
    ]);
    const html = (await get('/governance/books/assemblies?format=html').expect(200)).text;
    expect(html).toContain('Prima convocazione del 27/02/2026 (sede)');
    expect(html).toContain('<strong>deserta</strong>');
    expect(html).toContain('Aperta in seconda convocazione il 28/02/2026 (sala civica)');
    expect(html).toContain('Presenti in seconda convocazione: Rossi Person 0 (socio n. 1), Rossi Person 3 (socio n. 4)');
  });

  it('answers a clash with the record with 409 and its code, a bad date with 400 on its field, never a 422 without a legal basis', async () => {
    const again = await post(`/governance/assemblies/${assembly}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-03-20', place: 'sede' },
      agenda: ['x'],
      noticeSentOn: '2026-03-01',
    }).expect(409);
    expect(again.body).toMatchObject({ code: 'ASSEMBLY_EXISTS' });
    const reopened = await at('/opening', { call: 'second' }).expect(409);
    expect(reopened.body).toMatchObject({ code: 'ASSEMBLY_ALREADY_OPEN' });
    const other = 'aa000000-0000-4000-8000-0000000000b2';
    const late = await post(`/governance/assemblies/${other}`, {
      kind: 'ordinary',
      firstCall: { date: '2026-03-20', place: 'sede' },
      agenda: ['x'],
      noticeSentOn: '2026-03-05',
    }).expect(400);
    expect(late.body.errors).toEqual([expect.objectContaining({ path: 'body.noticeSentOn', code: 'DATE_IN_FUTURE' })]);
    const twice = await post('/governance/board', {
      electedOn: '2026-03-01',
      termEndsOn: '2029-03-01',
      assemblyResolutionId: 'ass-x',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: members[0], role: 'president' },
        { directorId: 'rossi', name: 'Maria Rossi', memberId: members[0], role: 'director' },
      ],
    }).expect(400);
    expect(twice.body.errors).toEqual([
      expect.objectContaining({ path: 'body.directors.1.directorId', code: 'DUPLICATE_DIRECTOR' }),
    ]);
  });

  it('G4 G6 answers 404 for an assembly or a board meeting that does not exist', async () => {
    await get('/governance/assemblies/aa000000-0000-4000-8000-0000000000ff').expect(404);
    await get(`/governance/board-meetings/${meeting(9)}`).expect(404);
  });

  async function boardMeeting(n: number, convenedOn: string, heldOn: string, admit: string[], conflict = false) {
    await post(`/governance/board-meetings/${meeting(n)}`, { convenedOn, heldOn, place: 'sede', agenda: ['ammissioni'] }).expect(
      201,
    );
    await post(`/governance/board-meetings/${meeting(n)}/attendance`, { present: ['rossi', 'bianchi', 'verdi'] }).expect(201);
    if (conflict)
      await post(`/governance/board-meetings/${meeting(n)}/conflicts`, {
        item: 1,
        directorId: 'verdi',
        interest: 'parente di un richiedente',
      }).expect(201);
    return post(`/governance/board-meetings/${meeting(n)}/resolutions`, {
      resolutionId: `cda-${heldOn}-1`,
      item: 1,
      text: 'Il consiglio delibera sulle domande di ammissione',
      votes: [
        { directorId: 'rossi', vote: 'for' },
        { directorId: 'bianchi', vote: 'for' },
        { directorId: 'verdi', vote: conflict ? 'abstain' : 'for' },
      ],
      decides: admit.map((applicationId) => ({ kind: 'admit', applicationId, admittedOn: heldOn })),
      ...(conflict ? { reasons: 'i richiedenti hanno i requisiti dello statuto' } : {}),
    }).expect(201);
  }

  it('c.c. art. 2421 c. 1 n. 4: keeps the board’s book in Italian, directors by name, with an index, by year and as of a date', async () => {
    const [a, b, c] = [await apply(), await apply(), await apply()];
    await boardMeeting(1, '2025-12-05', '2025-12-10', []);
    await boardMeeting(2, '2026-02-20', '2026-02-25', [a, b], true);
    const last = await boardMeeting(3, '2026-02-26', '2026-03-01', [c]);

    const view = (await get(`/governance/board-meetings/${meeting(2)}?after=${last.body.position}`).expect(200)).body;
    expect(BoardMeetingView.safeParse(view).error).toBeUndefined();
    expect(view).toMatchObject({
      status: 'held',
      quorumReached: true,
      directorsInOffice: [
        { directorId: 'rossi', name: 'Maria Rossi', role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null },
      ],
      present: [{ name: 'Maria Rossi' }, { name: 'Luca Bianchi' }, { name: 'Anna Verdi' }],
      conflicts: [{ directorId: 'verdi', name: 'Anna Verdi', item: 1, interest: 'parente di un richiedente' }],
      resolutions: [
        {
          resolutionId: 'cda-2026-02-25-1',
          outcome: 'adopted',
          reasons: 'i richiedenti hanno i requisiti dello statuto',
          votes: expect.arrayContaining([{ directorId: 'verdi', name: 'Anna Verdi', vote: 'abstain' }]),
        },
      ],
    });

    const html = (await get('/governance/books/board?format=html').expect(200)).text;
    expect(html).toContain('Indice delle riunioni');
    expect(html).toContain(
      'Presenti 3 consiglieri su 3 in carica: Maria Rossi (Presidente), Luca Bianchi (Consigliere), Anna Verdi (Consigliere)',
    );
    expect(html).toContain('Decide: ammissione di 2 nuovi soci.');
    expect(html).toContain('Decide: ammissione di 1 nuovo socio.');
    expect(html).toContain('Interesse del consigliere (c.c. art. 2391) dichiarato da Anna Verdi (Consigliere) sul punto 1');
    expect(html).toContain('Motivazione (c.c. art. 2391 c. 2): i richiedenti hanno i requisiti dello statuto');
    expect(html).toContain('<td>Anna Verdi (Consigliere) (interesse dichiarato)</td><td>astenuto</td>');
    expect(html).toContain('<td>Maria Rossi (Presidente)</td><td>favorevole</td>');
    expect(html).toContain('maggioranza dei consiglieri presenti (c.c. art. 2388 c. 2)');
    expect(html).not.toMatch(/<td>(rossi|bianchi|verdi)<\/td>|majority of|non registrati|\bfor\b/);

    const heldOn = (body: { meetings: Array<{ heldOn: string }> }) => body.meetings.map((m) => m.heldOn);
    expect(heldOn((await get('/governance/books/board?year=2025').expect(200)).body)).toEqual(['2025-12-10']);
    const asOf = (await get('/governance/books/board?asOf=2026-02-26').expect(200)).body;
    expect(heldOn(asOf)).toEqual(['2025-12-10', '2026-02-25']);
    expect(asOf.index).toEqual([
      { meetingId: meeting(1), heldOn: '2025-12-10', resolutions: 1 },
      { meetingId: meeting(2), heldOn: '2026-02-25', resolutions: 1 },
    ]);
    const assemblies = (await get('/governance/books/assemblies?asOf=2026-02-27').expect(200)).body;
    expect(assemblies.assemblies).toEqual([]);
    expect((await get('/governance/books/assemblies?year=2026').expect(200)).body.assemblies).toHaveLength(1);
    await get('/governance/books/board?asOf=2026-13-01').expect(400);
  });

  it('G6 seals the directors’ names, and reads a member director erased with the member', async () => {
    const [elected] = (await collect(t.runtime.events.readStream('board-main'))).filter((e) => e.type === 'BoardElected');
    const stored = JSON.stringify(elected!.data);
    for (const name of ['Maria Rossi', 'Luca Bianchi', 'Anna Verdi']) expect(stored).not.toContain(name);
    expect(elected!.metadata.schemaVersion).toBe(2);

    await post(`/membership/members/${members[1]}/death`, { diedOn: '2026-03-01' }).expect(201);
    const erased = await post(`/membership/applications/${applications[1]}/erasure`).expect(201);
    const view = (await get(`/governance/board-meetings/${meeting(2)}?after=${erased.body.position}`).expect(200)).body;
    expect(view.present).toContainEqual({ directorId: 'bianchi', name: null, personalDataErased: true });
    expect(view.present).toContainEqual({ directorId: 'verdi', name: 'Anna Verdi' });
    const book = (await get('/governance/books/board').expect(200)).body;
    expect(book.meetings[1].resolutions[0].resolution.votes).toContainEqual({
      directorId: 'bianchi',
      vote: 'for',
      name: null,
      personalDataErased: true,
    });
    const html = (await get('/governance/books/board?format=html').expect(200)).text;
    expect(html).not.toContain('Luca Bianchi');
    expect(html).toContain('Maria Rossi (Presidente), [dati cancellati] (Consigliere), Anna Verdi (Consigliere)');
    // The printed book names them the same way, and says the erased one is erased as the register does.
    const printed = (
      await get('/books/board/2026.pdf')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
    const text = (await readPdf(printed)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Maria Rossi (Presidente), dati cancellati (Consigliere), Anna Verdi (Consigliere)');
    expect(text).toContain('Riunione del consiglio di amministrazione del 25/02/2026');
    expect(text).not.toContain('Luca Bianchi');
  });
});
