import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each write of the reports can
 * give: the social report's, from its decider and from the controller that reads the facts
 * before it (the approving resolution; the report already fixed); a legal book's print, whose
 * decider only leaves out a print with the same bytes as the last. The routes declare them from
 * here, for the OpenAPI document; `refusals.spec.ts` reads the sources and fails on a code
 * raised and not listed, or listed and never raised.
 */
export const REPORTS_REFUSALS = {
  RecordEconomicDocument: { rules: [], conflicts: ['SOCIAL_REPORT_APPROVED'] },
  ApproveSocialReport: { rules: [], conflicts: ['RESOLUTION_NOT_ADOPTED', 'SOCIAL_REPORT_APPROVED'] },
  RecordBookPrint: { rules: [], conflicts: [] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more report writes, as an operation declares them. */
export const refusalsOf = (...types: Array<keyof typeof REPORTS_REFUSALS>) => refusalsIn(REPORTS_REFUSALS, ...types);
