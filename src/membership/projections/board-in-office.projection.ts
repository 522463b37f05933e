import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { governanceEvents } from '../../governance/public.js';

export const BOARD_IN_OFFICE = 'membership-board';

export interface BoardInOfficeDoc extends Doc {
  electedOn: string;
}

/**
 * Whether the board is recorded on the system, from governance's `BoardElected` events:
 * from then on, membership decisions follow only from adopted board resolutions (M1, G7).
 */
export const boardInOfficeProjector = defineProjector<EventMapOf<typeof governanceEvents>>({
  name: BOARD_IN_OFFICE,
  version: 1,
  on: {
    async BoardElected({ data }, context) {
      await context
        .collection<BoardInOfficeDoc>('board')
        .replaceOne({ _id: 'board' }, { _id: 'board', electedOn: data.electedOn }, { upsert: true });
    },
  },
});
