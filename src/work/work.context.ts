import type { ContextDefinition } from '../platform/runtime.js';
import { volunteerEvents } from './domain/volunteer-events.js';
import { workplaceEvents } from './domain/workplace-events.js';
import { workplaceProjector } from './projections/workplace.projection.js';
import { volunteersProjector } from './projections/volunteers.projection.js';
import { workEvents } from './domain/work-events.js';
import { contractsProjector } from './projections/contracts.projection.js';
import { workMembersProjector } from './projections/work-members.projection.js';

/** Work: contracts of worker members and non-members, the collective agreement's pay tables, volunteers. */
export const workContext: ContextDefinition = {
  name: 'work',
  events: [...workEvents, ...volunteerEvents, ...workplaceEvents],
  projectors: [workMembersProjector, contractsProjector, volunteersProjector, workplaceProjector],
};
