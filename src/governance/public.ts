/**
 * What other contexts may use of governance, and nothing else: its events (the board's, the
 * assemblies'), the books as read models and their readable and printed forms, and the
 * reports the social report reads. `test/architecture.spec.ts` refuses any other import of
 * governance's files from outside it.
 */
export * from './domain/governance-events.js';
export * from './domain/assembly-events.js';
export { openPerson, type PersonName } from './commands/governance-people.js';
export {
  ASSEMBLY_BOOK,
  assemblyBookProjector,
  readAssemblies,
  type BookCollections,
} from './projections/assembly-book.projection.js';
export {
  decisionTrailProjector,
  isBoardResolution,
  type DirectorDoc,
  type MeetingDoc,
  type ResolutionDoc,
} from './projections/decision-trail.projection.js';
export {
  readableAssembly,
  readableMeeting,
  readableResolution,
  nameOf,
  directorLabel,
  type DirectorOffices,
  type ReadableAssembly,
  type ReadableMeeting,
  type ReadableResolution,
} from './http/readable.js';
export { assemblyBookHtml, boardBookHtml, decisionsSummary, majorityRule, plural } from './http/books.js';
/** The reports the social report reads through their query methods. */
export { GovernanceController } from './http/governance.controller.js';
export { BooksController } from './http/books.controller.js';
/** The cooperative's name as the statute records it (falling back to `COOP_NAME`), for documents' headings. */
export { recordedCooperativeName } from './commands/cooperative-name.js';
export { cooperativeNameOf, type StatuteIdentity } from './domain/statute.js';
