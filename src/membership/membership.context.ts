import type { ContextDefinition } from '../platform/runtime.js';
import { membershipEvents } from './domain/membership-events.js';
import { boardInOfficeProjector } from './projections/board-in-office.projection.js';
import { memberRegisterProjector } from './projections/member-register.projection.js';
import { memberTimelineProjector } from './projections/member-timeline.projection.js';
import { registerSearchProjector } from './projections/register-search.projection.js';
import { membershipStatuteProjector } from './projections/statute.projection.js';

/** Members and the member register (libro soci). */
export const membershipContext: ContextDefinition = {
  name: 'membership',
  events: membershipEvents,
  projectors: [
    memberRegisterProjector,
    membershipStatuteProjector,
    boardInOfficeProjector,
    memberTimelineProjector,
    registerSearchProjector,
  ],
};
