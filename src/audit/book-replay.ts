import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSEMBLY_BOOK, assemblyBookProjector, readAssemblies, type BookCollections } from '../governance/public.js';
import { openPerson, type PersonName } from '../governance/public.js';
import { readableAssembly, readableMeeting, readableResolution } from '../governance/public.js';
import type { PersonalDataVault } from '../platform/personal-data/personal-data.js';
import {
  type DirectorDoc,
  decisionTrailProjector,
  isBoardResolution,
  type MeetingDoc,
  type ResolutionDoc,
} from '../governance/public.js';
import { memberRegisterProjector, type ApplicationDoc, type MemberDoc } from '../membership/public.js';
import { admissionsOfYear } from '../membership/public.js';
import {
  volunteerRegisterEntries,
  volunteersProjector,
  WORK_VOLUNTEERS,
  workMembersProjector,
  type VolunteerDoc,
  type WorkMemberDoc,
} from '../work/public.js';
import { businessDate } from '../platform/clock.js';
import type { EventStore, RecordedEvent } from '../platform/event-store/event-store.js';
import { comparePositions, type Position } from '../platform/event-store/position.js';
import type { Projector } from '../platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../platform/read-models/embedded/embedded-read-model-store.js';
import type { Doc } from '../platform/read-models/read-model-store.js';

export type ReplayableBook = 'assemblies' | 'board' | 'admissions' | 'volunteers';
const BATCH = 5_000;

/**
 * Rebuilds a book as of a day from the events alone, in a scratch read model of its own: it
 * shares the projector with the live book but none of its state, so an auditor sees what the
 * events alone say. A book is kept by business date, not by when the secretariat typed it in:
 * it holds the meetings held (and the admissions and rejections decided) on or before `asOf`,
 * in date order, whenever they were recorded: a history recorded at once (a migration, the
 * seed) replays whole.
 */
export async function replayBook(
  events: EventStore,
  book: ReplayableBook,
  asOf: string,
  /** Given, the names sealed in the books (directors, the minutes' signatories) are opened: null once erased. */
  vault?: PersonalDataVault,
  /** The events recorded up to this position only (all by default). */
  until?: Position,
): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-replay-'));
  const scratch = new EmbeddedReadModelStore(join(dir, 'replay.sqlite'));
  try {
    await project(events, BOOK_PROJECTORS[book], scratch, until);
    if (vault) for (const projector of NAME_PROJECTORS[book] ?? []) await project(events, projector, scratch, until);
    return await shapeBook(book, asOf, async (name) => scratch.collection(name), vault);
  } finally {
    await scratch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The projector each book is kept by: the live book's own, so a replay and the read model share their code. */
export const BOOK_PROJECTORS: Record<ReplayableBook, Projector> = {
  assemblies: assemblyBookProjector,
  board: decisionTrailProjector,
  admissions: memberRegisterProjector,
  volunteers: volunteersProjector,
};

/**
 * The projectors a book also needs to print names, beside its own: the register of volunteers
 * opens a member volunteer's name from the work context's view of the members.
 */
const NAME_PROJECTORS: Partial<Record<ReplayableBook, Projector[]>> = { volunteers: [workMembersProjector] };

/**
 * The book as of `asOf` from its projector's collections: a replay's scratch read model or the
 * service's own, so the two answers are shaped by one code and can be compared.
 */
export async function shapeBook(
  book: ReplayableBook,
  asOf: string,
  collection: BookCollections,
  vault?: PersonalDataVault,
): Promise<unknown> {
  const all = async <T extends Doc>(name: string) => (await collection<T>(name)).find({}, { sort: { _id: 1 } });
  const byDate =
    <T>(dateOf: (x: T) => string) =>
    (a: T, b: T) =>
      dateOf(a).localeCompare(dateOf(b));
  switch (book) {
    case 'assemblies': {
      // An assembly's date is the day of the call it was held on (its first call until one is opened).
      const dateOf = (a: { opening: { heldOn: string } | null; firstCall: { date: string } }) =>
        a.opening?.heldOn ?? a.firstCall.date;
      const assemblies = (await readAssemblies(collection)).filter((a) => dateOf(a) <= asOf).sort(byDate(dateOf));
      return {
        book,
        asOf,
        readModel: ASSEMBLY_BOOK,
        assemblies: vault ? await Promise.all(assemblies.map((a) => readableAssembly(a, vault))) : assemblies,
      };
    }
    case 'board': {
      const resolutions = (await all<ResolutionDoc>('resolutions'))
        .filter(isBoardResolution)
        .filter((r) => r.resolution.decidedOn <= asOf)
        .sort((a, b) => a.resolution.decidedOn.localeCompare(b.resolution.decidedOn) || a.resolution.item - b.resolution.item);
      const meetings = (await all<MeetingDoc>('meetings')).filter((m) => m.heldOn <= asOf).sort(byDate((m) => m.heldOn));
      if (!vault)
        return {
          book,
          asOf,
          meetings: meetings.map((m) => ({ ...m, resolutions: resolutions.filter((r) => r.resolution.meetingId === m._id) })),
        };
      const names = new Map<string, PersonName>();
      for (const d of await all<DirectorDoc>('directors')) names.set(d._id, await openPerson(vault, d.person));
      const readable = resolutions.map((r) => readableResolution(r, names));
      return {
        book,
        asOf,
        meetings: await Promise.all(
          meetings.map(async (m) => ({
            ...(await readableMeeting(m, names, vault)),
            resolutions: readable.filter((r) => r.resolution.meetingId === m._id),
          })),
        ),
      };
    }
    case 'admissions': {
      const year = admissionsOfYear(
        await all<ApplicationDoc>('applications'),
        await all<MemberDoc>('members'),
        Number(asOf.slice(0, 4)),
      );
      return {
        book,
        asOf,
        ...year,
        admissions: year.admissions
          .filter((a) => a.admittedOn <= asOf)
          .sort((a, b) => a.admittedOn.localeCompare(b.admittedOn) || (a.memberNumber ?? 0) - (b.memberNumber ?? 0)),
        rejections: year.rejections.filter((r) => r.decidedOn <= asOf),
      };
    }
    case 'volunteers': {
      // The register's numbering is the order of enrolment (then id), as the service's page numbers it.
      const volunteers = await (await collection<VolunteerDoc>('volunteers')).find({}, { sort: { enrolledOn: 1, _id: 1 } });
      const members = vault ? await all<WorkMemberDoc>('members') : [];
      return {
        book,
        asOf,
        readModel: WORK_VOLUNTEERS,
        volunteers: await volunteerRegisterEntries(volunteers, new Map(members.map((m) => [m._id, m.person])), asOf, vault),
      };
    }
  }
}

/** Every event the book's projector reads, in `$all` order: the book's dates select afterwards. */
async function project(
  events: EventStore,
  projector: Projector,
  scratch: EmbeddedReadModelStore,
  until?: Position,
): Promise<void> {
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const pending = batch;
    batch = [];
    await scratch.transaction(async (tx) => {
      for (const event of pending) await projector.apply(event, { collection: (name) => tx.collection(name) });
    });
  };
  for await (const event of events.readAll({ types: projector.eventTypes })) {
    if (until !== undefined && comparePositions(event.position, until) > 0) break;
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
