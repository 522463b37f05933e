import { EVENTS, figure, upTo, yearOf } from '../social-report.figures.js';
import { NOT_RECORDED, section, type Section, type SocialReportSources } from '../social-report.types.js';

/** Section 6: labour cost and mutual prevalence, paid-up capital and refunds, the cooperative's economic document. */
export const economySection = (s: SocialReportSources): Section => {
  const y = s.year;
  const prevalence = `/work/reports/mutual-prevalence?year=${y}`;
  const register = `/membership/reports/year?year=${y}`;
  const economic = `/reports/social/${y}/economic-document`;
  const inYear = yearOf(y);
  const prevalenceKnown = s.mutualPrevalence.memberShare !== null;
  const registerKnown = s.register.end.total + s.register.exits.length > 0;
  const doc = s.economicDocument.document;
  return section(6, {
    paragraphs: [
      'Prevalenza mutualistica secondo c.c. art. 2512–2513 (le cooperative sociali sono prevalenti di diritto, disp. att. c.c. art. 111-septies). Capitale sociale versato dai soci al 31 dicembre e quote rimborsate nell’anno (c.c. art. 2535).',
      doc
        ? `Documento economico della cooperativa: «${doc.title}» (sha256 ${doc.sha256}).`
        : `Documento economico della cooperativa (altri dati economici): ${NOT_RECORDED}.`,
      ...(doc ? [doc.text] : []),
    ],
    figures: [
      figure(
        'Costo del lavoro dei soci',
        prevalenceKnown ? s.mutualPrevalence.memberCostCents : null,
        'cents',
        prevalence,
        'memberCostCents',
        EVENTS.prevalence,
        inYear,
      ),
      figure(
        'Costo del lavoro dei non soci',
        prevalenceKnown ? s.mutualPrevalence.nonMemberCostCents : null,
        'cents',
        prevalence,
        'nonMemberCostCents',
        EVENTS.prevalence,
        inYear,
      ),
      figure(
        'Quota del costo del lavoro dei soci',
        s.mutualPrevalence.memberShare,
        'share',
        prevalence,
        'memberShare',
        EVENTS.prevalence,
        inYear,
      ),
      figure(
        'Capitale sociale versato al 31/12',
        registerKnown ? s.register.end.paidUpCapitalCents : null,
        'cents',
        register,
        'end.paidUpCapitalCents',
        EVENTS.register,
        upTo(`${y}-12-31`),
      ),
      figure(
        'Rimborsi di quote nell’anno',
        registerKnown ? s.register.refunds.count : null,
        'count',
        register,
        'refunds.count',
        EVENTS.refunds,
        inYear,
      ),
      figure(
        'Importo delle quote rimborsate nell’anno',
        registerKnown ? s.register.refunds.amountCents : null,
        'cents',
        register,
        'refunds.amountCents',
        EVENTS.refunds,
        inYear,
      ),
      ...(doc
        ? doc.amounts.map((a, index) =>
            figure(
              a.label,
              a.amountCents,
              'cents',
              economic,
              `document.amounts.${index}.amountCents`,
              EVENTS.economicDocument,
              upTo('9999-12-31'),
            ),
          )
        : [
            figure(
              'Documento economico: importi',
              null,
              'cents',
              economic,
              'document.amounts.length',
              EVENTS.economicDocument,
              upTo('9999-12-31'),
            ),
          ]),
    ],
  });
};

/** Section 7: the place for the control body's attestation. */
export const controlSection = (): Section =>
  section(7, {
    paragraphs: [
      'Attestazione dell’organo di controllo (D.Lgs. 112/2017 art. 10 c. 3):',
      '______________________________________________',
    ],
    figures: [],
  });
