import { refusalsIn, type Refusals } from '../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each audit write can give:
 * recording a time-stamp (`importTimestamp`) and a witness's cosignature (`recordCosignature`,
 * which turns a failed consistency proof into SEAL_INCONSISTENT). The routes declare them from
 * here, for the OpenAPI document; `refusals.spec.ts` reads the sources and fails on a code
 * raised and not listed, or listed and never raised.
 */
export const AUDIT_REFUSALS = {
  RecordTimestamp: { rules: [], conflicts: ['SEAL_WITHOUT_LOG_ROOT', 'TIMESTAMP_RECORDED'] },
  RecordCosignature: {
    rules: ['SEAL_INCONSISTENT'],
    conflicts: ['COSIGNATURE_EXISTS', 'COSIGNATURE_ROLLBACK', 'EMPTY_SEAL', 'SEAL_NOT_SIGNED', 'SEAL_WITHOUT_LOG_ROOT'],
  },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more audit writes, as an operation declares them. */
export const refusalsOf = (...types: Array<keyof typeof AUDIT_REFUSALS>) => refusalsIn(AUDIT_REFUSALS, ...types);
