import type { z } from 'zod';
import type { BlindSearch } from '../../platform/personal-data/blind-search.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { ReadCollection } from '../../platform/read-models/read-model-store.js';
import type { ApplicationDoc, MemberDoc } from '../projections/member-register.projection.js';
import { registerLine, type RegisterLine } from '../projections/register-queries.js';
import type { SearchEntryDoc } from '../projections/register-search.projection.js';
import type { RegisterEntry } from './membership-answers.schemas.js';
import { personalFields } from './personal-fields.js';

/**
 * How the register's reads are put together from the read model: its lines as of a date and
 * filtered, the members a search finds, the lines with their persons opened from the vault,
 * an application's view, and the register as CSV. The controller's routes call these.
 */

/** One line of the libro soci with the person opened (null fields once erased). */
export type Entry = z.infer<typeof RegisterEntry>;

/** Which lines a read of the register wants. */
export interface RegisterFilter {
  status: 'all' | 'active' | 'ended';
  section?: string;
  category?: string;
}

/** The register's lines as of the end of `asOf` (or as they stand), by member number, filtered. */
export async function registerLines(members: ReadCollection<MemberDoc>, asOf: string | undefined, query: RegisterFilter) {
  const docs = await members.find(asOf ? { admittedOn: { $lte: asOf } } : {}, { sort: { memberNumber: 1 } });
  return docs
    .map((doc) => registerLine(doc, asOf))
    .filter((line) => line !== null)
    .filter((line) => query.status === 'all' || (query.status === 'active') === (line.exit === null))
    .filter((line) => !query.section || line.section === query.section)
    .filter((line) => !query.category || line.category === query.category);
}

/** Which register lines a search finds: by member number when all digits, else every word the beginning of a word of the name or fiscal code. */
export async function searchedMembers(
  search: BlindSearch,
  index: ReadCollection<SearchEntryDoc>,
  q: string,
): Promise<(line: { memberId: string; memberNumber: number }) => boolean> {
  if (/^\d+$/.test(q)) return (line) => String(line.memberNumber) === q;
  const terms = await search.query(q);
  if (!terms) return () => false;
  const entries = await index.find({ terms: { $all: terms }, memberId: { $ne: null } }, { projection: { memberId: 1 } });
  const members = new Set(entries.map((entry) => entry.memberId));
  return (line) => members.has(line.memberId);
}

/** The lines with each member's person opened from the vault (only these members' are read). */
export async function withPersons(
  vault: PersonalDataVault,
  members: ReadCollection<MemberDoc>,
  lines: RegisterLine[],
): Promise<Entry[]> {
  if (lines.length === 0) return [];
  const docs = await members.find({ _id: { $in: lines.map((l) => l.memberId) } }, { projection: { applicant: 1 } });
  const sealed = new Map(docs.map((d) => [d._id, d.applicant]));
  return Promise.all(
    lines.map(async ({ applicationId: _, ...line }) => ({
      ...line,
      ...(await personalFields(vault, sealed.get(line.memberId)!)),
    })),
  );
}

/** An application as the routes answer it, the applicant's name opened from the vault. */
export async function applicationView(vault: PersonalDataVault, doc: ApplicationDoc) {
  const person = await personalFields(vault, doc.applicant);
  return {
    applicationId: doc._id,
    status: doc.status,
    category: doc.category,
    appliedOn: doc.appliedOn,
    name: person.name,
    memberId: doc.memberId,
    rejection: doc.rejection,
    appeal: doc.appeal,
    personalDataErased: person.personalDataErased,
  };
}

const CSV_COLUMNS: Array<[string, (e: Entry) => string | number | null]> = [
  ['numero', (e) => e.memberNumber],
  ['nome', (e) => e.name],
  ['codice_fiscale', (e) => e.fiscalCode],
  ['residenza', (e) => e.residence],
  ['categoria', (e) => e.category],
  ['sezione', (e) => e.section],
  ['data_ammissione', (e) => e.admittedOn],
  ['delibera_ammissione', (e) => e.boardResolutionId],
  ['quote_sottoscritte', (e) => e.shares.count],
  ['capitale_sottoscritto_eur', (e) => (e.shares.subscribedCents / 100).toFixed(2)],
  ['capitale_versato_eur', (e) => (e.shares.paidCents / 100).toFixed(2)],
  ['data_uscita', (e) => e.exit?.date ?? null],
  ['causa_uscita', (e) => e.exit?.cause ?? null],
];

/** The register as CSV, one line per member, the columns named in Italian (RFC 4180 quoting, CRLF). */
export function toCsv(entries: Entry[]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return (
    [
      CSV_COLUMNS.map(([name]) => name).join(','),
      ...entries.map((e) => CSV_COLUMNS.map(([, get]) => cell(get(e))).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
