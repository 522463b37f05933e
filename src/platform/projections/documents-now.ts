import type { EventStore } from '../event-store/event-store.js';
import type { Doc } from '../read-models/read-model-store.js';
import type { ProjectionRunner } from './projection-runner.js';

/** How a view's documents are brought forward by the events of the types that change them. */
export interface FoldableView<T extends Doc> {
  projector: string;
  collection: string;
  types: readonly string[];
  /** The id of the document an event concerns (e.g. its `memberId`). */
  idOf(data: Record<string, unknown>): string | undefined;
  /** One event folded into the document; folding one it already reflects must change nothing. */
  fold(doc: T | null, type: string, data: Record<string, unknown>): T | null;
}

/**
 * The named documents of a view as they stand at the head of the store: read from the view,
 * then brought forward with the events recorded since the view's position. Exact without
 * waiting for the view, which matters on hot paths (a vote) and inside a projection batch (a
 * process manager must not wait for projections). The view is read after its position, so
 * events it already holds may come again: `fold` must be idempotent.
 */
export async function documentsNow<T extends Doc>(
  projections: ProjectionRunner,
  events: EventStore,
  view: FoldableView<T>,
  ids: readonly string[],
): Promise<Map<string, T | null>> {
  const served = await projections.servedPosition(view.projector);
  const collection = await projections.collection<T>(view.projector, view.collection);
  const documents = new Map(await Promise.all(ids.map(async (_id) => [_id, await collection.findOne({ _id })] as const)));
  for await (const event of events.readAll({ after: served, types: view.types })) {
    const data = event.data as Record<string, unknown>;
    const id = view.idOf(data);
    if (id !== undefined && documents.has(id)) documents.set(id, view.fold(documents.get(id) ?? null, event.type, data));
  }
  return documents;
}
