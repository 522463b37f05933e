import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import type { Director, GovernanceEvent } from './governance-events.js';

export type Board = { directors: Director[]; termEndsOn: string | null };

export type BoardCommand = {
  type: 'ElectBoard';
  electedOn: string;
  termEndsOn: string;
  assemblyResolutionId: string;
  directors: Director[];
  /** Governance's own view of who is an active member on the election date. */
  activeMembers: ReadonlySet<string>;
};

/** The board in office, in the `board-main` stream. */
export const boardDecider: Decider<BoardCommand, Board, GovernanceEvent> = {
  initialState: () => ({ directors: [], termEndsOn: null }),
  evolve: (state, event) =>
    event.type === 'BoardElected' ? { directors: event.data.directors, termEndsOn: event.data.termEndsOn } : state,
  decide(command, _state, { now }) {
    if (command.electedOn > businessDate(now)) throw refusal('DATE_IN_FUTURE', null, 'an election cannot be dated after today');
    if (command.termEndsOn <= command.electedOn) throw refusal('DATE_ORDER', null, 'the term must end after the election');
    const ids = new Set(command.directors.map((d) => d.directorId));
    if (ids.size !== command.directors.length) throw refusal('DUPLICATE_DIRECTOR', null, 'a director is listed twice');
    // G6: the majority of the directors are chosen among the members (c.c. art. 2542 c. 2).
    const members = command.directors.filter((d) => d.memberId !== null && command.activeMembers.has(d.memberId)).length;
    if (members * 2 <= command.directors.length)
      throw refusal(
        'G6',
        'c.c. art. 2542 c. 2',
        `only ${members} of ${command.directors.length} directors are members; a majority must be`,
      );
    const { activeMembers: _, type: __, ...data } = command;
    return [{ type: 'BoardElected', data }];
  },
};
