import type { Position } from '../event-store/position.js';
import type { Doc, ReadCollection, ReadModelStore, ReadModelTransaction } from '../read-models/read-model-store.js';

/**
 * Where each build of each projector stands, kept beside its documents: the checkpoints (read
 * and written here) and which build answers queries.
 */

/** Where each build of each projector stands, kept beside its documents. */
export const CHECKPOINTS = '_projection_checkpoints';
/** Which build of each projector answers queries. */
export const ACTIVE_BUILDS = '_projection_active';

export interface CheckpointDoc extends Doc {
  projector: string;
  build: string;
  position: Position | null;
  /**
   * The event store `position` belongs to ({@link EventStore.storeId}). A checkpoint of another
   * store (a history moved with `coop copy`) is refused and the read model rebuilt; one written
   * before checkpoints carried it is taken as this store's, and stamped when next written.
   */
  store?: string;
  eventsApplied: number;
  /**
   * A process manager's: the last position its commands wrote for the events up to `position`
   * (see `ProjectionContext.wrote`), so a read-your-writes wait knows how far the read models
   * they feed must go. Absent for a projector, and in checkpoints stored before it existed.
   */
  written?: Position | null;
}

/** True when the checkpoint was written against another event store than `storeId`. */
export const fromAnotherStore = (checkpoint: CheckpointDoc | null, storeId: string): boolean =>
  checkpoint !== null && checkpoint.store !== undefined && checkpoint.store !== storeId;

export interface ActiveBuildDoc extends Doc {
  build: string;
  version: number;
  generation: number;
}

/** A build is one rebuild of one version: `v3g0`, `v3g1` (after an explicit rebuild), `v4g0`. */
export const buildName = (version: number, generation: number): string => `v${version}g${generation}`;

export const collectionName = (projector: string, build: string, logical: string): string => `${projector}__${build}__${logical}`;

export const checkpointId = (projector: string, build: string): string => `${projector}:${build}`;

export async function readCheckpoint(
  source: ReadModelStore | ReadModelTransaction,
  projector: string,
  build: string,
): Promise<CheckpointDoc | null> {
  const collection: ReadCollection<CheckpointDoc> = source.collection<CheckpointDoc>(CHECKPOINTS);
  return collection.findOne({ _id: checkpointId(projector, build) });
}

export async function readActiveBuild(
  source: ReadModelStore | ReadModelTransaction,
  projector: string,
): Promise<ActiveBuildDoc | null> {
  return source.collection<ActiveBuildDoc>(ACTIVE_BUILDS).findOne({ _id: projector });
}

/** Another writer advanced this build's checkpoint: reload and go on from there. */
export class CheckpointMovedError extends Error {}

/** A build's checkpoint as one commit leaves it. */
export interface CheckpointWrite {
  projector: string;
  build: string;
  /** The event store the position belongs to, once known. */
  store: string | undefined;
  position: Position;
  eventsApplied: number;
  written: Position | undefined;
}

/** The checkpoint is still at `expected`, else another writer moved it: {@link CheckpointMovedError}. */
export async function expectCheckpoint(
  tx: ReadModelTransaction,
  projector: string,
  build: string,
  expected: Position | null,
): Promise<void> {
  const checkpoint = await readCheckpoint(tx, projector, build);
  if ((checkpoint?.position ?? null) !== expected) throw new CheckpointMovedError();
}

/** Writes the checkpoint, in the transaction that writes the documents it stands for. */
export async function putCheckpoint(
  tx: ReadModelTransaction,
  { projector, build, store, position, eventsApplied, written }: CheckpointWrite,
): Promise<void> {
  const _id = checkpointId(projector, build);
  await tx.collection<CheckpointDoc>(CHECKPOINTS).replaceOne(
    { _id },
    {
      _id,
      projector,
      build,
      position,
      ...(store !== undefined && { store }),
      eventsApplied,
      ...(written !== undefined ? { written } : {}),
    },
    { upsert: true },
  );
}

/** The checkpoint moves from `expected` (else another writer moved it: CheckpointMovedError) to the new position. */
export async function writeCheckpoint(
  tx: ReadModelTransaction,
  expected: Position | null,
  write: CheckpointWrite,
): Promise<void> {
  await expectCheckpoint(tx, write.projector, write.build, expected);
  await putCheckpoint(tx, write);
}
