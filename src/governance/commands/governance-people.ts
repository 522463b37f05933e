import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import {
  directorSubject,
  signatorySubject,
  type Director,
  type DirectorInput,
  type Signatories,
} from '../domain/governance-events.js';

/**
 * The people governance names, sealed through the vault before anything is recorded: a
 * director who is a member with that member's own key (`memberSubjects`: member id → the
 * subject the member's data are sealed for), so erasing the member erases the director too;
 * a non-member director with a key of their own.
 */
export async function sealDirectors(
  vault: PersonalDataVault,
  directors: readonly DirectorInput[],
  memberSubjects: ReadonlyMap<string, string>,
): Promise<Director[]> {
  return Promise.all(
    directors.map(async ({ name, ...director }) => {
      const subject = (director.memberId && memberSubjects.get(director.memberId)) || directorSubject(director.directorId);
      return { ...director, person: await vault.seal(subject, { name }) };
    }),
  );
}

/** The president and secretary who sign one meeting's minutes, each with a key of their own. */
export async function sealSignatories(
  vault: PersonalDataVault,
  meetingId: string,
  names: { president: string; secretary: string },
): Promise<Signatories> {
  const [president, secretary] = await Promise.all([
    vault.seal(signatorySubject(meetingId, 'president'), { name: names.president }),
    vault.seal(signatorySubject(meetingId, 'secretary'), { name: names.secretary }),
  ]);
  return { president, secretary };
}

/** A sealed person as a reader sees them: the name, or null with `personalDataErased: true` once erased. */
export type PersonName = { name: string; personalDataErased?: never } | { name: null; personalDataErased: true };

export async function openPerson(vault: PersonalDataVault, sealed: SealedPersonalData | null | undefined): Promise<PersonName> {
  const fields = sealed ? await vault.open<{ name?: string }>(sealed) : null;
  return fields?.name ? { name: fields.name } : { name: null, personalDataErased: true };
}
