import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { boardDecider } from './board.js';
import { boardMeetingDecider, type BoardMeetingCommand } from './board-meeting.js';
import type { Director, GovernanceEvent } from './governance-events.js';
import { expectConflict, expectInvalidField } from '../../../test/support/governance-errors.js';
import type { Board } from './board.js';

const member = (n: number) => `b0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const director = (id: string, memberId: string | null): Director => ({
  directorId: id,
  person: { subject: memberId ?? `director-${id}`, scheme: 'none', fields: { name: id } },
  memberId,
  role: 'director',
});
const directors = [director('d1', member(1)), director('d2', member(2)), director('d3', null)];
const board: Board = {
  directors,
  termEndsOn: '2028-12-31',
  terms: [{ electedOn: '2026-01-15', termEndsOn: '2028-12-31', directors }],
};
const noBoard: Board = { directors: [], termEndsOn: null, terms: [] };
const meetingId = '9a000000-0000-4000-8000-000000000001';
const convened: GovernanceEvent = {
  type: 'BoardMeetingConvened',
  data: { meetingId, convenedOn: '2026-02-20', heldOn: '2026-03-01', place: 'sede', agenda: ['admissions', 'budget'] },
};
const held = (present: string[]): GovernanceEvent => ({
  type: 'BoardMeetingHeld',
  data: { meetingId, present, inOffice: 3, quorumReached: present.length * 2 > 3 },
});
const resolve = (votes: Array<[string, 'for' | 'against' | 'abstain']>, item = 1): BoardMeetingCommand => ({
  type: 'ResolveOnItem',
  meetingId,
  resolutionId: 'cda-2026-03-01-1',
  item,
  text: 'admits the applications listed',
  votes: votes.map(([directorId, vote]) => ({ directorId, vote })),
  decides: [],
});

describe('G6: the board', () => {
  const elect = (directors: Director[]) => ({
    type: 'ElectBoard' as const,
    electedOn: '2026-01-15',
    termEndsOn: '2028-12-31',
    assemblyResolutionId: 'ass-2026-1',
    directors,
    activeMembers: new Set([member(1), member(2)]),
  });

  it('is elected when the majority of its directors are members', () =>
    expect(given(boardDecider).when(elect(board.directors)).events()).toHaveLength(1));

  it('G6 refuses a board whose directors are not mostly members', () =>
    given(boardDecider)
      .when(elect([director('d1', member(1)), director('d2', null), director('d3', member(9))]))
      .thenRefuses('G6', 'c.c. art. 2542 c. 2'));
});

describe('G6: a board meeting', () => {
  it('records attendance and whether a majority of the directors in office is present', () =>
    given(boardMeetingDecider, [convened])
      .when({ type: 'RecordBoardAttendance', meetingId, present: ['d1', 'd2'], board })
      .then([held(['d1', 'd2'])]));

  it('refuses attendance of someone who is not a director in office (no proxies among directors)', () =>
    given(boardMeetingDecider, [convened])
      .when({ type: 'RecordBoardAttendance', meetingId, present: ['d1', 'proxy-of-d2'], board })
      .thenRefuses('NOT_A_DIRECTOR'));

  it('G6 a meeting without a majority of directors cannot resolve', () =>
    given(boardMeetingDecider, [convened, held(['d1'])])
      .when(resolve([['d1', 'for']]))
      .thenRefuses('G6', 'c.c. art. 2388 c. 1'));

  it('adopts by the majority of the directors present', () => {
    const [event] = given(boardMeetingDecider, [convened, held(['d1', 'd2', 'd3'])])
      .when(
        resolve([
          ['d1', 'for'],
          ['d2', 'for'],
          ['d3', 'against'],
        ]),
      )
      .events();
    expect(event).toMatchObject({
      type: 'BoardResolutionAdopted',
      data: { tally: { for: 2, against: 1, abstain: 0, present: 3 }, decidedOn: '2026-03-01' },
    });
  });

  it('rejects when those in favour are not a majority of those present (abstentions count as present)', () => {
    const [event] = given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
      .when(
        resolve([
          ['d1', 'for'],
          ['d2', 'abstain'],
        ]),
      )
      .events();
    expect(event!.type).toBe('BoardResolutionRejected');
  });

  it('refuses a resolution on an item off the agenda, and a vote from an absent director', () => {
    given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
      .when(resolve([['d1', 'for']], 3))
      .thenRefuses('OFF_AGENDA');
    given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
      .when(resolve([['d3', 'for']]))
      .thenRefuses('NOT_PRESENT');
  });
});

describe('G6: a board meeting needs a board in office on its date', () => {
  const convene = (heldOn: string, withBoard: Board): BoardMeetingCommand => ({
    type: 'ConveneBoardMeeting',
    meetingId,
    convenedOn: '2026-02-20',
    heldOn,
    place: 'sede',
    agenda: ['admissions'],
    board: withBoard,
  });

  it('convenes a meeting of the board in office', () =>
    given(boardMeetingDecider)
      .when(convene('2026-03-01', board))
      .then([
        {
          type: 'BoardMeetingConvened',
          data: { meetingId, convenedOn: '2026-02-20', heldOn: '2026-03-01', place: 'sede', agenda: ['admissions'] },
        },
      ]));

  it('G6 refuses to convene a meeting when no board is recorded', () =>
    given(boardMeetingDecider).when(convene('2026-03-01', noBoard)).thenRefuses('G6', 'c.c. art. 2383 c. 2, art. 2388 c. 1'));

  it('G6 refuses a meeting after the board’s term, or before its election', () => {
    given(boardMeetingDecider).when(convene('2029-01-10', board)).thenRefuses('G6', 'c.c. art. 2383 c. 2, art. 2388 c. 1');
    given(boardMeetingDecider)
      .when({ ...convene('2026-01-10', board), convenedOn: '2026-01-05' } as BoardMeetingCommand)
      .thenRefuses('G6', 'c.c. art. 2383 c. 2, art. 2388 c. 1');
  });

  it('G6 counts the quorum on the directors in office on the meeting’s date, not on a board elected since', () => {
    const later = [director('d1', member(1)), director('d4', member(4)), director('d5', member(5)), director('d6', null)];
    const reelected: Board = {
      directors: later,
      termEndsOn: '2031-12-31',
      terms: [...board.terms, { electedOn: '2026-06-01', termEndsOn: '2031-12-31', directors: later }],
    };
    given(boardMeetingDecider, [convened])
      .when({ type: 'RecordBoardAttendance', meetingId, present: ['d1', 'd2'], board: reelected })
      .then([held(['d1', 'd2'])]);
  });
});

describe('G6: a director’s interest (c.c. art. 2391)', () => {
  const conflict: GovernanceEvent = {
    type: 'ConflictOfInterestDeclared',
    data: { meetingId, item: 1, directorId: 'd2', interest: 'the applicant is d2’s brother' },
  };
  const votes: Array<[string, 'for' | 'against' | 'abstain']> = [
    ['d1', 'for'],
    ['d2', 'abstain'],
    ['d3', 'for'],
  ];

  it('G6 refuses a resolution on an item with a declared interest that states no reasons', () =>
    given(boardMeetingDecider, [convened, held(['d1', 'd2', 'd3']), conflict])
      .when(resolve(votes))
      .thenRefuses('G6', 'c.c. art. 2391 c. 2'));

  it('G6 refuses blank reasons as no reasons', () =>
    given(boardMeetingDecider, [convened, held(['d1', 'd2', 'd3']), conflict])
      .when({ ...resolve(votes), reasons: '   ' } as BoardMeetingCommand)
      .thenRefuses('G6', 'c.c. art. 2391 c. 2'));

  it('records the reasons and the interested director’s vote', () => {
    const [event] = given(boardMeetingDecider, [convened, held(['d1', 'd2', 'd3']), conflict])
      .when({ ...resolve(votes), reasons: 'the applicant meets every requirement of the statute' } as BoardMeetingCommand)
      .events();
    expect(event).toMatchObject({
      type: 'BoardResolutionAdopted',
      data: {
        reasons: 'the applicant meets every requirement of the statute',
        votes: expect.arrayContaining([{ directorId: 'd2', vote: 'abstain' }]),
      },
    });
  });

  it('needs no reasons on another item', () =>
    expect(
      given(boardMeetingDecider, [convened, held(['d1', 'd2', 'd3']), conflict])
        .when(resolve(votes, 2))
        .events(),
    ).toHaveLength(1));
});

describe('errors that are not rules of law', () => {
  it('a second convening, attendance recorded twice, a resolution id reused: conflicts with the record (409)', () => {
    const withBoard = { ...convened.data, type: 'ConveneBoardMeeting', board } as BoardMeetingCommand;
    expectConflict(() => given(boardMeetingDecider, [convened]).when(withBoard).events(), 'MEETING_EXISTS');
    expectConflict(
      () =>
        given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
          .when({ type: 'RecordBoardAttendance', meetingId, present: ['d1'], board })
          .events(),
      'MEETING_NOT_CONVENED',
    );
    const adopted = given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
      .when(resolve([['d1', 'for']]))
      .events();
    expectConflict(
      () =>
        given(boardMeetingDecider, [convened, held(['d1', 'd2']), ...adopted])
          .when(resolve([['d1', 'for']]))
          .events(),
      'RESOLUTION_EXISTS',
    );
    expectConflict(
      () =>
        given(boardMeetingDecider, [convened])
          .when(resolve([['d1', 'for']]))
          .events(),
      'MEETING_NOT_HELD',
    );
  });

  it('a director listed twice, a meeting before its convening, an election after today: the field (400)', () => {
    expectInvalidField(
      () =>
        given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
          .when(
            resolve([
              ['d1', 'for'],
              ['d1', 'for'],
            ]),
          )
          .events(),
      'votes.1.directorId',
      'DOUBLE_VOTE',
    );
    expectInvalidField(
      () =>
        given(boardMeetingDecider)
          .when({ ...convened.data, type: 'ConveneBoardMeeting', heldOn: '2026-02-01', board } as BoardMeetingCommand)
          .events(),
      'heldOn',
      'DATE_ORDER',
    );
    const elect = {
      type: 'ElectBoard' as const,
      electedOn: '2026-01-15',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2026-1',
      directors,
      activeMembers: new Set([member(1), member(2)]),
    };
    expectInvalidField(
      () =>
        given(boardDecider)
          .when({ ...elect, electedOn: '2026-04-01' })
          .events(),
      'electedOn',
      'DATE_IN_FUTURE',
    );
    expectInvalidField(
      () =>
        given(boardDecider)
          .when({ ...elect, termEndsOn: '2026-01-15' })
          .events(),
      'termEndsOn',
      'DATE_ORDER',
    );
    expectInvalidField(
      () =>
        given(boardDecider)
          .when({ ...elect, directors: [...directors, directors[0]!] })
          .events(),
      'directors.3.directorId',
      'DUPLICATE_DIRECTOR',
    );
  });

  it('OFF_AGENDA rests on the agenda the president sets (c.c. art. 2381 c. 1)', () =>
    given(boardMeetingDecider, [convened, held(['d1', 'd2'])])
      .when(resolve([['d1', 'for']], 3))
      .thenRefuses('OFF_AGENDA', 'c.c. art. 2381 c. 1'));
});
