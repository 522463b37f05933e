import type { ContextDefinition } from '../platform/runtime.js';
import { governanceEvents } from './domain/governance-events.js';
import { assemblyBookProjector } from './projections/assembly-book.projection.js';
import { assemblyEvents } from './domain/assembly-events.js';
import { boardDecisions } from './projections/board-decisions.process.js';
import { decisionTrailProjector } from './projections/decision-trail.projection.js';
import { governanceMembersProjector } from './projections/governance-members.projection.js';

/** Board, meetings and resolutions, and the process manager that carries decisions out (G7). */
export const governanceContext: ContextDefinition = {
  name: 'governance',
  events: [...governanceEvents, ...assemblyEvents],
  projectors: [governanceMembersProjector, decisionTrailProjector, assemblyBookProjector, boardDecisions],
};
