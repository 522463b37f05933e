import type { RecordedEvent } from '../event-store/event-store.js';
import type { Position } from '../event-store/position.js';
import type { PersonalDataAccess } from '../personal-data/blind-search.js';
import type { Doc, Filter, IndexSpec, ReadCollection, WriteCollection } from '../read-models/read-model-store.js';

/** What a projector writes through: its own collections, by their logical names. */
export interface ProjectionContext {
  collection<T extends Doc = Doc>(name: string): WriteCollection<T>;
  /**
   * A process manager reports the `$all` position of what a command it issued for this event
   * wrote. It is kept with the checkpoint: a query waiting for a position first waits for the
   * process managers feeding its read models, then for the read models to pass what they wrote.
   */
  wrote?(position: Position): void;
  /**
   * The vault and the blind search, for a projector that indexes sealed personal data (a
   * search over names): given by the service's runner, absent where a projector is replayed
   * without the deployment's keys (an auditor's scratch replay).
   */
  personalData?: PersonalDataAccess;
}

/**
 * A read model's builder: it declares the event types it reads and applies one event at
 * a time. Bumping `version` rebuilds it from the start into new collections while the
 * old ones keep answering queries, and switches when the new build has caught up.
 * `apply` must be deterministic: a rebuild must give exactly what live updates gave.
 */
export interface Projector {
  name: string;
  version: number;
  eventTypes: readonly string[];
  /**
   * True for a process manager: its `apply` issues commands through the application, so it
   * runs (and is rebuilt) only inside the running service, never by a bare CLI runtime.
   */
  readonly issuesCommands?: boolean;
  /**
   * For a process manager: the event types the commands it issues may append. A read model
   * reading any of them is fed by it, and read-your-writes waits for it too (see
   * `ProjectionRunner.waitFor`). A process manager that does not say feeds every read model.
   */
  readonly emits?: readonly string[];
  /** The indexes its readers' queries need, by logical collection: created with each build, on every adapter. */
  readonly indexes?: Readonly<Record<string, readonly IndexSpec[]>>;
  /**
   * The filters its readers query with, by logical collection (an example value each): a test
   * checks that the embedded store answers every one through an index, not by reading all.
   */
  readonly queries?: Readonly<Record<string, readonly Filter[]>>;
  apply(event: RecordedEvent, context: ProjectionContext): Promise<void>;
}

/** The query side of a projector's collections, resolved to the build that is live. */
export interface ProjectionReader {
  collection<T extends Doc = Doc>(projector: string, name: string): Promise<ReadCollection<T>>;
}
