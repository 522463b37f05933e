import type { Figure, FigureUnit } from './social-report.types.js';

/** The event types behind each API report the social report reads (as the contexts define them). */
export const EVENTS = {
  register: ['MemberAdmitted', 'MemberCategoryChanged', 'MembershipEnded', 'SharesSubscribed', 'SharesPaid', 'SharesRefunded'],
  exits: ['MembershipEnded', 'WithdrawalAccepted', 'MemberExcluded', 'MemberDied'],
  refunds: ['SharesRefunded'],
  admissions: ['MembershipApplied', 'MemberAdmitted', 'AdmissionRejected'],
  participation: ['AssemblyConvened', 'AssemblyOpened', 'AttendanceRecorded', 'ProxyGranted', 'VoteCast'],
  board: ['BoardElected'],
  boardMeetings: ['BoardMeetingConvened', 'BoardMeetingHeld', 'BoardResolutionAdopted', 'BoardResolutionRejected'],
  partnerships: ['PartnershipAgreed', 'PartnershipEnded'],
  contracts: ['ContractSigned', 'ContractAmended', 'ContractEnded'],
  payRatio: ['ContractSigned', 'ContractAmended', 'ContractEnded', 'PayTableRecorded'],
  training: ['TrainingCompleted'],
  prevalence: ['LabourCostRecorded'],
  volunteering: ['VolunteerEnrolled', 'VolunteerActivityLogged', 'VolunteerExpenseReimbursed'],
  children: ['ServiceDelivered', 'ServiceDeliveryCorrected', 'ServiceDeliveryVoided', 'BeneficiaryEnrolled'],
  satisfaction: ['SatisfactionSurveyRecorded'],
  wellbeing: ['WellbeingSurveyRecorded'],
  units: ['ServiceUnitOpened'],
  hours: ['ServiceDelivered', 'ServiceDeliveryCorrected', 'ServiceDeliveryVoided', 'ServiceAgreementSigned'],
  statute: ['StatuteSettingsAdopted'],
  economicDocument: ['SocialReportEconomicDocumentRecorded'],
} as const;

/** The period a figure covers: its events are those of its types that occurred in it (`from` null: since the start). */
export interface Period {
  from: string | null;
  to: string;
}

/** A figure read from an API report's field, with the event types behind it and the period they cover. */
export const figure = (
  label: string,
  value: number | null,
  unit: FigureUnit,
  report: string,
  field: string,
  eventTypes: readonly string[],
  period: Period,
): Figure => ({ key: '', label, value, unit, source: { report, field, eventTypes: [...eventTypes], ...period } });

/** The whole year, and the history up to a date (for a figure as of a day). */
export const yearOf = (year: number): Period => ({ from: `${year}-01-01`, to: `${year}-12-31` });
export const upTo = (date: string): Period => ({ from: null, to: date });

const CATEGORY: Record<string, string> = {
  worker: 'soci lavoratori',
  volunteer: 'soci volontari',
  user: 'soci fruitori',
  financing: 'soci sovventori',
  legal_person: 'soci persone giuridiche',
  special: 'soci speciali',
  unknown: 'categoria non registrata',
};
export const categoryName = (category: string): string => CATEGORY[category] ?? category;

/**
 * Reads a figure's field from its report's JSON: a dotted path (array items by index), or a
 * count of array items `[field^=prefix].length` / `[field=value].length` at the top or under a path.
 */
export const readField = (report: unknown, field: string): unknown => {
  const filter = /^(?:(.+)\.)?\[(\w+)(\^=|=)([^\]]+)\]\.length$/.exec(field);
  const walk = (value: unknown, path: string) =>
    path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
  if (filter) {
    const [, path, key, op, wanted] = filter;
    const items = (path ? walk(report, path) : report) as Record<string, unknown>[] | undefined;
    return items?.filter((item) => (op === '=' ? String(item[key!]) === wanted : String(item[key!]).startsWith(wanted!))).length;
  }
  return walk(report, field);
};

/** A stable key for each figure (its section and a slug of its label), unique within the report. */
export const keyFigures = (sections: { number: number; figures: Figure[] }[]): void => {
  const seen = new Set<string>();
  for (const section of sections)
    for (const f of section.figures) {
      const slug = f.label
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      let key = `s${section.number}-${slug}`;
      for (let n = 2; seen.has(key); n++) key = `s${section.number}-${slug}-${n}`;
      seen.add(key);
      f.key = key;
    }
};
