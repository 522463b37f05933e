/** The shapes of the social report and of the API reports it is built from. */

type Tally = { contracts: number; weeklyHours: number };
type RegisterOn = {
  date: string;
  total: number;
  byCategory: Record<string, number>;
  bySection: { ordinary: number; volunteers: number };
  paidUpCapitalCents: number;
};
type Survey = {
  surveyId: string;
  kind: 'satisfaction' | 'wellbeing';
  unitId: string;
  respondents: string;
  period: string;
  responses: number;
  meanScore: number;
};

/** The API reports of the year the report is built from, as the API returns them. */
export interface SocialReportSources {
  year: number;
  statute: {
    settings: {
      shareValueCents: number;
      minimumMembers: number;
      maxHoldingCents: number;
      name?: string;
      registeredOffice?: string;
      purpose?: string;
      activities?: string[];
      territory?: string;
    };
    adopted: boolean;
  };
  units: { units: { unitId: string; name: string; kind: string; capacity: number; openedOn: string }[] };
  register: {
    start: RegisterOn;
    end: RegisterOn;
    exits: { memberNumber: number; category: string; endedOn: string; cause: string }[];
    exitsByCause: Record<string, number>;
    refunds: { count: number; amountCents: number };
  };
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
  board: {
    terms: {
      electedOn: string;
      termEndsOn: string;
      directors: { directorId: string; name?: string | null; role: string; memberId: string | null }[];
    }[];
  };
  boardMeetings: { index: { meetingId: string; heldOn: string; resolutions: number }[] };
  partnerships: {
    partnerships: {
      partnershipId: string;
      partner: { name: string; kind: string };
      form: string;
      scope: string;
      startsOn: string;
    }[];
  };
  workforce: {
    contracts: number;
    weeklyHours: number;
    members: Tally;
    nonMembers: Tally;
    byForm: Record<string, Tally>;
    byLevel: Record<string, Tally>;
  };
  payRatio: { employees: number; ratio: number | null; limit: number };
  training: { people: number; hours: number };
  mutualPrevalence: { memberCostCents: number; nonMemberCostCents: number; memberShare: number | null; complete: boolean };
  volunteering: {
    volunteersActive: number;
    hours: number;
    byActivity: { activity: string | null; volunteers: number; hours: number }[];
    reimbursements: number;
    reimbursedCents: number;
  };
  children: { served: number; children: number; byAgeBand: Record<string, number> };
  surveys: { surveys: Survey[] };
  hours: {
    byUnit: {
      unitId: string;
      unit: string | null;
      kind: string | null;
      deliveries: number;
      professionalHours: number;
      volunteerHours: number;
    }[];
    byAgreement: {
      agreementId: string;
      unitId: string | null;
      service: string | null;
      startsOn: string | null;
      endsOn: string | null;
      hoursBudget: number | null;
      professionalHours: number;
      volunteerHours: number;
    }[];
    professionalHours: number;
    volunteerHours: number;
  };
  economicDocument: {
    year: number;
    document: { title: string; text: string; amounts: { label: string; amountCents: number }[]; sha256: string } | null;
  };
}

export type FigureUnit = 'count' | 'hours' | 'cents' | 'ratio' | 'share' | 'score';

export interface FigureSource {
  /** The API report (method GET), with its query. */
  report: string;
  /** Dotted path of the field within the report's JSON (array items by index). */
  field: string;
  /** The event types the report is a projection of. */
  eventTypes: string[];
  /** The period whose events of those types the figure rests on (`from` null: the whole history up to `to`). */
  from: string | null;
  to: string;
}

export interface Figure {
  /** Stable within the report: `GET /reports/social/{year}/figures/{key}` lists the events behind it. */
  key: string;
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

/** A section with no tables or charts unless given. */
export const section = (
  number: number,
  part: Omit<Section, 'number' | 'title' | 'tables' | 'charts'> & Partial<Section>,
): Section => ({ number, title: SECTION_TITLES[number - 1]!, tables: [], charts: [], ...part });
