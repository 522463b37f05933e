import { italianDate as day, type Block } from '../../platform/documents/index.js';
import type { RegisterBookEntries, VolunteerBookEntries } from './book-sources.js';

export const ERASED = 'dati cancellati';

const CATEGORY: Record<string, string> = {
  worker: 'lavoratore',
  volunteer: 'volontario',
  user: 'fruitore',
  financing: 'sovventore',
  legal_person: 'persona giuridica',
  special: 'speciale',
};
const SECTION: Record<string, string> = { ordinary: 'ordinaria', volunteers: 'volontari' };
const EXIT: Record<string, string> = { withdrawal: 'recesso', exclusion: 'esclusione', death: 'morte' };
const euro = (cents: number) => `€ ${(cents / 100).toLocaleString('it-IT', { minimumFractionDigits: 2 })}`;
const inYear = (date: string | null | undefined, year: number) => date?.startsWith(`${year}-`) ?? false;

/**
 * The libro soci of a year (c.c. art. 2421 c. 1 n. 1): every member on the register during the
 * year, as the register stood on 31 December, with the year's admissions and exits marked.
 */
export function registerBlocks(entries: RegisterBookEntries, year: number): Block[] {
  const during = entries.filter((e) => !e.exit || e.exit.date >= `${year}-01-01`);
  const admitted = during.filter((e) => inYear(e.admittedOn, year)).length;
  const exited = during.filter((e) => inYear(e.exit?.date, year)).length;
  return [
    { kind: 'heading', level: 1, text: `Libro soci, anno ${year}` },
    {
      kind: 'paragraph',
      text:
        `Stato del libro soci al 31/12/${year} (c.c. art. 2421 c. 1 n. 1): ${during.length} soci iscritti nell’anno, ` +
        `${admitted} ammessi e ${exited} usciti nel ${year} (segnati con *). I soci volontari formano una sezione a sé (L. 381/1991 art. 2 c. 1).`,
    },
    {
      kind: 'table',
      compact: true,
      columns: [
        { title: 'N.', width: 18, align: 'right' },
        { title: 'Socio, codice fiscale', width: 96 },
        { title: 'Residenza', width: 100 },
        { title: 'Categoria, sezione', width: 58 },
        { title: 'Ammissione, delibera', width: 80 },
        { title: 'Quote sottoscritte, versate', width: 76 },
        { title: 'Uscita', width: 55 },
      ],
      rows: during.map((e) => [
        String(e.memberNumber),
        e.personalDataErased ? ERASED : `${e.name ?? ERASED}\n${e.fiscalCode ?? ''}`,
        e.personalDataErased ? ERASED : (e.residence ?? ''),
        `${CATEGORY[e.category] ?? e.category}\nsezione ${SECTION[e.section] ?? e.section}`,
        `${inYear(e.admittedOn, year) ? '* ' : ''}${day(e.admittedOn)}\n${e.boardResolutionId}`,
        `${e.shares.count} ${e.shares.count === 1 ? 'quota' : 'quote'}\nsott. ${euro(e.shares.subscribedCents)}\nvers. ${euro(e.shares.paidCents)}`,
        e.exit ? `${inYear(e.exit.date, year) ? '* ' : ''}${day(e.exit.date)}\n${EXIT[e.exit.cause] ?? e.exit.cause}` : '',
      ]),
    },
  ];
}

/** The registro dei volontari of a year (L. 381/1991 art. 2; CTS art. 17 c. 1): every volunteer active in the year. */
export function volunteerBlocks(volunteers: VolunteerBookEntries, year: number): Block[] {
  const during = volunteers.filter((v) => !v.leftOn || v.leftOn >= `${year}-01-01`);
  return [
    { kind: 'heading', level: 1, text: `Registro dei volontari, anno ${year}` },
    {
      kind: 'paragraph',
      text:
        `Stato del registro al 31/12/${year} (L. 381/1991 art. 2; CTS art. 17 c. 1): ${during.length} volontari iscritti nell’anno, ` +
        `${during.filter((v) => inYear(v.enrolledOn, year)).length} iscritti e ${during.filter((v) => inYear(v.leftOn, year)).length} cessati nel ${year}.`,
    },
    {
      kind: 'table',
      compact: true,
      columns: [
        { title: 'N.', width: 18, align: 'right' },
        { title: 'Volontario, codice fiscale', width: 96 },
        { title: 'Socio', width: 30 },
        { title: 'Iscrizione, cessazione', width: 72 },
        { title: 'Unità, attività', width: 105 },
        { title: 'Assicurazione (W4)', width: 162 },
      ],
      rows: during.map((v) => [
        String(v.number),
        v.personalDataErased ? ERASED : `${[v.familyName, v.givenName].filter(Boolean).join(' ')}\n${v.fiscalCode ?? ''}`,
        v.kind === 'member' ? 'sì' : 'no',
        [day(v.enrolledOn), v.leftOn ? `cessato ${day(v.leftOn)}${v.leftReason ? ` (${v.leftReason})` : ''}` : '']
          .filter(Boolean)
          .join('\n'),
        [v.unit, v.activity].filter(Boolean).join('\n'),
        v.insurance
          .map((i) => `${i.insurer} ${i.policyNumber ?? ERASED}, ${day(i.coveredFrom)} – ${day(i.coveredUntil)}`)
          .join('\n') || 'nessuna',
      ]),
    },
  ];
}
