import { auditContext } from './audit/seal.js';
import { cooperationContext } from './cooperation/cooperation.module.js';
import { governanceContext } from './governance/governance.module.js';
import { servicesContext } from './services/services.module.js';
import { membershipContext } from './membership/membership.module.js';
import { accessContext } from './platform/auth/access-context.js';
import { workContext } from './work/work.module.js';
import { reportsContext } from './reports/domain/social-report-approval.js';
import type { ContextDefinition } from './platform/runtime.js';

/** Every bounded context the service runs: their events and projectors. */
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
