import { createHash } from 'node:crypto';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import type { Board } from './board.js';
import type { Decision, GovernanceEvent } from './governance-events.js';

export type BoardMeeting =
  | { status: 'none' }
  | {
      status: 'convened' | 'held';
      heldOn: string;
      agenda: string[];
      present: string[];
      inOffice: number;
      quorumReached: boolean;
      resolutions: string[];
    };

export type BoardMeetingCommand =
  | { type: 'ConveneBoardMeeting'; meetingId: string; convenedOn: string; heldOn: string; place: string; agenda: string[] }
  | { type: 'RecordBoardAttendance'; meetingId: string; present: string[]; board: Board }
  | { type: 'DeclareConflictOfInterest'; meetingId: string; item: number; directorId: string; interest: string }
  | {
      type: 'ResolveOnItem';
      meetingId: string;
      resolutionId: string;
      item: number;
      text: string;
      votes: Array<{ directorId: string; vote: 'for' | 'against' | 'abstain' }>;
      decides: Decision[];
    }
  | { type: 'ApproveBoardMinutes'; meetingId: string; president: string; secretary: string; minutesText: string };

const QUORUM = 'c.c. art. 2388 c. 1';
const MAJORITY = 'c.c. art. 2388 c. 2';

/** One board meeting: convening, attendance and quorum, conflicts, resolutions. */
export const boardMeetingDecider: Decider<BoardMeetingCommand, BoardMeeting, GovernanceEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'BoardMeetingConvened':
        return {
          status: 'convened',
          heldOn: event.data.heldOn,
          agenda: event.data.agenda,
          present: [],
          inOffice: 0,
          quorumReached: false,
          resolutions: [],
        };
      case 'BoardMeetingHeld':
        return state.status === 'none'
          ? state
          : {
              ...state,
              status: 'held',
              present: event.data.present,
              inOffice: event.data.inOffice,
              quorumReached: event.data.quorumReached,
            };
      case 'BoardResolutionAdopted':
      case 'BoardResolutionRejected':
        return state.status === 'none' ? state : { ...state, resolutions: [...state.resolutions, event.data.resolutionId] };
      default:
        return state;
    }
  },
  decide(command, state, { now }) {
    switch (command.type) {
      case 'ConveneBoardMeeting': {
        if (state.status !== 'none') throw refusal('MEETING_EXISTS', null, 'this meeting was already convened');
        if (command.heldOn < command.convenedOn) throw refusal('DATE_ORDER', null, 'a meeting is held after it is convened');
        const { type: _, ...data } = command;
        return [{ type: 'BoardMeetingConvened', data }];
      }
      case 'RecordBoardAttendance': {
        if (state.status !== 'convened')
          throw refusal('MEETING_NOT_CONVENED', null, 'attendance is recorded once, for a convened meeting');
        if (state.heldOn > businessDate(now)) throw refusal('DATE_IN_FUTURE', null, 'the meeting has not been held yet');
        const inOffice = new Set(command.board.directors.map((d) => d.directorId));
        const stranger = command.present.find((id) => !inOffice.has(id));
        // Directors attend in person: no proxies among directors.
        if (stranger) throw refusal('NOT_A_DIRECTOR', 'c.c. art. 2388', `${stranger} is not a director in office`);
        const present = [...new Set(command.present)];
        return [
          {
            type: 'BoardMeetingHeld',
            data: {
              meetingId: command.meetingId,
              present,
              inOffice: inOffice.size,
              quorumReached: present.length * 2 > inOffice.size,
            },
          },
        ];
      }
      case 'DeclareConflictOfInterest': {
        const held = heldMeeting(state);
        if (!held.present.includes(command.directorId))
          throw refusal('NOT_PRESENT', null, 'only a director present declares an interest');
        onAgenda(held.agenda, command.item);
        const { type: _, ...data } = command;
        return [{ type: 'ConflictOfInterestDeclared', data }];
      }
      case 'ResolveOnItem': {
        const held = heldMeeting(state);
        // G6: without a majority of the directors in office present, the board cannot resolve.
        if (!held.quorumReached)
          throw refusal(
            'G6',
            QUORUM,
            `${held.present.length} of ${held.inOffice} directors present: no quorum, the board cannot resolve`,
          );
        onAgenda(held.agenda, command.item);
        if (held.resolutions.includes(command.resolutionId))
          throw refusal('RESOLUTION_EXISTS', null, `resolution ${command.resolutionId} exists`);
        const voters = new Set<string>();
        for (const { directorId } of command.votes) {
          if (!held.present.includes(directorId))
            throw refusal('NOT_PRESENT', MAJORITY, `${directorId} is not present and cannot vote`);
          if (voters.has(directorId)) throw refusal('DOUBLE_VOTE', null, `${directorId} voted twice`);
          voters.add(directorId);
        }
        const count = (vote: string) => command.votes.filter((v) => v.vote === vote).length;
        const tally = { for: count('for'), against: count('against'), abstain: count('abstain'), present: held.present.length };
        // Adopted by the majority of the directors present (c.c. art. 2388 c. 2).
        const adopted = tally.for * 2 > tally.present;
        const data = {
          meetingId: command.meetingId,
          resolutionId: command.resolutionId,
          decidedOn: held.heldOn,
          item: command.item,
          text: command.text,
          votes: command.votes,
          tally,
          majorityRule: `majority of the directors present (${MAJORITY})`,
          decides: command.decides,
        };
        return [adopted ? { type: 'BoardResolutionAdopted', data } : { type: 'BoardResolutionRejected', data }];
      }
      case 'ApproveBoardMinutes':
        return approveMinutes(state, command);
    }
  },
};

function approveMinutes(
  state: BoardMeeting,
  command: Extract<BoardMeetingCommand, { type: 'ApproveBoardMinutes' }>,
): GovernanceEvent[] {
  heldMeeting(state);
  const minutesSha256 = createHash('sha256').update(command.minutesText).digest('hex');
  return [
    {
      type: 'BoardMinutesApproved',
      data: { meetingId: command.meetingId, president: command.president, secretary: command.secretary, minutesSha256 },
    },
  ];
}

function heldMeeting(state: BoardMeeting) {
  if (state.status !== 'held') throw refusal('MEETING_NOT_HELD', null, 'record the attendance first');
  return state;
}

function onAgenda(agenda: string[], item: number): void {
  if (item < 1 || item > agenda.length)
    throw refusal('OFF_AGENDA', QUORUM, `item ${item} is not on the agenda (1–${agenda.length})`);
}
