/**
 * The social report (bilancio sociale, D.Lgs. 112/2017 art. 9 c. 2) of a year, laid out by
 * the sections of the guidelines (DM 4 luglio 2019). Every figure names the API report it is
 * read from (path and field) and the event types behind that report, so an auditor can trace
 * it; a figure that cannot be computed is `null` and prints as "non rilevato", never as 0.
 */

/** The API reports of the year the report is built from, as the API returns them. */
export interface SocialReportSources {
  year: number;
  statute: { settings: { shareValueCents: number; minimumMembers: number; maxHoldingCents: number }; adopted: boolean };
  composition: { series: CompositionPoint[] };
  admissions: { admissions: { category: string }[]; rejections: unknown[] };
  participation: {
    assemblyId: string;
    date: string;
    kind: string;
    votesPresent: number;
    totalVotes: number;
    turnout: number | null;
    byCategory: Record<string, { present: number; represented: number; votes: number }>;
  }[];
  payRatio: { employees: number; ratio: number | null; limit: number };
  training: { people: number; hours: number };
  mutualPrevalence: { memberCostCents: number; nonMemberCostCents: number; memberShare: number | null; complete: boolean };
  volunteering: { volunteersActive: number; hours: number; reimbursements: number; reimbursedCents: number };
  children: { served: number; children: number; byAgeBand: Record<string, number> };
  surveys: { surveys: { kind?: string; unitId?: string; score?: number; respondents?: number }[] };
  hours: {
    lines: { unit: string | null; service: string | null; professionalHours: number; volunteerHours: number }[];
    professionalHours: number;
    volunteerHours: number;
  };
}

export interface CompositionPoint {
  date: string;
  total: number;
  volunteers: number;
  byCategory: Record<string, number>;
}

export type FigureUnit = 'count' | 'hours' | 'cents' | 'ratio' | 'share';

export interface FigureSource {
  /** The API report (method GET), with its query. */
  report: string;
  /** Dotted path of the field within the report's JSON (array items by index). */
  field: string;
  /** The event types the report is a projection of. */
  eventTypes: string[];
}

export interface Figure {
  label: string;
  value: number | null;
  unit: FigureUnit;
  source: FigureSource;
}

export interface ReportTable {
  columns: string[];
  rows: string[][];
}

export interface BarChart {
  title: string;
  bars: { label: string; value: number }[];
}

export interface Section {
  number: number;
  title: string;
  paragraphs: string[];
  figures: Figure[];
  tables: ReportTable[];
  charts: BarChart[];
}

export interface SocialReport {
  year: number;
  title: string;
  sections: Section[];
}

/** The section titles of DM 4 luglio 2019 § 6. */
export const SECTION_TITLES = [
  'Metodologia adottata per la redazione del bilancio sociale',
  'Informazioni generali sull’ente',
  'Struttura, governo e amministrazione',
  'Persone che operano per l’ente',
  'Obiettivi e attività',
  'Situazione economico-finanziaria',
  'Altre informazioni e monitoraggio svolto dall’organo di controllo',
] as const;

export const NOT_RECORDED = 'non rilevato';

const CATEGORY: Record<string, string> = {
  worker: 'soci lavoratori',
  volunteer: 'soci volontari',
  user: 'soci fruitori',
  financing: 'soci sovventori',
  legal_person: 'soci persone giuridiche',
  special: 'soci speciali',
  unknown: 'categoria non registrata',
};
const categoryName = (category: string): string => CATEGORY[category] ?? category;

