import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { isCoveredOn } from '../domain/volunteer.js';
import type { VolunteerDoc } from './volunteers.projection.js';

interface PersonFields {
  givenName?: string;
  familyName?: string;
  fiscalCode?: string;
  birthDate?: string;
}

/** One line of the register of volunteers. */
export interface VolunteerRegisterEntry {
  number: number;
  volunteerId: string;
  kind: 'member' | 'non_member';
  memberId: string | null;
  familyName: string | null;
  givenName: string | null;
  fiscalCode: string | null;
  birthDate: string | null;
  personalDataErased: boolean;
  enrolledOn: string;
  leftOn: string | null;
  leftReason: string | null;
  unit: string;
  activity: string | null;
  /** The policy number is null once the volunteer's data are erased. */
  insurance: Array<{ insurer: string; policyNumber: string | null; coveredFrom: string; coveredUntil: string }>;
  insuredOn: boolean;
}

/**
 * The register of volunteers (registro dei volontari, CTS art. 17 c. 1; DM 6 ottobre 2021;
 * W4b) as of the end of `asOf`, from the work-volunteers read model's volunteers (sorted by
 * enrolment date, then id: the register's numbering) and the sealed person of each member
 * volunteer. The service's page and the auditors' replay and bundle share this code, so
 * their books can be compared. Without a vault the personal fields are left null (what an
 * audit comparison holds side by side: the rest of the line).
 */
export async function volunteerRegisterEntries(
  volunteers: readonly VolunteerDoc[],
  memberPerson: ReadonlyMap<string, SealedPersonalData | null>,
  asOf: string,
  vault?: PersonalDataVault,
): Promise<VolunteerRegisterEntry[]> {
  const entries: VolunteerRegisterEntry[] = [];
  for (const [index, v] of volunteers.entries()) {
    if (v.enrolledOn > asOf) continue;
    const sealed: SealedPersonalData | null =
      v.volunteer.kind === 'member' ? (memberPerson.get(v.volunteer.memberId) ?? null) : v.volunteer.person;
    const fields = sealed && vault ? await vault.open<PersonFields & Record<string, unknown>>(sealed) : null;
    const left = v.leftOn !== null && v.leftOn <= asOf;
    const covers = v.coverage.filter((c) => c.coveredFrom <= asOf);
    const insurance = vault
      ? await openCoverage(vault, covers)
      : covers.map(({ insurer, coveredFrom, coveredUntil }) => ({ insurer, policyNumber: null, coveredFrom, coveredUntil }));
    entries.push({
      number: index + 1,
      volunteerId: v._id,
      kind: v.volunteer.kind,
      memberId: v.volunteer.kind === 'member' ? v.volunteer.memberId : null,
      familyName: fields?.familyName ?? null,
      givenName: fields?.givenName ?? null,
      fiscalCode: fields?.fiscalCode ?? null,
      birthDate: fields?.birthDate ?? null,
      personalDataErased: vault !== undefined && sealed !== null && fields === null,
      enrolledOn: v.enrolledOn,
      leftOn: left ? v.leftOn : null,
      leftReason: left ? v.leftReason : null,
      unit: v.unit,
      activity: v.activity ?? null,
      insurance,
      insuredOn: !left && isCoveredOn(insurance, asOf),
    });
  }
  return entries;
}

/** The volunteer's covers with their policy numbers opened through the vault (null once erased). */
export async function openCoverage(vault: PersonalDataVault, coverage: VolunteerDoc['coverage']) {
  const opened = [];
  for (const { insurer, policy, coveredFrom, coveredUntil } of coverage) {
    const fields = await vault.open<{ policyNumber: string }>(policy);
    opened.push({ insurer, policyNumber: fields?.policyNumber ?? null, coveredFrom, coveredUntil });
  }
  return opened;
}

/** The register's columns, Italian, as the service's CSV export and the auditors' bundle print them. */
export const VOLUNTEER_REGISTER_COLUMNS: Array<[string, (e: VolunteerRegisterEntry) => string | number | null]> = [
  ['numero', (e) => e.number],
  ['cognome', (e) => e.familyName],
  ['nome', (e) => e.givenName],
  ['codice_fiscale', (e) => e.fiscalCode],
  ['data_nascita', (e) => e.birthDate],
  ['dati_cancellati', (e) => (e.personalDataErased ? 'sì' : 'no')],
  ['socio', (e) => (e.kind === 'member' ? 'sì' : 'no')],
  ['data_iscrizione', (e) => e.enrolledOn],
  ['data_cessazione', (e) => e.leftOn],
  ['causa_cessazione', (e) => e.leftReason],
  ['unita_operativa', (e) => e.unit],
  ['attivita', (e) => e.activity],
  [
    'copertura_assicurativa',
    (e) => e.insurance.map((c) => `${c.insurer} ${c.policyNumber} ${c.coveredFrom}/${c.coveredUntil}`).join('; ') || null,
  ],
  ['assicurato_alla_data', (e) => (e.insuredOn ? 'sì' : 'no')],
];

/** RFC 4180 CSV (CRLF) of the register. */
export function volunteerRegisterCsv(entries: readonly VolunteerRegisterEntry[]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return (
    [
      VOLUNTEER_REGISTER_COLUMNS.map(([name]) => name).join(','),
      ...entries.map((e) => VOLUNTEER_REGISTER_COLUMNS.map(([, get]) => cell(get(e))).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
