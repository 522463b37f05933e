import type { ContextDefinition } from '../platform/runtime.js';
import { cooperationEvents } from './domain/cooperation-events.js';
import { partnershipsProjector } from './projections/partnerships.projection.js';

/** Cooperation with other cooperatives, consortia, Third-sector and public bodies. */
export const cooperationContext: ContextDefinition = {
  name: 'cooperation',
  events: cooperationEvents,
  projectors: [partnershipsProjector],
};
