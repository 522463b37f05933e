import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { openPerson, type PersonName } from '../commands/governance-people.js';
import type { Signatories } from '../domain/governance-events.js';
import type { AssemblyDoc } from '../projections/assembly-book.projection.js';
import {
  DECISION_TRAIL,
  type BoardResolutionDoc,
  type DirectorDoc,
  type MeetingDoc,
} from '../projections/decision-trail.projection.js';
import { GOVERNANCE_MEMBERS, type GovernanceMemberDoc } from '../projections/governance-members.projection.js';

export type { PersonName };

/** Who is named by id in the board's records, by name (or erased). */
export type DirectorNames = ReadonlyMap<string, PersonName>;

const erased: PersonName = { name: null, personalDataErased: true };

/**
 * Every director's name, opened through the vault. A member director's name is erased with
 * the member; names a first release wrote in plain text (scheme `none`) read as erased too
 * once their member is erased, so the books never show a name the member had erased.
 */
export async function directorNames(projections: ProjectionRunner, vault: PersonalDataVault): Promise<Map<string, PersonName>> {
  const directors = await projections.reader<DirectorDoc>(DECISION_TRAIL, 'directors').find();
  const memberIds = directors.flatMap((d) => (d.memberId ? [d.memberId] : []));
  const members = memberIds.length
    ? await projections.reader<GovernanceMemberDoc>(GOVERNANCE_MEMBERS, 'members').find({ _id: { $in: memberIds } })
    : [];
  const memberSubject = new Map(members.flatMap((m) => (m.person ? [[m._id, m.person.subject] as const] : [])));
  const names = new Map<string, PersonName>();
  for (const director of directors) {
    const subject = director.memberId ? memberSubject.get(director.memberId) : undefined;
    if (director.person.scheme === 'none' && subject && (await vault.isErased(subject))) names.set(director._id, erased);
    else names.set(director._id, await openPerson(vault, director.person));
  }
  return names;
}

export const nameOf = (names: DirectorNames, directorId: string): PersonName => names.get(directorId) ?? erased;

/** Each director's office (`president`, `vice_president`, `director`) as the board's election recorded it. */
export type DirectorOffices = ReadonlyMap<string, string>;

export async function directorOffices(projections: ProjectionRunner): Promise<Map<string, string>> {
  const directors = await projections.reader<DirectorDoc>(DECISION_TRAIL, 'directors').find();
  return new Map(directors.map((d) => [d._id, d.role]));
}

const OFFICE: Record<string, string> = { president: 'Presidente', vice_president: 'Vicepresidente', director: 'Consigliere' };

/**
 * A director as the board's book names them: "Maria Rossi (Presidente)", or the book's words
 * for erased data in place of the name once the person's key is deleted.
 */
export function directorLabel(person: { name: string | null }, office: string | undefined, erasedWords: string): string {
  const name = person.name ?? erasedWords;
  return office ? `${name} (${OFFICE[office] ?? office})` : name;
}

/** The minutes' signatories by name: null each once erased, and `personalDataErased: true` if any is. */
export async function readableMinutes<M extends { signatories: Signatories }>(vault: PersonalDataVault, minutes: M | null) {
  if (!minutes) return null;
  const { signatories, ...rest } = minutes;
  const [president, secretary] = await Promise.all([
    openPerson(vault, signatories.president),
    openPerson(vault, signatories.secretary),
  ]);
  return {
    ...rest,
    president: president.name,
    secretary: secretary.name,
    ...(president.name === null || secretary.name === null ? { personalDataErased: true as const } : {}),
  };
}
/** A board meeting as its book and its reads show it: every director by name. */
export async function readableMeeting(meeting: MeetingDoc, names: DirectorNames, vault: PersonalDataVault) {
  return {
    ...meeting,
    presentDirectors: meeting.present?.map((directorId) => ({ directorId, ...nameOf(names, directorId) })) ?? null,
    conflicts: meeting.conflicts.map((c) => ({ ...c, ...nameOf(names, c.directorId) })),
    minutes: await readableMinutes(vault, meeting.minutes),
  };
}
export type ReadableMeeting = Awaited<ReturnType<typeof readableMeeting>>;

/** A board resolution with each vote's director by name. */
export function readableResolution(resolution: BoardResolutionDoc, names: DirectorNames) {
  return {
    ...resolution,
    resolution: {
      ...resolution.resolution,
      votes: resolution.resolution.votes.map((v) => ({ ...v, ...nameOf(names, v.directorId) })),
    },
  };
}
export type ReadableResolution = ReturnType<typeof readableResolution>;

/** An assembly with its minutes' signatories by name. */
export async function readableAssembly(assembly: AssemblyDoc, vault: PersonalDataVault) {
  return { ...assembly, minutes: await readableMinutes(vault, assembly.minutes) };
}
export type ReadableAssembly = Awaited<ReturnType<typeof readableAssembly>>;
