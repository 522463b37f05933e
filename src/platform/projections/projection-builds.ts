import type { ReadModelStore } from '../read-models/read-model-store.js';
import { ACTIVE_BUILDS, CHECKPOINTS, checkpointId, collectionName, type ActiveBuildDoc } from './projection-state.js';
import type { Projector } from './projector.js';

/**
 * A build's life in the read-model store: its indexes made, made the one that answers
 * queries (blue/green), and dropped with its checkpoint once another has replaced it.
 */

/** The projector's declared indexes, on a build's collections (idempotent). */
export async function createBuildIndexes(readModels: ReadModelStore, projector: Projector, build: string): Promise<void> {
  for (const [logical, indexes] of Object.entries(projector.indexes ?? {}))
    await readModels.createIndexes(collectionName(projector.name, build, logical), indexes);
}

/** Makes `active` the build that answers the projector's queries. */
export async function activateBuild(readModels: ReadModelStore, active: ActiveBuildDoc): Promise<void> {
  await readModels.transaction(async (tx) => {
    await tx.collection<ActiveBuildDoc>(ACTIVE_BUILDS).replaceOne({ _id: active._id }, active, { upsert: true });
  });
}

/**
 * Blue/green: `active` becomes the build answering queries (`onActive` is told at once), then
 * the build it replaces, if another, is dropped.
 */
export async function switchBuild(
  readModels: ReadModelStore,
  active: ActiveBuildDoc,
  previous: ActiveBuildDoc | null,
  onActive: () => void,
): Promise<void> {
  await activateBuild(readModels, active);
  onActive();
  if (previous && previous.build !== active.build) await dropBuild(readModels, active._id, previous.build);
}

/** Drops a build's collections and its checkpoint. */
export async function dropBuild(readModels: ReadModelStore, projector: string, build: string): Promise<void> {
  const prefix = collectionName(projector, build, '');
  for (const name of await readModels.listCollections()) if (name.startsWith(prefix)) await readModels.dropCollection(name);
  await readModels.transaction(async (tx) => {
    await tx.collection(CHECKPOINTS).deleteOne({ _id: checkpointId(projector, build) });
  });
}
