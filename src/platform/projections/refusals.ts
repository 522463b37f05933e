import { refusalsIn, type Refusals } from '../errors/refusal-table.js';

/**
 * Every clash (`stateConflict`, 409) and refusal (`refusal`, 422) each write on the projections
 * can give, by the method of `ProjectionRunner` its route calls: a rebuild asked of an instance
 * while another one holds the projection's lease. The route declares them from here, for the
 * OpenAPI document; `refusals.spec.ts` reads the method's source and fails on a code raised and
 * not listed, or listed and never raised.
 */
export const PROJECTION_REFUSALS = {
  rebuild: { rules: [], conflicts: ['LEASE_HELD_ELSEWHERE'] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more projection writes, as an operation declares them. */
export const refusalsOf = (...methods: Array<keyof typeof PROJECTION_REFUSALS>) => refusalsIn(PROJECTION_REFUSALS, ...methods);