const EVENTS = {
  composition: ['MemberAdmitted', 'MembershipEnded'],
  admissions: ['MembershipApplied', 'MemberAdmitted', 'AdmissionRejected'],
  participation: ['AssemblyConvened', 'AssemblyOpened', 'AttendanceRecorded', 'ProxyGranted', 'VoteCast'],
  payRatio: ['ContractSigned', 'ContractAmended', 'ContractEnded', 'PayTableAdopted'],
  training: ['TrainingRecorded'],
  prevalence: ['LabourCostRecorded'],
  volunteering: ['VolunteerActivityRecorded', 'VolunteerReimbursed'],
  children: ['ServiceDelivered', 'DeliveryVoided', 'BeneficiaryEnrolled'],
  surveys: ['SurveyRecorded'],
  hours: ['ServiceDelivered', 'DeliveryVoided', 'AgreementSigned'],
  statute: ['StatuteSettingsAdopted'],
};

/** The last point of the series on or before a date: the composition as of that day. */
const pointOn = (series: CompositionPoint[], date: string): number => {
  let found = -1;
  series.forEach((point, index) => {
    if (point.date <= date) found = index;
  });
  return found;
};

/** Builds the report of a year from the API reports of that year (pure: same sources, same report). */
export const buildSocialReport = (s: SocialReportSources): SocialReport => {
  const y = s.year;
  const fig = (
    label: string,
    value: number | null,
    unit: FigureUnit,
    report: string,
    field: string,
    eventTypes: string[],
  ): Figure => ({
    label,
    value,
    unit,
    source: { report, field, eventTypes },
  });

  const composition = '/membership/reports/composition';
  const startIndex = pointOn(s.composition.series, `${y - 1}-12-31`);
  const endIndex = pointOn(s.composition.series, `${y}-12-31`);
  const compositionAt = (index: number, label: string): Figure[] => {
    const point = s.composition.series[index];
    const categories = Object.keys(s.composition.series.at(-1)?.byCategory ?? {});
    return [
      fig(`Soci ${label}: totale`, point?.total ?? null, 'count', composition, `series.${index}.total`, EVENTS.composition),
      ...categories.map((c) =>
        fig(
          `Soci ${label}: ${categoryName(c)}`,
          point?.byCategory[c] ?? null,
          'count',
          composition,
          `series.${index}.byCategory.${c}`,
          EVENTS.composition,
        ),
      ),
    ];
  };
  const admissions = `/membership/reports/admissions?year=${y}`;
  const assemblies = s.participation.map((a, index) => ({ a, index })).filter(({ a }) => a.date.startsWith(`${y}-`));
  const participation = '/governance/reports/participation';
  const payRatio = `/work/reports/pay-ratio?asOf=${y}-12-31`;
  const training = `/work/reports/training?year=${y}`;
  const volunteering = `/work/volunteers/reports/year?year=${y}`;
  const hours = `/services/reports/hours?from=${y}-01&to=${y}-12`;
  const children = `/services/reports/children?year=${y}`;
  const surveys = `/services/reports/surveys?year=${y}`;
  const prevalence = `/work/reports/mutual-prevalence?year=${y}`;
  const statute = '/governance/statute-settings';

  const byUnit = new Map<string, { professional: number; volunteer: number }>();
  for (const line of s.hours.lines) {
    const unit = line.unit ?? 'dati cancellati';
    const total = byUnit.get(unit) ?? { professional: 0, volunteer: 0 };
    total.professional += line.professionalHours;
    total.volunteer += line.volunteerHours;
    byUnit.set(unit, total);
  }
  const bands = Object.keys(s.children.byAgeBand).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const noSurvey = s.surveys.surveys.length === 0;
  const prevalenceKnown = s.mutualPrevalence.memberShare !== null;

  const section = (
    number: number,
    part: Omit<Section, 'number' | 'title' | 'tables' | 'charts'> & Partial<Section>,
  ): Section => ({
    number,
    title: SECTION_TITLES[number - 1]!,
    tables: [],
    charts: [],
    ...part,
  });

  return {
    year: y,
    title: `Bilancio sociale ${y}`,
    sections: [
      section(1, {
        paragraphs: [
          `Periodo di rendicontazione: dal 1° gennaio al 31 dicembre ${y}.`,
          'Il bilancio sociale è redatto ai sensi del D.Lgs. 112/2017 art. 9 c. 2 secondo le Linee guida del DM 4 luglio 2019. Ogni dato è calcolato dagli eventi registrati nel sistema e ne indica il rapporto di origine; dove un dato non è stato rilevato il documento lo dichiara invece di indicare zero.',
        ],
        figures: [],
      }),
      section(2, {
        paragraphs: [
          'Denominazione, sede e oggetto sociale non sono registrati nelle impostazioni dello statuto: non rilevati.',
          `Unità operative con servizi erogati nell’anno: ${[...byUnit.keys()].join(', ') || NOT_RECORDED}.`,
        ],
        figures: [
          fig(
            'Valore nominale della quota',
            s.statute.settings.shareValueCents,
            'cents',
            statute,
            'settings.shareValueCents',
            EVENTS.statute,
          ),
          fig(
            'Numero minimo di soci',
            s.statute.settings.minimumMembers,
            'count',
            statute,
            'settings.minimumMembers',
            EVENTS.statute,
          ),
        ],
      }),
      section(3, {
        paragraphs: [
          'Ammissioni e cessazioni secondo c.c. art. 2528 c. 5; partecipazione alle assemblee per categoria di socio.',
        ],
        figures: [
          ...compositionAt(startIndex, 'a inizio anno'),
          ...compositionAt(endIndex, 'a fine anno'),
          fig(
            'Ammissioni nell’anno',
            s.admissions.admissions.length,
            'count',
            admissions,
            'admissions.length',
            EVENTS.admissions,
          ),
          fig(
            'Domande respinte nell’anno',
            s.admissions.rejections.length,
            'count',
            admissions,
            'rejections.length',
            EVENTS.admissions,
          ),
          fig('Assemblee tenute', assemblies.length, 'count', participation, `[date^=${y}].length`, EVENTS.participation),
          ...assemblies.flatMap(({ a, index }) => [
            fig(
              `Assemblea del ${a.date}: voti presenti`,
              a.votesPresent,
              'count',
              participation,
              `${index}.votesPresent`,
              EVENTS.participation,
            ),
            fig(
              `Assemblea del ${a.date}: voti totali`,
              a.totalVotes,
              'count',
              participation,
              `${index}.totalVotes`,
              EVENTS.participation,
            ),
          ]),
        ],
        tables: [
          {
            columns: ['Assemblea', 'Categoria', 'Presenti', 'Rappresentati', 'Voti espressi'],
            rows: assemblies.flatMap(({ a }) =>
              Object.entries(a.byCategory).map(([c, p]) => [
                a.date,
                categoryName(c),
                `${p.present}`,
                `${p.represented}`,
                `${p.votes}`,
              ]),
            ),
          },
        ],
        charts: [
          {
            title: `Soci per categoria al 31/12/${y}`,
            bars: Object.entries(s.composition.series[endIndex]?.byCategory ?? {}).map(([c, n]) => ({
              label: categoryName(c),
              value: n,
            })),
          },
        ],
      }),
      section(4, {
        paragraphs: ['Rapporto tra retribuzioni secondo D.Lgs. 112/2017 art. 13 c. 1 (al massimo 1 a 8).'],
        figures: [
          fig('Lavoratori dipendenti al 31/12', s.payRatio.employees, 'count', payRatio, 'employees', EVENTS.payRatio),
          fig('Rapporto tra retribuzione massima e minima', s.payRatio.ratio, 'ratio', payRatio, 'ratio', EVENTS.payRatio),
          fig('Ore di formazione', s.training.hours, 'hours', training, 'hours', EVENTS.training),
          fig('Persone formate', s.training.people, 'count', training, 'people', EVENTS.training),
          fig(
            'Volontari attivi',
            s.volunteering.volunteersActive,
            'count',
            volunteering,
            'volunteersActive',
            EVENTS.volunteering,
          ),
          fig('Ore di volontariato', s.volunteering.hours, 'hours', volunteering, 'hours', EVENTS.volunteering),
          fig(
            'Rimborsi ai volontari',
            s.volunteering.reimbursedCents,
            'cents',
            volunteering,
            'reimbursedCents',
            EVENTS.volunteering,
          ),
        ],
      }),
      section(5, {
        paragraphs: noSurvey ? [`Indagine di soddisfazione di utenti e famiglie: ${NOT_RECORDED}.`] : [],
        figures: [
          fig(
            'Ore di servizio erogate da personale',
            s.hours.professionalHours,
            'hours',
            hours,
            'professionalHours',
            EVENTS.hours,
          ),
          fig('Ore di servizio erogate da volontari', s.hours.volunteerHours, 'hours', hours, 'volunteerHours', EVENTS.hours),
          fig('Beneficiari serviti', s.children.served, 'count', children, 'served', EVENTS.children),
          fig('Minori serviti', s.children.children, 'count', children, 'children', EVENTS.children),
          ...bands.map((b) =>
            fig(
              `Minori della fascia ${b} anni`,
              s.children.byAgeBand[b] ?? 0,
              'count',
              children,
              `byAgeBand.${b}`,
              EVENTS.children,
            ),
          ),
          fig(
            'Indagini di soddisfazione registrate',
            noSurvey ? null : s.surveys.surveys.length,
            'count',
            surveys,
            'surveys.length',
            EVENTS.surveys,
          ),
        ],
        tables: [
          {
            columns: ['Unità operativa', 'Ore personale', 'Ore volontari'],
            rows: [...byUnit].map(([unit, h]) => [unit, formatNumber(h.professional), formatNumber(h.volunteer)]),
          },
        ],
        charts: [
          {
            title: 'Minori serviti per fascia d’età',
            bars: bands.map((b) => ({ label: b, value: s.children.byAgeBand[b] ?? 0 })),
          },
        ],
      }),
      section(6, {
        paragraphs: [
          'Prevalenza mutualistica secondo c.c. art. 2512–2513 (le cooperative sociali sono prevalenti di diritto, disp. att. c.c. art. 111-septies). Gli altri dati economici sono allegati dalla cooperativa.',
        ],
        figures: [
          fig(
            'Costo del lavoro dei soci',
            prevalenceKnown ? s.mutualPrevalence.memberCostCents : null,
            'cents',
            prevalence,
            'memberCostCents',
            EVENTS.prevalence,
          ),
          fig(
            'Costo del lavoro dei non soci',
            prevalenceKnown ? s.mutualPrevalence.nonMemberCostCents : null,
            'cents',
            prevalence,
            'nonMemberCostCents',
            EVENTS.prevalence,
          ),
          fig(
            'Quota del costo del lavoro dei soci',
            s.mutualPrevalence.memberShare,
            'share',
            prevalence,
            'memberShare',
            EVENTS.prevalence,
          ),
        ],
      }),
      section(7, {
        paragraphs: [
          'Attestazione dell’organo di controllo (D.Lgs. 112/2017 art. 10 c. 3):',
          '______________________________________________',
        ],
        figures: [],
      }),
    ],
  };
};

const numbers = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 });
const euros = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
const percent = new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1 });

export const formatNumber = (value: number): string => numbers.format(value);

/** A figure in Italian format; `non rilevato` when it could not be computed. */
export const formatFigure = (figure: Figure): string => {
  if (figure.value === null) return NOT_RECORDED;
  switch (figure.unit) {
    case 'cents':
      return euros.format(figure.value / 100);
    case 'share':
      return percent.format(figure.value);
    case 'hours':
      return `${numbers.format(figure.value)} h`;
    case 'ratio':
      return `${numbers.format(figure.value)} : 1`;
    case 'count':
      return numbers.format(figure.value);
  }
};
