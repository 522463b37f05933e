import type { EventStore } from '../event-store/event-store.js';
import { comparePositions, type Position } from '../event-store/position.js';
import type { ReadModelStore } from '../read-models/read-model-store.js';
import { fromAnotherStore, readCheckpoint, type ActiveBuildDoc } from './projection-state.js';
import type { ProjectionState, ProjectionStatus } from './projection-status.js';
import type { Projector } from './projector.js';

/**
 * The queries answered from what a build has served: how far the build answering queries has
 * processed, what a process manager's commands wrote for it, and whether it has taken a
 * position into account (read-your-writes). The worker answers from memory for the build it
 * applies to; for another (the old build answering during a rebuild, or the lease holder's
 * while this instance stands by) from that build's checkpoint in the store. The worker's status
 * (what `coop projections status` and the health check show) is here too.
 */

/** Projection lag is counted in events up to this many; beyond, it reads as this many. */
const LAG_CAP = 10_000;

/** Where a worker stands, as the served queries read it (the worker keeps the state). */
export interface ServedView {
  projector: Projector;
  /** The build the worker applies to. */
  build: string;
  /** The build answering queries (the worker's own before any is recorded active). */
  serving: string;
  /** Everything up to here is applied to `build`. */
  position: Position | undefined;
  /** A process manager's: the last position its commands wrote for events up to `position`. */
  written: Position | undefined;
  /** The event store the worker's positions belong to (see `fromAnotherStore`). */
  storeId: string | undefined;
  /** Another instance holds the lease: the store's checkpoint of `serving` is what counts. */
  standingBy: boolean;
}

/** The position the build answering queries has processed (undefined before its first event). */
export async function servedPosition(readModels: ReadModelStore, view: ServedView): Promise<Position | undefined> {
  if (view.standingBy) return (await readCheckpoint(readModels, view.projector.name, view.serving))?.position ?? undefined;
  if (view.serving === view.build) return view.position;
  const checkpoint = await readCheckpoint(readModels, view.projector.name, view.serving);
  return view.storeId !== undefined && fromAnotherStore(checkpoint, view.storeId)
    ? undefined
    : (checkpoint?.position ?? undefined);
}

/**
 * What the commands of a process manager wrote for the events its serving build has
 * processed, up to where (undefined when they wrote nothing).
 */
export async function writtenUpTo(readModels: ReadModelStore, view: ServedView): Promise<Position | undefined> {
  if (view.serving === view.build) return view.written;
  const checkpoint = await readCheckpoint(readModels, view.projector.name, view.serving);
  return checkpoint?.written ?? undefined;
}

/** Whether the build answering queries has taken `position` into account. */
export async function hasServed(
  events: EventStore,
  readModels: ReadModelStore,
  view: ServedView,
  position: Position,
): Promise<boolean> {
  if (view.standingBy) return storeHasServed(events, readModels, view.projector, view.serving, position);
  if (view.serving === view.build) return view.position !== undefined && comparePositions(view.position, position) >= 0;
  const checkpoint = await readCheckpoint(readModels, view.projector.name, view.serving);
  // A build of another store's positions has served none of this store's.
  if (view.storeId === undefined || fromAnotherStore(checkpoint, view.storeId)) return false;
  return checkpoint?.position != null && comparePositions(checkpoint.position, position) >= 0;
}

/**
 * Whether what the store holds of a build has taken `position` into account (what a standby
 * instance answers from): its checkpoint is there, or no event of the projector's types lies
 * between the checkpoint and `position` (the holder writes its checkpoint over events of no
 * concern only every few seconds).
 */
export async function storeHasServed(
  events: EventStore,
  readModels: ReadModelStore,
  projector: Projector,
  build: string,
  position: Position,
): Promise<boolean> {
  const at = (await readCheckpoint(readModels, projector.name, build))?.position ?? undefined;
  if (at !== undefined && comparePositions(at, position) >= 0) return true;
  for await (const event of events.readAll({ after: at, types: projector.eventTypes, maxCount: 1 }))
    return comparePositions(event.position, position) > 0;
  return true;
}

/** A worker's status: its builds, state, position and lag behind `head`. */
export async function statusOf(
  events: EventStore,
  view: ServedView & { active: ActiveBuildDoc | null; state: ProjectionState; eventsApplied: number; error?: string | undefined },
  head: Position | null,
): Promise<ProjectionStatus> {
  // In events (counted up to LAG_CAP): on EventStoreDB positions are byte offsets in its log.
  const lag = head === null ? 0 : await events.eventsBetween(view.position, head, LAG_CAP);
  return {
    name: view.projector.name,
    version: view.projector.version,
    build: view.build,
    activeBuild: view.active?.build ?? null,
    state: view.state,
    position: view.position ?? null,
    head,
    lag: lag.toString(),
    eventsApplied: view.eventsApplied,
    ...(view.error ? { error: view.error } : {}),
  };
}
