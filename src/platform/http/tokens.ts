/** Injection tokens of the platform's runtime pieces that are interfaces, not classes. */
export const RUNTIME = Symbol('coop:runtime');
export const CLOCK = Symbol('coop:clock');
export const IDS = Symbol('coop:ids');
export const VAULT = Symbol('coop:personal-data-vault');
export const EVENT_STORE = Symbol('coop:event-store');
export const CONFIG = Symbol('coop:config');
export const METRICS = Symbol('coop:metrics');
export const BLIND_INDEX = Symbol('coop:blind-index');
export const BLIND_SEARCH = Symbol('coop:blind-search');
