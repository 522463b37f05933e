/**
 * What other contexts may use of cooperation, and nothing else: its events (whose terms a
 * resolution decides) and the command the process manager issues. `test/architecture.spec.ts`
 * refuses any other import of cooperation's files from outside it.
 */
export * from './public-events.js';
export { RecordPartnership } from './commands/partnership.handler.js';
/** The report the social report reads through its query method. */
export { CooperationController } from './http/cooperation.controller.js';
