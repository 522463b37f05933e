import { ASSEMBLY_BOOK } from '../projections/assembly-book.projection.js';
import { BOARD_DECISIONS } from '../projections/board-decisions.process.js';
import { DECISION_TRAIL } from '../projections/decision-trail.projection.js';

/** Who reads the board's meetings, resolutions and decision trails, and the read models those answers wait for. */
export const readers = {
  roles: ['board', 'secretary'],
  tags: ['governance'],
  readModels: [DECISION_TRAIL, BOARD_DECISIONS, ASSEMBLY_BOOK],
} as const;
