import { italianDate } from '../../../platform/documents/dates.js';
import { EVENTS, figure, upTo } from '../social-report.figures.js';
import { labelled } from '../social-report.format.js';
import { NOT_RECORDED, section, type Section, type SocialReportSources } from '../social-report.types.js';

const UNIT_KIND: Record<string, string> = {
  nursery: 'nido d’infanzia',
  home_care: 'assistenza educativa domiciliare',
  educational_home_care: 'assistenza educativa domiciliare',
  school_assistance: 'assistenza scolastica',
  day_centre: 'centro diurno',
  summer_centre: 'centro estivo',
};
export const unitKindName = (kind: string | null): string => (kind === null ? NOT_RECORDED : (UNIT_KIND[kind] ?? kind));

/** Section 1: the method. */
export const methodSection = (s: SocialReportSources): Section =>
  section(1, {
    paragraphs: [
      `Periodo di rendicontazione: dal 1° gennaio al 31 dicembre ${s.year}.`,
      'Il bilancio sociale è redatto ai sensi del D.Lgs. 112/2017 art. 9 c. 2 secondo le Linee guida del DM 4 luglio 2019. Ogni dato è calcolato dagli eventi registrati nel sistema e ne indica il rapporto di origine e gli eventi da cui deriva (GET /reports/social/{anno}/figures/{chiave}); dove un dato non è stato rilevato il documento lo dichiara invece di indicare zero.',
    ],
    figures: [],
  });

/** Section 2: who the cooperative is by its statute, its units and the territory it serves. */
export const generalSection = (s: SocialReportSources): Section => {
  const y = s.year;
  const statute = '/governance/statute-settings';
  const units = '/services/units';
  const id = s.statute.settings;
  const line = (label: string, value: string | undefined) => labelled(label, value ?? NOT_RECORDED);
  const opened = s.units.units.filter((u) => u.openedOn <= `${y}-12-31`);
  const known = s.units.units.length > 0;
  return section(2, {
    paragraphs: [
      line('Denominazione', id.name),
      line('Sede legale', id.registeredOffice),
      line('Oggetto sociale', id.purpose),
      line('Attività statutarie', id.activities?.length ? id.activities.join('; ') : undefined),
      line('Territorio di riferimento', id.territory),
      ...(id.name === undefined && id.registeredOffice === undefined && id.purpose === undefined
        ? [
            'Denominazione, sede e oggetto sociale non sono registrati nelle impostazioni dello statuto (GET /governance/statute-settings).',
          ]
        : []),
      `Unità operative: ${opened.map((u) => u.name).join(', ') || NOT_RECORDED}.`,
    ],
    figures: [
      figure(
        'Valore nominale della quota',
        id.shareValueCents,
        'cents',
        statute,
        'settings.shareValueCents',
        EVENTS.statute,
        upTo(`${y}-12-31`),
      ),
      figure(
        'Numero minimo di soci',
        id.minimumMembers,
        'count',
        statute,
        'settings.minimumMembers',
        EVENTS.statute,
        upTo(`${y}-12-31`),
      ),
      figure(
        'Attività statutarie registrate',
        id.activities?.length ? id.activities.length : null,
        'count',
        statute,
        'settings.activities.length',
        EVENTS.statute,
        upTo(`${y}-12-31`),
      ),
      figure(
        'Unità operative registrate',
        known ? s.units.units.length : null,
        'count',
        units,
        'units.length',
        EVENTS.units,
        upTo(`${y}-12-31`),
      ),
    ],
    tables: [
      {
        columns: ['Unità operativa', 'Tipo di servizio', 'Posti', 'Aperta il'],
        rows: opened.map((u) => [u.name, unitKindName(u.kind), `${u.capacity}`, italianDate(u.openedOn)]),
      },
    ],
  });
};
