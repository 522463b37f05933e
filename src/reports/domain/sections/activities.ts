import { italianDate } from '../../../platform/documents/dates.js';
import { EVENTS, figure, yearOf } from '../social-report.figures.js';
import { formatNumber } from '../social-report.format.js';
import { NOT_RECORDED, section, type Section, type SocialReportSources } from '../social-report.types.js';
import { unitKindName } from './general.js';

/** Section 5: services by unit and kind, hours against agreements, children by age band, satisfaction. */
export const activitiesSection = (s: SocialReportSources): Section => {
  const y = s.year;
  const hours = `/services/reports/hours?from=${y}-01&to=${y}-12`;
  const children = `/services/reports/children?year=${y}`;
  const surveys = `/services/reports/surveys?year=${y}`;
  const inYear = yearOf(y);
  const unitName = new Map(s.units.units.map((u) => [u.unitId, u.name]));
  const bands = Object.keys(s.children.byAgeBand).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const satisfaction = s.surveys.surveys.map((x, index) => ({ x, index })).filter(({ x }) => x.kind === 'satisfaction');
  const delivered = s.hours.byAgreement.length > 0;
  return section(5, {
    paragraphs: [
      'Servizi per unità operativa e tipo; ore erogate a fronte delle ore previste da ciascuna convenzione (le ore dei volontari non contano tra le ore professionali, L. 381/1991 art. 2 c. 5).',
      ...(delivered ? [] : [`Ore erogate a fronte delle convenzioni: ${NOT_RECORDED}.`]),
      ...(satisfaction.length ? [] : [`Indagine di soddisfazione di utenti e famiglie: ${NOT_RECORDED}.`]),
    ],
    figures: [
      figure(
        'Ore di servizio erogate da personale',
        delivered ? s.hours.professionalHours : null,
        'hours',
        hours,
        'professionalHours',
        EVENTS.hours,
        inYear,
      ),
      figure(
        'Ore di servizio erogate da volontari',
        delivered ? s.hours.volunteerHours : null,
        'hours',
        hours,
        'volunteerHours',
        EVENTS.hours,
        inYear,
      ),
      ...s.hours.byUnit.map((u, index) =>
        figure(
          `Ore di personale, ${u.unit ?? 'dati cancellati'}`,
          u.professionalHours,
          'hours',
          hours,
          `byUnit.${index}.professionalHours`,
          EVENTS.hours,
          inYear,
        ),
      ),
      ...s.hours.byAgreement.flatMap((a, index) => {
        const name = `convenzione ${a.service ?? a.agreementId} (${unitName.get(a.unitId ?? '') ?? a.unitId ?? NOT_RECORDED})`;
        return [
          figure(
            `Ore previste, ${name}`,
            a.hoursBudget,
            'hours',
            hours,
            `byAgreement.${index}.hoursBudget`,
            EVENTS.hours,
            inYear,
          ),
          figure(
            `Ore erogate, ${name}`,
            a.professionalHours,
            'hours',
            hours,
            `byAgreement.${index}.professionalHours`,
            EVENTS.hours,
            inYear,
          ),
        ];
      }),
      figure('Beneficiari serviti', s.children.served, 'count', children, 'served', EVENTS.children, inYear),
      figure('Minori serviti', s.children.children, 'count', children, 'children', EVENTS.children, inYear),
      ...bands.map((b) =>
        figure(
          `Minori della fascia ${b} anni`,
          s.children.byAgeBand[b] ?? 0,
          'count',
          children,
          `byAgeBand.${b}`,
          EVENTS.children,
          inYear,
        ),
      ),
      figure(
        'Indagini di soddisfazione registrate',
        satisfaction.length ? satisfaction.length : null,
        'count',
        surveys,
        'surveys.[kind=satisfaction].length',
        EVENTS.satisfaction,
        inYear,
      ),
      ...satisfaction.map(({ x, index }) =>
        figure(
          `Soddisfazione (${x.respondents}), ${unitName.get(x.unitId) ?? x.unitId} (${x.period}): punteggio medio`,
          x.meanScore,
          'score',
          surveys,
          `surveys.${index}.meanScore`,
          EVENTS.satisfaction,
          inYear,
        ),
      ),
    ],
    tables: [
      {
        columns: ['Unità operativa', 'Tipo di servizio', 'Prestazioni', 'Ore personale', 'Ore volontari'],
        rows: s.hours.byUnit.map((u) => [
          u.unit ?? 'dati cancellati',
          unitKindName(u.kind),
          formatNumber(u.deliveries),
          formatNumber(u.professionalHours),
          formatNumber(u.volunteerHours),
        ]),
      },
      {
        columns: ['Convenzione', 'Unità operativa', 'Periodo', 'Ore previste', 'Ore erogate nell’anno'],
        rows: s.hours.byAgreement.map((a) => [
          a.service ?? a.agreementId,
          unitName.get(a.unitId ?? '') ?? NOT_RECORDED,
          `${a.startsOn ? italianDate(a.startsOn) : '?'} – ${a.endsOn ? italianDate(a.endsOn) : '?'}`,
          a.hoursBudget === null ? NOT_RECORDED : formatNumber(a.hoursBudget),
          formatNumber(a.professionalHours),
        ]),
      },
    ],
    charts: [
      { title: 'Minori serviti per fascia d’età', bars: bands.map((b) => ({ label: b, value: s.children.byAgeBand[b] ?? 0 })) },
      {
        title: 'Ore di personale per unità operativa',
        bars: s.hours.byUnit.map((u) => ({ label: u.unit ?? 'dati cancellati', value: u.professionalHours })),
      },
    ],
  });
};
