import { isDeepStrictEqual } from 'node:util';
import type { EventStore } from '../platform/event-store/event-store.js';
import { comparePositions, type Position } from '../platform/event-store/position.js';
import type { ProjectionRunner } from '../platform/projections/projection-runner.js';
import { collectionName, fromAnotherStore, readCheckpoint } from '../platform/projections/projection-state.js';
import type { ReadModelStore } from '../platform/read-models/read-model-store.js';
import { BOOK_PROJECTORS, replayBook, shapeBook, type ReplayableBook } from './book-replay.js';

/**
 * `coop audit replay --compare` for the books of minutes, the admissions and the volunteers: the book rebuilt
 * from the events held against the one the service's read model gives, shaped by the same
 * code, so that any difference is in the data. Without personal data: names are not what is
 * compared (they are sealed per person, the same in both).
 */

export interface BookComparison {
  book: ReplayableBook;
  asOf: string;
  readModel: string;
  build: string;
  /** Where the read model stands, and the head of the events. */
  checkpoint: Position | null;
  head: Position | null;
  status: 'same' | 'different' | 'not-built' | 'behind';
  /** Events of the book's types recorded after the checkpoint (when behind). */
  unprojected?: number;
  /** The first entry in which the two differ, by its list and place. */
  firstDifference?: { list: string; index: number; id?: string; fromEvents?: unknown; fromReadModel?: unknown };
  differences: number;
}

/** The book as the read model answers it, read between two looks at its checkpoint (retried if a running service moved it). */
async function readModelBook(projections: ProjectionRunner, readModels: ReadModelStore, book: ReplayableBook, asOf: string) {
  const name = BOOK_PROJECTORS[book].name;
  for (let attempt = 0; attempt < 10; attempt++) {
    const status = (await projections.inspect()).find((s) => s.name === name);
    if (!status) throw new Error(`no projection ${name}`);
    const build = status.activeBuild ?? status.build;
    const checkpoint = await readCheckpoint(readModels, name, build);
    if (fromAnotherStore(checkpoint, await projections.eventStoreId()))
      throw new Error(
        `${name}: the build answering queries (${build}) was projected from another event store and is being rebuilt; compare again once it is live`,
      );
    const before = checkpoint?.position ?? null;
    const shaped = await shapeBook(book, asOf, async (logical) => readModels.collection(collectionName(name, build, logical)));
    const after = (await readCheckpoint(readModels, name, build))?.position ?? null;
    if (before === after) return { name, build, position: after as Position | null, shaped };
  }
  throw new Error(`${name} kept moving while it was read; try again`);
}

/** The lists of entries a book is made of, by name. */
const LISTS: Record<ReplayableBook, string[]> = {
  assemblies: ['assemblies'],
  board: ['meetings'],
  admissions: ['admissions', 'rejections'],
  volunteers: ['volunteers'],
};

export async function compareBook(
  events: EventStore,
  projections: ProjectionRunner,
  readModels: ReadModelStore,
  book: ReplayableBook,
  asOf: string,
): Promise<BookComparison> {
  const head = (await events.headPosition()) ?? null;
  const model = await readModelBook(projections, readModels, book, asOf);
  const base = { book, asOf, readModel: model.name, build: model.build, checkpoint: model.position, head, differences: 0 };
  if (model.position === null && head !== null) return { ...base, status: 'not-built' };
  let unprojected = 0;
  if (model.position !== null)
    for await (const event of events.readAll({ types: BOOK_PROJECTORS[book].eventTypes, after: model.position }))
      if (comparePositions(event.position, model.position) > 0) unprojected += 1;
  // Compared where the read model stands, so that the first difference named is a real one…
  const fromEvents = (await replayBook(events, book, asOf, undefined, model.position ?? undefined)) as Record<string, unknown[]>;
  const fromModel = model.shaped as Record<string, unknown[]>;
  let differences = 0;
  let firstDifference: BookComparison['firstDifference'];
  for (const list of LISTS[book]) {
    const a = fromEvents[list] ?? [];
    const b = fromModel[list] ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (isDeepStrictEqual(a[i], b[i])) continue;
      differences += 1;
      firstDifference ??= {
        list,
        index: i,
        ...(idOf(a[i] ?? b[i]) ? { id: idOf(a[i] ?? b[i]) } : {}),
        fromEvents: a[i] ?? null,
        fromReadModel: b[i] ?? null,
      };
    }
  }
  // …but one behind the events of its book is not called current.
  const status = differences > 0 ? 'different' : unprojected > 0 ? 'behind' : 'same';
  return {
    ...base,
    status,
    differences,
    ...(unprojected ? { unprojected } : {}),
    ...(firstDifference ? { firstDifference } : {}),
  };
}

const idOf = (entry: unknown): string | undefined => {
  const e = entry as { _id?: unknown; applicationId?: unknown; volunteerId?: unknown } | undefined;
  const id = [e?._id, e?.applicationId, e?.volunteerId].find((x) => typeof x === 'string');
  return id as string | undefined;
};

export function describeBookComparison(c: BookComparison): string {
  const where = `${c.readModel} build ${c.build} at checkpoint ${c.checkpoint ?? '(none)'}, events head ${c.head ?? '(empty)'}`;
  switch (c.status) {
    case 'not-built':
      return `NOT BUILT: ${where}: it has projected nothing; start the service (or coop projections rebuild ${c.readModel}) and compare again\n`;
    case 'behind':
      return `BEHIND: ${where}: ${c.unprojected} event(s) of the ${c.book} recorded after its checkpoint are not in it; it matches the events up to its checkpoint\n`;
    case 'same':
      return `SAME: the ${c.book} as of ${c.asOf} from the events is the read model's (${where})\n`;
    case 'different': {
      const d = c.firstDifference!;
      return (
        `DIFFERENT: ${c.differences} entr${c.differences === 1 ? 'y differs' : 'ies differ'} (${where}); the first: ${d.list}[${d.index}]${d.id ? ` ${d.id}` : ''}\n` +
        `  from the events     ${JSON.stringify(d.fromEvents)}\n  from the read model ${JSON.stringify(d.fromReadModel)}\n`
      );
    }
  }
}
