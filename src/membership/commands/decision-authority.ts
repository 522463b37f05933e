import { Inject, Injectable } from '@nestjs/common';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import type { EventStore } from '../../platform/event-store/event-store.js';
import { EVENT_STORE } from '../../platform/http/tokens.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { BOARD_IN_OFFICE, type BoardInOfficeDoc } from '../projections/board-in-office.projection.js';

/**
 * M1 and G7: admissions, rejections, withdrawal decisions, exclusions and category changes
 * are the board's. Before the board is on the system they are recorded with the reference
 * of the resolution; once it is, only an adopted resolution causes them (through the
 * governance process manager, which acts as the system).
 */
@Injectable()
export class DecisionAuthority {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  /** A board, once on the system, stays: the answer is kept after the first time it is yes. */
  private boardElectedOn: string | undefined;

  async assertMayDecide(meta: CommandMetadata, what: string): Promise<void> {
    if (meta.actor.role === 'system') return;
    if (this.boardElectedOn) throw this.refusal(what, this.boardElectedOn);
    // The read model answers up to its position; a board elected after it is looked for in
    // the few events since, instead of waiting for the read model to catch up.
    const served = await this.projections.servedPosition(BOARD_IN_OFFICE);
    for await (const elected of this.events.readAll({ after: served, types: ['BoardElected'], maxCount: 1 }))
      throw this.refusal(what, (this.boardElectedOn = (elected.data as { electedOn: string }).electedOn));
    const board = await this.projections.reader<BoardInOfficeDoc>(BOARD_IN_OFFICE, 'board').findOne({ _id: 'board' });
    if (board) {
      this.boardElectedOn = board.electedOn;
      throw this.refusal(what, board.electedOn);
    }
  }

  private refusal(what: string, boardElectedOn: string) {
    return refusal(
      'G7',
      'c.c. art. 2528 c. 1, 2532, 2533',
      `${what} is decided by the board: record the resolution that decides it at /governance/board-meetings/{meetingId}/resolutions`,
      { boardElectedOn },
    );
  }
}
