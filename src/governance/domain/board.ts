import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, refusal } from '../../platform/errors/domain-errors.js';
import type { Director, GovernanceEvent } from './governance-events.js';

/** One board's term of office, from its election to the end of its term. */
export type BoardTerm = { electedOn: string; termEndsOn: string; directors: Director[] };

/** The board last elected (`directors`, `termEndsOn`), and every term recorded, oldest first. */
export type Board = { directors: Director[]; termEndsOn: string | null; terms: BoardTerm[] };

export type BoardCommand = {
  type: 'ElectBoard';
  electedOn: string;
  termEndsOn: string;
  assemblyResolutionId: string;
  directors: Director[];
  /** Governance's own view of who is an active member on the election date. */
  activeMembers: ReadonlySet<string>;
};

/** The board in office on a date: the latest elected on or before it whose term has not ended. */
export function boardOn(board: Board, date: string): BoardTerm | null {
  const elected = board.terms.filter((t) => t.electedOn <= date);
  const latest = elected[elected.length - 1];
  return latest && date <= latest.termEndsOn ? latest : null;
}

/** The board in office, in the `board-main` stream. */
export const boardDecider: Decider<BoardCommand, Board, GovernanceEvent> = {
  initialState: () => ({ directors: [], termEndsOn: null, terms: [] }),
  evolve: (state, event) =>
    event.type === 'BoardElected'
      ? {
          directors: event.data.directors,
          termEndsOn: event.data.termEndsOn,
          terms: [
            ...state.terms,
            { electedOn: event.data.electedOn, termEndsOn: event.data.termEndsOn, directors: event.data.directors },
          ].sort((a, b) => a.electedOn.localeCompare(b.electedOn)),
        }
      : state,
  decide(command, _state, { now }) {
    if (command.electedOn > businessDate(now))
      throw invalidField('electedOn', 'DATE_IN_FUTURE', 'an election cannot be dated after today');
    if (command.termEndsOn <= command.electedOn)
      throw invalidField('termEndsOn', 'DATE_ORDER', 'the term must end after the election');
    const seen = new Set<string>();
    command.directors.forEach((d, index) => {
      if (seen.has(d.directorId))
        throw invalidField(`directors.${index}.directorId`, 'DUPLICATE_DIRECTOR', `${d.directorId} is listed twice`);
      seen.add(d.directorId);
    });
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
