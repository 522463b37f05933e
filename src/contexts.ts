import { auditContext } from './audit/seal.js';
import { cooperationContext } from './cooperation/cooperation.context.js';
import { governanceContext } from './governance/governance.context.js';
import { servicesContext } from './services/services.context.js';
import { membershipContext } from './membership/membership.context.js';
import { accessContext } from './platform/auth/access-context.js';
import { workContext } from './work/work.context.js';
import { reportsContext } from './reports/domain/social-report-approval.js';
import type { ContextDefinition } from './platform/runtime.js';

/**
 * Every bounded context the service runs: their events and projectors, and nothing else (no
 * handler, controller or NestJS): the catch-up thread loads this module to run the projectors
 * (`test/architecture.spec.ts` keeps it so).
 */
export const contexts: readonly ContextDefinition[] = [
  accessContext,
  membershipContext,
  governanceContext,
  workContext,
  servicesContext,
  cooperationContext,
  auditContext,
  reportsContext,
];
