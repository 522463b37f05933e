import { SERVICE_DELIVERIES } from '../projections/deliveries.projection.js';

/** Who reads the services' records and reports, and the read model those answers wait for. */
export const readers = {
  roles: ['secretary', 'board', 'coordinator'],
  tags: ['services'],
  readModels: [SERVICE_DELIVERIES],
} as const;
