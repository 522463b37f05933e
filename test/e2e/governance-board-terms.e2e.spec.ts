import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** The board in office, as the board screen reads it: each term, its directors by name and role. */
describe('GET /governance/board', () => {
  let t: TestApp;
  let secretary: string;

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) => t.http().post(path).set(bearer(secretary)).send(body);

  it('answers no term before an election, then the elected board with names, roles and term', async () => {
    expect((await t.http().get('/governance/board').set(bearer(secretary)).expect(200)).body).toEqual({ terms: [] });
    const members: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { applicationId } = (await post('/membership/applications', { ...applicant(i), appliedOn: '2026-01-10' }).expect(201))
        .body;
      members.push(
        (
          await post(`/membership/applications/${applicationId}/admission`, {
            boardResolutionId: 'cda-2026-01-20-1',
            admittedOn: '2026-01-20',
          }).expect(201)
        ).body.memberId,
      );
    }
    const elected = await post('/governance/board', {
      electedOn: '2026-02-01',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2026-1',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: members[0], role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi', memberId: members[1], role: 'director' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
      ],
    }).expect(201);
    const board = await t.http().get(`/governance/board?after=${elected.body.position}`).set(bearer(secretary)).expect(200);
    expect(board.body).toEqual({
      terms: [
        {
          electedOn: '2026-02-01',
          termEndsOn: '2028-12-31',
          directors: [
            { directorId: 'rossi', name: 'Maria Rossi', role: 'president', memberId: members[0] },
            { directorId: 'bianchi', name: 'Luca Bianchi', role: 'director', memberId: members[1] },
            { directorId: 'verdi', name: 'Anna Verdi', role: 'director', memberId: null },
          ],
        },
      ],
    });
    await t
      .http()
      .get('/governance/board')
      .set(bearer(await t.keyFor('coordinator')))
      .expect(403);
  });
});
