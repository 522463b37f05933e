/**
 * What other contexts may use of services, and nothing else: its events and the reports the
 * social report reads. `test/architecture.spec.ts` refuses any other import of services'
 * files from outside it.
 */
export * from './domain/service-events.js';
/** The reports the social report reads through their query methods. */
export { ServicesController } from './http/services.controller.js';
export { ServiceReportsController } from './http/service-reports.controller.js';
