import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSEMBLY_BOOK, assemblyBookProjector, readAssemblies } from '../governance/projections/assembly-book.projection.js';
import {
  decisionTrailProjector,
  isBoardResolution,
  type MeetingDoc,
  type ResolutionDoc,
} from '../governance/projections/decision-trail.projection.js';
import {
  memberRegisterProjector,
  type ApplicationDoc,
  type MemberDoc,
} from '../membership/projections/member-register.projection.js';
import { admissionsOfYear } from '../membership/projections/register-queries.js';
import { businessDate } from '../platform/clock.js';
import type { EventStore, RecordedEvent } from '../platform/event-store/event-store.js';
import type { Projector } from '../platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../platform/read-models/embedded/embedded-read-model-store.js';
import type { Doc } from '../platform/read-models/read-model-store.js';

export type ReplayableBook = 'assemblies' | 'board' | 'admissions';
const BATCH = 5_000;

/**
 * Rebuilds a book as it stood at the end of a day, from the events recorded by then, in a
 * scratch read model of its own: it shares the projector with the live book but none of its
 * state, so an auditor sees what the events alone say.
 */
export async function replayBook(events: EventStore, book: ReplayableBook, asOf: string): Promise<unknown> {
  const projector = { assemblies: assemblyBookProjector, board: decisionTrailProjector, admissions: memberRegisterProjector }[
    book
  ];
  const dir = mkdtempSync(join(tmpdir(), 'coop-replay-'));
  const scratch = new EmbeddedReadModelStore(join(dir, 'replay.sqlite'));
  try {
    await project(events, projector, scratch, asOf);
    const all = <T extends Doc>(name: string) => scratch.collection<T>(name).find({}, { sort: { _id: 1 } });
    switch (book) {
      case 'assemblies':
        return {
          book,
          asOf,
          readModel: ASSEMBLY_BOOK,
          assemblies: await readAssemblies(async (name) => scratch.collection(name)),
        };
      case 'board': {
        const resolutions = (await all<ResolutionDoc>('resolutions')).filter(isBoardResolution);
        const meetings = await all<MeetingDoc>('meetings');
        return {
          book,
          asOf,
          meetings: meetings.map((m) => ({ ...m, resolutions: resolutions.filter((r) => r.resolution.meetingId === m._id) })),
        };
      }
      case 'admissions':
        return {
          book,
          asOf,
          ...admissionsOfYear(
            await all<ApplicationDoc>('applications'),
            await all<MemberDoc>('members'),
            Number(asOf.slice(0, 4)),
          ),
        };
    }
  } finally {
    await scratch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function project(events: EventStore, projector: Projector, scratch: EmbeddedReadModelStore, asOf: string): Promise<void> {
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const pending = batch;
    batch = [];
    await scratch.transaction(async (tx) => {
      for (const event of pending) await projector.apply(event, { collection: (name) => tx.collection(name) });
    });
  };
  for await (const event of events.readAll({ types: projector.eventTypes })) {
    if (businessDate(new Date(event.metadata.recordedAt)) > asOf) continue;
    batch.push(event);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

/**
 * Every event recorded by the end of `asOf`, with who recorded it, when, and through which
 * request (actor, command, correlation, causation), and its hash: the audit trail of the data.
 */
export async function* eventLog(events: EventStore, asOf: string) {
  for await (const event of events.readAll()) {
    if (businessDate(new Date(event.metadata.recordedAt)) > asOf) continue;
    const { actor, commandId, correlationId, causationId, recordedAt, occurredAt, hash } = event.metadata;
    yield {
      position: event.position,
      stream: event.stream,
      revision: event.revision.toString(),
      type: event.type,
      recordedAt,
      occurredAt,
      actor,
      commandId,
      correlationId,
      causationId,
      hash,
    };
  }
}
