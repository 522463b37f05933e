import { exhaustive } from '../../platform/commands/exhaustive.js';
import { createHash } from 'node:crypto';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import { boardOn, type Board } from './board.js';
import type { Decision, GovernanceEvent, Signatories } from './governance-events.js';

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
      /** Directors' interests declared, by agenda item (c.c. art. 2391 c. 1). */
      conflicts: Array<{ item: number; directorId: string }>;
    };

export type BoardMeetingCommand =
  | {
      type: 'ConveneBoardMeeting';
      meetingId: string;
      convenedOn: string;
      heldOn: string;
      place: string;
      agenda: string[];
      /** The boards elected so far (G6: one must be in office on the meeting's date). */
      board: Board;
    }
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
      /** Why the operation is in the cooperative's interest: required where a director declared an interest (c.c. art. 2391 c. 2). */
      reasons?: string | null;
    }
  | { type: 'ApproveBoardMinutes'; meetingId: string; signatories: Signatories; minutesText: string };

const QUORUM = 'c.c. art. 2388 c. 1';
const MAJORITY = 'c.c. art. 2388 c. 2';
const IN_OFFICE = 'c.c. art. 2383 c. 2, art. 2388 c. 1';
const INTEREST = 'c.c. art. 2391 c. 2';
const AGENDA = 'c.c. art. 2381 c. 1';

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
          conflicts: [],
        };
      case 'ConflictOfInterestDeclared':
        return state.status === 'none'
          ? state
          : { ...state, conflicts: [...state.conflicts, { item: event.data.item, directorId: event.data.directorId }] };
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
      case 'ConveneBoardMeeting':
        return conveneBoardMeeting(command, state, now);
      case 'RecordBoardAttendance':
        return recordBoardAttendance(command, state, now);
      case 'DeclareConflictOfInterest':
        return declareConflictOfInterest(command, state, now);
      case 'ResolveOnItem':
        return resolveOnItem(command, state, now);
      case 'ApproveBoardMinutes':
        return approveBoardMinutes(command, state, now);
      default:
        return exhaustive(command);
    }
  },
};

function conveneBoardMeeting(
  command: Extract<BoardMeetingCommand, { type: 'ConveneBoardMeeting' }>,
  state: BoardMeeting,
  now: Date,
): GovernanceEvent[] {
  if (state.status !== 'none') throw stateConflict('MEETING_EXISTS', 'this meeting was already convened');
  if (command.heldOn < command.convenedOn) throw invalidField('heldOn', 'DATE_ORDER', 'a meeting is held after it is convened');
  // G6: only a board in office meets: none elected yet, or its term over on the meeting's date, and there is no board.
  if (!boardOn(command.board, command.heldOn))
    throw refusal(
      'G6',
      IN_OFFICE,
      command.board.terms.length === 0
        ? 'no board is recorded: a board meeting needs a board in office'
        : `no board is in office on ${command.heldOn}`,
    );
  const { type: _, board: __, ...data } = command;
  return [{ type: 'BoardMeetingConvened', data }];
}

function recordBoardAttendance(
  command: Extract<BoardMeetingCommand, { type: 'RecordBoardAttendance' }>,
  state: BoardMeeting,
  now: Date,
): GovernanceEvent[] {
  if (state.status !== 'convened')
    throw stateConflict('MEETING_NOT_CONVENED', 'attendance is recorded once, for a convened meeting');
  if (state.heldOn > businessDate(now))
    throw stateConflict('DATE_IN_FUTURE', `the meeting, on ${state.heldOn}, has not been held yet`);
  // The directors in office on the meeting's date, not those elected since.
  const term = boardOn(command.board, state.heldOn);
  if (!term) throw refusal('G6', IN_OFFICE, `no board is in office on ${state.heldOn}`);
  const inOffice = new Set(term.directors.map((d) => d.directorId));
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

function declareConflictOfInterest(
  command: Extract<BoardMeetingCommand, { type: 'DeclareConflictOfInterest' }>,
  state: BoardMeeting,
  now: Date,
): GovernanceEvent[] {
  const held = heldMeeting(state);
  if (!held.present.includes(command.directorId))
    throw stateConflict('NOT_PRESENT', 'only a director recorded as present declares an interest at the meeting');
  onAgenda(held.agenda, command.item);
  const { type: _, ...data } = command;
  return [{ type: 'ConflictOfInterestDeclared', data }];
}

function resolveOnItem(
  command: Extract<BoardMeetingCommand, { type: 'ResolveOnItem' }>,
  state: BoardMeeting,
  now: Date,
): GovernanceEvent[] {
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
    throw stateConflict('RESOLUTION_EXISTS', `resolution ${command.resolutionId} exists`);
  const voters = new Set<string>();
  command.votes.forEach(({ directorId }, index) => {
    if (!held.present.includes(directorId))
      throw refusal('NOT_PRESENT', MAJORITY, `${directorId} is not present and cannot vote`);
    if (voters.has(directorId))
      throw invalidField(`votes.${index}.directorId`, 'DOUBLE_VOTE', `${directorId} is listed twice: one vote each`);
    voters.add(directorId);
  });
  // G6: where a director declared an interest in the item, the resolution states why it serves the cooperative.
  const interested = held.conflicts.filter((c) => c.item === command.item);
  const reasons = command.reasons?.trim() || null;
  if (interested.length > 0 && !reasons)
    throw refusal(
      'G6',
      INTEREST,
      `${interested.map((c) => c.directorId).join(', ')} declared an interest in item ${command.item}: the resolution must state its reasons (why the operation is in the cooperative's interest)`,
    );
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
    ...(reasons ? { reasons } : {}),
  };
  return [adopted ? { type: 'BoardResolutionAdopted', data } : { type: 'BoardResolutionRejected', data }];
}

function approveBoardMinutes(
  command: Extract<BoardMeetingCommand, { type: 'ApproveBoardMinutes' }>,
  state: BoardMeeting,
  now: Date,
): GovernanceEvent[] {
  return approveMinutes(state, command);
}

function approveMinutes(
  state: BoardMeeting,
  command: Extract<BoardMeetingCommand, { type: 'ApproveBoardMinutes' }>,
): GovernanceEvent[] {
  heldMeeting(state);
  const minutesSha256 = createHash('sha256').update(command.minutesText).digest('hex');
  return [
    {
      type: 'BoardMinutesApproved',
      data: { meetingId: command.meetingId, signatories: command.signatories, minutesSha256 },
    },
  ];
}

function heldMeeting(state: BoardMeeting) {
  if (state.status !== 'held') throw stateConflict('MEETING_NOT_HELD', 'record the attendance first');
  return state;
}

function onAgenda(agenda: string[], item: number): void {
  if (item < 1 || item > agenda.length)
    throw refusal('OFF_AGENDA', AGENDA, `item ${item} is not on the agenda (1–${agenda.length})`);
}
