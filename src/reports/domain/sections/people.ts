import { EVENTS, figure, upTo, yearOf } from '../social-report.figures.js';
import { NOT_RECORDED, section, type Section, type SocialReportSources } from '../social-report.types.js';

const FORM: Record<string, string> = {
  subordinate: 'lavoro subordinato',
  autonomous: 'lavoro autonomo',
  collaboration: 'collaborazione coordinata e continuativa',
  occasional: 'prestazione occasionale',
  other: 'altra forma',
};

/** Section 4: workers by contract form, level and hours; volunteers; training; pay ratio; wellbeing by unit. */
export const peopleSection = (s: SocialReportSources): Section => {
  const y = s.year;
  const end = `${y}-12-31`;
  const workforce = `/work/reports/workforce?asOf=${end}`;
  const payRatio = `/work/reports/pay-ratio?asOf=${end}`;
  const training = `/work/reports/training?year=${y}`;
  const volunteering = `/work/volunteers/reports/year?year=${y}`;
  const surveys = `/services/reports/surveys?year=${y}`;
  const w = s.workforce;
  const known = w.contracts > 0;
  const atEnd = upTo(end);
  const inYear = yearOf(y);
  const unitName = new Map(s.units.units.map((u) => [u.unitId, u.name]));
  const wellbeing = s.surveys.surveys.map((x, index) => ({ x, index })).filter(({ x }) => x.kind === 'wellbeing');
  return section(4, {
    paragraphs: [
      'Lavoratori per forma contrattuale (L. 142/2001 art. 1 c. 3), livello del CCNL e ore settimanali, soci e non soci, con i contratti in vigore al 31 dicembre. Rapporto tra retribuzioni secondo D.Lgs. 112/2017 art. 13 c. 1 (al massimo 1 a 8).',
      `Compensi ai titolari di cariche sociali: ${NOT_RECORDED} (nessun evento del sistema registra i compensi o i rimborsi degli amministratori e dell’organo di controllo).`,
      ...(wellbeing.length ? [] : [`Indagine sul benessere dei lavoratori: ${NOT_RECORDED}.`]),
    ],
    figures: [
      figure(
        'Contratti di lavoro in vigore al 31/12',
        known ? w.contracts : null,
        'count',
        workforce,
        'contracts',
        EVENTS.contracts,
        atEnd,
      ),
      figure(
        'Ore settimanali contrattuali',
        known ? w.weeklyHours : null,
        'hours',
        workforce,
        'weeklyHours',
        EVENTS.contracts,
        atEnd,
      ),
      figure(
        'Lavoratori soci',
        known ? w.members.contracts : null,
        'count',
        workforce,
        'members.contracts',
        EVENTS.contracts,
        atEnd,
      ),
      figure(
        'Lavoratori non soci',
        known ? w.nonMembers.contracts : null,
        'count',
        workforce,
        'nonMembers.contracts',
        EVENTS.contracts,
        atEnd,
      ),
      ...Object.entries(w.byForm)
        .filter(([, t]) => t.contracts > 0)
        .map(([form, t]) =>
          figure(
            `Contratti di ${FORM[form] ?? form}`,
            t.contracts,
            'count',
            workforce,
            `byForm.${form}.contracts`,
            EVENTS.contracts,
            atEnd,
          ),
        ),
      ...Object.entries(w.byLevel).map(([level, t]) =>
        figure(
          level === 'none' ? 'Contratti senza livello CCNL' : `Contratti di livello ${level}`,
          t.contracts,
          'count',
          workforce,
          `byLevel.${level}.contracts`,
          EVENTS.contracts,
          atEnd,
        ),
      ),
      figure('Lavoratori dipendenti al 31/12', s.payRatio.employees, 'count', payRatio, 'employees', EVENTS.payRatio, atEnd),
      figure('Rapporto tra retribuzione massima e minima', s.payRatio.ratio, 'ratio', payRatio, 'ratio', EVENTS.payRatio, atEnd),
      figure('Ore di formazione', s.training.hours, 'hours', training, 'hours', EVENTS.training, inYear),
      figure('Persone formate', s.training.people, 'count', training, 'people', EVENTS.training, inYear),
      figure(
        'Volontari attivi',
        s.volunteering.volunteersActive,
        'count',
        volunteering,
        'volunteersActive',
        EVENTS.volunteering,
        inYear,
      ),
      figure('Ore di volontariato', s.volunteering.hours, 'hours', volunteering, 'hours', EVENTS.volunteering, inYear),
      ...s.volunteering.byActivity.map((a, index) =>
        figure(
          `Ore di volontariato: ${a.activity ?? 'attività non registrata'}`,
          a.hours,
          'hours',
          volunteering,
          `byActivity.${index}.hours`,
          EVENTS.volunteering,
          inYear,
        ),
      ),
      figure(
        'Rimborsi ai volontari',
        s.volunteering.reimbursedCents,
        'cents',
        volunteering,
        'reimbursedCents',
        EVENTS.volunteering,
        inYear,
      ),
      figure(
        'Indagini sul benessere dei lavoratori',
        wellbeing.length ? wellbeing.length : null,
        'count',
        surveys,
        'surveys.[kind=wellbeing].length',
        EVENTS.wellbeing,
        inYear,
      ),
      ...wellbeing.map(({ x, index }) =>
        figure(
          `Benessere dei lavoratori, ${unitName.get(x.unitId) ?? x.unitId} (${x.period}): punteggio medio`,
          x.meanScore,
          'score',
          surveys,
          `surveys.${index}.meanScore`,
          EVENTS.wellbeing,
          inYear,
        ),
      ),
    ],
    tables: [
      {
        columns: ['Forma contrattuale', 'Contratti', 'Ore settimanali'],
        rows: Object.entries(w.byForm)
          .filter(([, t]) => t.contracts > 0)
          .map(([form, t]) => [FORM[form] ?? form, `${t.contracts}`, `${t.weeklyHours}`]),
      },
      {
        columns: ['Attività dei volontari', 'Volontari', 'Ore'],
        rows: s.volunteering.byActivity.map((a) => [a.activity ?? 'attività non registrata', `${a.volunteers}`, `${a.hours}`]),
      },
      {
        columns: ['Unità operativa', 'Periodo', 'Risposte', 'Punteggio medio (1–5)'],
        rows: wellbeing.map(({ x }) => [unitName.get(x.unitId) ?? x.unitId, x.period, `${x.responses}`, `${x.meanScore}`]),
      },
    ],
    charts: [
      {
        title: `Contratti per forma al 31/12/${y}`,
        bars: Object.entries(w.byForm)
          .filter(([, t]) => t.contracts > 0)
          .map(([form, t]) => ({ label: FORM[form] ?? form, value: t.contracts })),
      },
    ],
  });
};
