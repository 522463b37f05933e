import { auditContext } from './audit/seal.js';
import { cooperationEvents } from './cooperation/domain/cooperation-events.js';
import { assemblyEvents } from './governance/domain/assembly-events.js';
import { governanceEvents } from './governance/domain/governance-events.js';
import { membershipEvents } from './membership/domain/membership-events.js';
import { accountEvents } from './platform/auth/account-events.js';
import { apiKeyEvents } from './platform/auth/api-key-events.js';
import { EventRegistry, type EventDefinition } from './platform/event-store/event-registry.js';
import { reportsContext } from './reports/domain/social-report-approval.js';
import { reservationEvents } from './services/domain/reservations.js';
import { serviceEvents } from './services/domain/service-events.js';
import { volunteerEvents } from './work/domain/volunteer-events.js';
import { workEvents } from './work/domain/work-events.js';
import { workplaceEvents } from './work/domain/workplace-events.js';

/**
 * Every event the service records, and nothing else: the schemas of `contexts.ts` without the
 * contexts' projectors, NestJS modules and controllers, so that a command that only reads the
 * store (`coop audit verify`) loads the event schemas alone. A test holds it to `contexts`.
 */
export const eventDefinitions: readonly EventDefinition[] = [
  ...apiKeyEvents,
  ...accountEvents,
  ...membershipEvents,
  ...governanceEvents,
  ...assemblyEvents,
  ...workEvents,
  ...volunteerEvents,
  ...workplaceEvents,
  ...serviceEvents,
  ...reservationEvents,
  ...cooperationEvents,
  ...auditContext.events,
  ...reportsContext.events,
];

/** A registry of every event the service records. */
export const eventRegistry = (): EventRegistry => new EventRegistry().register(...eventDefinitions);
