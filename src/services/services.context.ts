import type { ContextDefinition } from '../platform/runtime.js';
import { reservationEvents } from './domain/reservations.js';
import { serviceEvents } from './domain/service-events.js';
import { deliveriesProjector } from './projections/deliveries.projection.js';
import { operatorsProjector } from './projections/operators.projection.js';

/** The services the cooperative delivers: units, agreements, beneficiaries, deliveries, surveys. */
export const servicesContext: ContextDefinition = {
  name: 'services',
  events: [...serviceEvents, ...reservationEvents],
  projectors: [operatorsProjector, deliveriesProjector],
};
