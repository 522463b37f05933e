import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';

export const BOARD_IN_OFFICE = 'membership-board';

export interface BoardInOfficeDoc extends Doc {
  electedOn: string;
}

/**
 * Whether the board is recorded on the system, from governance's `BoardElected` events:
 * from then on, membership decisions follow only from adopted board resolutions (M1, G7).
 */
export const boardInOfficeProjector: Projector = {
  name: BOARD_IN_OFFICE,
  version: 1,
  eventTypes: ['BoardElected'],
  async apply(event, context) {
    const { electedOn } = event.data as { electedOn: string };
    await context
      .collection<BoardInOfficeDoc>('board')
      .replaceOne({ _id: 'board' }, { _id: 'board', electedOn }, { upsert: true });
  },
};
