import { refusalsIn, type Refusals } from '../errors/refusal-table.js';

/**
 * Every clash (`stateConflict`, 409) and refusal (`refusal`, 422) each write on a consumer group
 * can give, by the method of `ConsumerGroups` its route calls: only creating a group that exists
 * with other settings clashes. The routes declare them from here, for the OpenAPI document;
 * `refusals.spec.ts` reads the methods' source and fails on a code raised and not listed, or
 * listed and never raised.
 */
export const SUBSCRIPTION_REFUSALS = {
  create: { rules: [], conflicts: ['GROUP_SETTINGS_DIFFER'] },
  ack: { rules: [], conflicts: [] },
  reject: { rules: [], conflicts: [] },
  replayParked: { rules: [], conflicts: [] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more consumer-group writes, as an operation declares them. */
export const refusalsOf = (...methods: Array<keyof typeof SUBSCRIPTION_REFUSALS>) =>
  refusalsIn(SUBSCRIPTION_REFUSALS, ...methods);
