import { deterministicId } from '../../platform/ids.js';
import type { BlindIndex } from '../../platform/personal-data/blind-index.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { NonMemberPerson, Worker } from '../domain/work-events.js';

/** Who works or volunteers, as a client gives it: a member by id, or a non-member person by name and fiscal code. */
export type PersonInput =
  | { kind: 'member'; memberId: string }
  | { kind: 'non_member'; givenName: string; familyName: string; fiscalCode: string; birthDate?: string | undefined };

/**
 * One non-member person, one id: derived from the blind index of their fiscal code, so two
 * part-time contracts, or a contract and a volunteer enrolment, name the same person (S3,
 * W4c) and one erasure reaches them all.
 */
export const nonMemberPersonId = (fiscalCodeIndex: string) => deterministicId(fiscalCodeIndex, 'non-member-person');

/** A non-member's data never enter an event as plain fields: they are sealed for the person, erasable with their key. */
export async function identifyPerson(vault: PersonalDataVault, blindIndex: BlindIndex, input: PersonInput): Promise<Worker> {
  if (input.kind === 'member') return input;
  const { kind, ...fields } = input;
  const fiscalCodeIndex = await blindIndex.of(fields.fiscalCode);
  const personId = nonMemberPersonId(fiscalCodeIndex);
  return { kind, personId, fiscalCodeIndex, person: await vault.seal(personId, fields) };
}

/**
 * A non-member sealed without their blind index (as a board resolution approving a contract
 * carries them) is opened and sealed again under their one person id; one identified already
 * is returned as it is.
 */
export async function identified<P extends Worker>(vault: PersonalDataVault, blindIndex: BlindIndex, person: P): Promise<P> {
  if (person.kind === 'member' || person.fiscalCodeIndex) return person;
  const fields = await vault.open<{ fiscalCode?: string } & Record<string, unknown>>(person.person);
  if (!fields?.fiscalCode) return person;
  const fiscalCodeIndex = await blindIndex.of(fields.fiscalCode);
  const personId = nonMemberPersonId(fiscalCodeIndex);
  const sealed: NonMemberPerson = { kind: 'non_member', personId, fiscalCodeIndex, person: await vault.seal(personId, fields) };
  return sealed as P;
}
