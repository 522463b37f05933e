import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { boardDecider } from './board.js';
import { boardMeetingDecider, type BoardMeetingCommand } from './board-meeting.js';
import type { Director, GovernanceEvent } from './governance-events.js';

const member = (n: number) => `b0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const director = (id: string, memberId: string | null): Director => ({ directorId: id, name: id, memberId, role: 'director' });
const board = {
  directors: [director('d1', member(1)), director('d2', member(2)), director('d3', null)],
  termEndsOn: '2028-12-31',
};
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
