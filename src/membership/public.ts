/**
 * What other contexts may use of membership, and nothing else: its events, the commands a
 * process manager of another context issues, and the read models and queries others read.
 * `test/architecture.spec.ts` refuses any other import of membership's files from outside it.
 */
export * from './public-events.js';
export { DecideApplication, type ApplicationDecision } from './commands/decide-application.handler.js';
export { RecordOnRegister } from './commands/record-on-register.handler.js';
export {
  MEMBER_REGISTER,
  memberRegisterProjector,
  type ApplicationDoc,
  type MemberDoc,
} from './projections/member-register.projection.js';
export { admissionsOfYear, registerLine, type RegisterLine } from './projections/register-queries.js';
export { replayRegisterAsOf } from './projections/register-replay.js';
/** The reports the social report reads through their query methods. */
export { MembershipReportsController } from './http/membership-reports.controller.js';
