import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each cooperation command can
 * give, from its decider and its handler (G7: only a resolution agrees or ends a partnership).
 * No route sends these commands (the governance process manager does, for the resolution that
 * causes them); the table says what that caller can meet, and `refusals.spec.ts` reads the
 * sources and fails on a code raised and not listed, or listed and never raised.
 */
export const COOPERATION_REFUSALS = {
  AgreePartnership: { rules: ['G7'], conflicts: ['PARTNERSHIP_EXISTS'] },
  EndPartnership: { rules: ['G7'], conflicts: ['BEFORE_PARTNERSHIP_START', 'PARTNERSHIP_ENDED'] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more cooperation commands, as an operation would declare them. */
export const refusalsOf = (...types: Array<keyof typeof COOPERATION_REFUSALS>) => refusalsIn(COOPERATION_REFUSALS, ...types);
