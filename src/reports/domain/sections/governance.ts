import { italianDate } from '../../../platform/documents/dates.js';
import { categoryName, EVENTS, figure, upTo, yearOf } from '../social-report.figures.js';
import { NOT_RECORDED, section, type Figure, type Section, type SocialReportSources } from '../social-report.types.js';

const CAUSE: Record<string, string> = { withdrawal: 'recesso', exclusion: 'esclusione', death: 'decesso' };
const ROLE: Record<string, string> = { president: 'presidente', vice_president: 'vicepresidente', director: 'consigliere' };
const SECTION: Record<string, string> = { ordinary: 'sezione ordinaria', volunteers: 'sezione dei soci volontari' };
const PARTNER: Record<string, string> = {
  cooperative: 'cooperativa',
  consortium: 'consorzio',
  social_enterprise: 'impresa sociale',
  third_sector_body: 'ente del Terzo settore',
  public_body: 'ente pubblico',
};

/** Section 3: members by category and section, admissions and exits, the board, its meetings, assemblies, partnerships. */
export const governanceSection = (s: SocialReportSources): Section => {
  const y = s.year;
  const end = `${y}-12-31`;
  const register = `/membership/reports/year?year=${y}`;
  const admissions = `/membership/reports/admissions?year=${y}`;
  const participation = '/governance/reports/participation';
  const board = '/governance/board';
  const meetings = `/governance/books/board?year=${y}`;
  const partnerships = `/cooperation/partnerships?asOf=${end}`;
  // A register without any member on either date records nothing of the year: its figures are not recorded.
  const known = s.register.start.total + s.register.end.total + s.register.exits.length > 0;
  const value = (n: number) => (known ? n : null);

  const membersOn = (at: 'start' | 'end', label: string): Figure[] => {
    const point = s.register[at];
    const period = upTo(point.date);
    return [
      figure(`Soci ${label}: totale`, value(point.total), 'count', register, `${at}.total`, EVENTS.register, period),
      ...Object.keys(point.byCategory).map((c) =>
        figure(
          `Soci ${label}: ${categoryName(c)}`,
          value(point.byCategory[c]!),
          'count',
          register,
          `${at}.byCategory.${c}`,
          EVENTS.register,
          period,
        ),
      ),
      ...(['ordinary', 'volunteers'] as const).map((sec) =>
        figure(
          `Soci ${label}: ${SECTION[sec]}`,
          value(point.bySection[sec]),
          'count',
          register,
          `${at}.bySection.${sec}`,
          EVENTS.register,
          period,
        ),
      ),
    ];
  };

  const assemblies = s.participation.map((a, index) => ({ a, index })).filter(({ a }) => a.date.startsWith(`${y}-`));
  const termIndex = s.board.terms.reduce((found, t, i) => (t.electedOn <= end ? i : found), -1);
  const term = s.board.terms[termIndex];
  const inYear = yearOf(y);
  return section(3, {
    paragraphs: [
      'Composizione della base sociale per categoria e per sezione del libro soci; ammissioni e cessazioni con le loro cause secondo c.c. art. 2528 c. 5; partecipazione alle assemblee per categoria di socio.',
      term
        ? `Consiglio di amministrazione in carica al 31/12/${y}: eletto il ${italianDate(term.electedOn)}, mandato fino al ${italianDate(term.termEndsOn)}.`
        : `Consiglio di amministrazione in carica al 31/12/${y}: ${NOT_RECORDED}.`,
    ],
    figures: [
      ...membersOn('start', 'a inizio anno'),
      ...membersOn('end', 'a fine anno'),
      figure(
        'Ammissioni nell’anno',
        value(s.admissions.admissions.length),
        'count',
        admissions,
        'admissions.length',
        EVENTS.admissions,
        inYear,
      ),
      figure(
        'Domande respinte nell’anno',
        value(s.admissions.rejections.length),
        'count',
        admissions,
        'rejections.length',
        EVENTS.admissions,
        inYear,
      ),
      figure('Cessazioni nell’anno', value(s.register.exits.length), 'count', register, 'exits.length', EVENTS.exits, inYear),
      ...Object.keys(s.register.exitsByCause).map((cause) =>
        figure(
          `Cessazioni per ${CAUSE[cause] ?? cause}`,
          value(s.register.exitsByCause[cause]!),
          'count',
          register,
          `exitsByCause.${cause}`,
          EVENTS.exits,
          inYear,
        ),
      ),
      figure(
        'Consiglieri in carica al 31/12',
        term ? term.directors.length : null,
        'count',
        board,
        `terms.${termIndex}.directors.length`,
        EVENTS.board,
        upTo(end),
      ),
      figure(
        'Riunioni del consiglio di amministrazione',
        term || s.boardMeetings.index.length ? s.boardMeetings.index.length : null,
        'count',
        meetings,
        'index.length',
        EVENTS.boardMeetings,
        inYear,
      ),
      figure(
        'Assemblee tenute',
        value(assemblies.length),
        'count',
        participation,
        `[date^=${y}].length`,
        EVENTS.participation,
        inYear,
      ),
      ...assemblies.flatMap(({ a, index }) => [
        figure(
          `Assemblea del ${italianDate(a.date)}: voti presenti`,
          a.votesPresent,
          'count',
          participation,
          `${index}.votesPresent`,
          EVENTS.participation,
          inYear,
        ),
        figure(
          `Assemblea del ${italianDate(a.date)}: voti totali`,
          a.totalVotes,
          'count',
          participation,
          `${index}.totalVotes`,
          EVENTS.participation,
          inYear,
        ),
      ]),
      figure(
        'Accordi di collaborazione in essere al 31/12',
        s.partnerships.partnerships.length || known ? s.partnerships.partnerships.length : null,
        'count',
        partnerships,
        'partnerships.length',
        EVENTS.partnerships,
        upTo(end),
      ),
    ],
    tables: [
      {
        columns: ['Socio n.', 'Categoria', 'Cessato il', 'Causa'],
        rows: s.register.exits.map((e) => [`${e.memberNumber}`, categoryName(e.category), e.endedOn, CAUSE[e.cause] ?? e.cause]),
      },
      {
        columns: ['Consigliere', 'Carica', 'Eletto il', 'Mandato fino al'],
        rows: (term?.directors ?? []).map((d) => [
          d.name ?? 'dati cancellati',
          ROLE[d.role] ?? d.role,
          italianDate(term!.electedOn),
          italianDate(term!.termEndsOn),
        ]),
      },
      {
        columns: ['Assemblea', 'Categoria', 'Presenti', 'Rappresentati', 'Voti espressi'],
        rows: assemblies.flatMap(({ a }) =>
          Object.entries(a.byCategory).map(([c, p]) => [
            italianDate(a.date),
            categoryName(c),
            `${p.present}`,
            `${p.represented}`,
            `${p.votes}`,
          ]),
        ),
      },
      {
        columns: ['Partner', 'Tipo', 'Forma', 'Ambito', 'Dal'],
        rows: s.partnerships.partnerships.map((p) => [
          p.partner.name,
          PARTNER[p.partner.kind] ?? p.partner.kind,
          p.form,
          p.scope,
          italianDate(p.startsOn),
        ]),
      },
    ],
    charts: [
      {
        title: `Soci per categoria al 31/12/${y}`,
        bars: known
          ? Object.entries(s.register.end.byCategory)
              .filter(([, n]) => n > 0)
              .map(([c, n]) => ({ label: categoryName(c), value: n }))
          : [],
      },
    ],
  });
};
