/**
 * What other contexts may use of work, and nothing else: its events (contracts and pay,
 * volunteers, the workplace), the contract a board resolution approves (its input schemas,
 * the sealing of its worker, the command the process manager issues), and the reports the
 * social report reads. `test/architecture.spec.ts` refuses any other import of work's files
 * from outside it.
 */
export * from './public-events.js';
export { SignContract, sealWorker } from './commands/work.handlers.js';
export { ContractTermsInput, WorkerInput } from './http/work.schemas.js';
/** The reports the social report reads through their query methods. */
export { WorkController } from './http/work.controller.js';
export { WorkplaceController } from './http/workplace.controller.js';
export { VolunteersController } from './http/volunteers.controller.js';
export { VolunteerRegisterController } from './http/volunteer-register.controller.js';
/** The register of volunteers as a book, and the read models it is built from: the auditors' replay and bundle rebuild it. */
export {
  volunteerRegisterCsv,
  volunteerRegisterEntries,
  VOLUNTEER_REGISTER_COLUMNS,
  type VolunteerRegisterEntry,
} from './projections/volunteer-register.js';
export { volunteersProjector, WORK_VOLUNTEERS, type VolunteerDoc } from './projections/volunteers.projection.js';
export { workMembersProjector, type WorkMemberDoc } from './projections/work-members.projection.js';
