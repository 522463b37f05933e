import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each write of the social
 * report can give, from its decider and from the controller that reads the facts before it
 * (the approving resolution; the report already fixed). The routes declare them from here, for
 * the OpenAPI document; `refusals.spec.ts` reads both sources and fails on a code raised and
 * not listed, or listed and never raised.
 */
export const REPORTS_REFUSALS = {
  RecordEconomicDocument: { rules: [], conflicts: ['SOCIAL_REPORT_APPROVED'] },
  ApproveSocialReport: { rules: [], conflicts: ['RESOLUTION_NOT_ADOPTED', 'SOCIAL_REPORT_APPROVED'] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more report writes, as an operation declares them. */
export const refusalsOf = (...types: Array<keyof typeof REPORTS_REFUSALS>) => refusalsIn(REPORTS_REFUSALS, ...types);
