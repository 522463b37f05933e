import { isDeepStrictEqual } from 'node:util';
import { membershipEvents, type MembershipEvent } from '../membership/public.js';
import { MEMBER_REGISTER, type MemberDoc } from '../membership/public.js';
import { registerLine, type RegisterLine } from '../membership/public.js';
import { replayRegisterAsOf } from '../membership/public.js';
import type { EventStore } from '../platform/event-store/event-store.js';
import { comparePositions, type Position } from '../platform/event-store/position.js';
import type { ProjectionRunner } from '../platform/projections/projection-runner.js';
import { fromAnotherStore, readCheckpoint } from '../platform/projections/projection-state.js';
import type { ReadModelStore } from '../platform/read-models/read-model-store.js';
import { csv, registerLineColumns, type CsvColumn } from './register-columns.js';

/**
 * The member register (libro soci, c.c. art. 2421 c. 1 n. 1) as an auditor rebuilds it: from
 * the events alone, by code that shares nothing with the read model, and compared with what
 * the service answers. Personal data stay out: they are sealed per person and are not what
 * the comparison is about.
 */

const MEMBERSHIP_TYPES = membershipEvents.map((definition) => definition.type);

/** The register as of `asOf` from the events recorded up to `until` (all of them by default). */
export async function replayRegister(events: EventStore, asOf: string, until?: Position | null): Promise<RegisterLine[]> {
  const recorded: MembershipEvent[] = [];
  if (until !== null)
    for await (const event of events.readAll({ types: MEMBERSHIP_TYPES })) {
      if (until !== undefined && comparePositions(event.position, until) > 0) break;
      recorded.push({ type: event.type, data: event.data } as MembershipEvent);
    }
  return replayRegisterAsOf(recorded, asOf);
}

export interface ReadModelRegister {
  lines: RegisterLine[];
  /** The build that answered and the position its documents reflect (null: nothing projected yet). */
  build: string;
  position: Position | null;
}

/**
 * The register as of `asOf` as the read model answers it, with the position it reflects, so
 * a comparison is made at that position and a read model merely behind is not taken for a
 * wrong one. Read between two looks at the checkpoint, retried if a running service moved it.
 * For a runtime of its own (the CLI's): `inspect()` reloads the projectors' state, which must
 * not happen under projectors this process is running.
 */
export async function readModelRegister(
  projections: ProjectionRunner,
  readModels: ReadModelStore,
  asOf: string,
): Promise<ReadModelRegister> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const status = (await projections.inspect()).find((s) => s.name === MEMBER_REGISTER);
    if (!status) throw new Error(`no projection ${MEMBER_REGISTER}`);
    const build = status.activeBuild ?? status.build;
    const checkpoint = await readCheckpoint(readModels, MEMBER_REGISTER, build);
    // Its position would be compared with this store's events, where it means nothing.
    if (fromAnotherStore(checkpoint, await projections.eventStoreId()))
      throw new Error(
        `${MEMBER_REGISTER}: the build answering queries (${build}) was projected from another event store and is being rebuilt; compare again once it is live`,
      );
    const before = checkpoint?.position ?? null;
    const members = await projections.collection<MemberDoc>(MEMBER_REGISTER, 'members');
    const lines: RegisterLine[] = [];
    for await (const doc of members.stream({}, { sort: { memberNumber: 1 } })) {
      const line = registerLine(doc, asOf);
      if (line) lines.push(line);
    }
    const after = (await readCheckpoint(readModels, MEMBER_REGISTER, build))?.position ?? null;
    if (before === after) return { lines, build, position: after };
  }
  throw new Error(`${MEMBER_REGISTER} kept moving while it was read; try again`);
}

export interface RegisterDifference {
  memberNumber: number;
  kind: 'only-in-events' | 'only-in-read-model' | 'differs';
  /** Top-level fields that differ. */
  fields?: string[];
  fromEvents?: RegisterLine;
  fromReadModel?: RegisterLine;
}

export function diffRegisters(fromEvents: readonly RegisterLine[], fromReadModel: readonly RegisterLine[]): RegisterDifference[] {
  const model = new Map(fromReadModel.map((line) => [line.memberNumber, line]));
  const differences: RegisterDifference[] = [];
  for (const line of fromEvents) {
    const other = model.get(line.memberNumber);
    model.delete(line.memberNumber);
    if (!other) differences.push({ memberNumber: line.memberNumber, kind: 'only-in-events', fromEvents: line });
    else if (!isDeepStrictEqual(line, other)) {
      const keys = new Set([...Object.keys(line), ...Object.keys(other)]) as Set<keyof RegisterLine>;
      const fields = [...keys].filter((key) => !isDeepStrictEqual(line[key], other[key]));
      differences.push({ memberNumber: line.memberNumber, kind: 'differs', fields, fromEvents: line, fromReadModel: other });
    }
  }
  for (const line of model.values())
    differences.push({ memberNumber: line.memberNumber, kind: 'only-in-read-model', fromReadModel: line });
  return differences.sort((a, b) => a.memberNumber - b.memberNumber);
}

const CSV_COLUMNS: Array<CsvColumn<RegisterLine>> = [
  ['numero', (l) => l.memberNumber],
  ['id_socio', (l) => l.memberId],
  ['id_domanda', (l) => l.applicationId],
  ...registerLineColumns(),
  ['causa_uscita', (l) => l.exit?.cause ?? null],
];

/** RFC 4180 CSV (CRLF), with the column names of the service's own export. */
export function registerCsv(lines: readonly RegisterLine[]): string {
  return csv(CSV_COLUMNS, lines);
}
