import { italianDatesIn, renderPdf, type Block, type RenderedDocument } from '../../platform/documents/index.js';
import type { ReviewCheckResult } from './review-check.js';
import type { ReviewPack } from './review-pack.js';

export const STATUS = { passed: 'superata', failed: 'NON SUPERATA', 'not-applicable': 'non applicabile' } as const;

/** The law's article, with the rule's code beside it when the check is one rule's (never a code alone). */
export const reference = (check: Pick<ReviewCheckResult, 'legalBasis' | 'rule'>): string =>
  check.rule ? `${check.legalBasis} (${check.rule})` : check.legalBasis;

/** The review pack as a PDF/A-2b document, through the platform's document module. */
export function reviewPdf(pack: ReviewPack, cooperative = pack.cooperative): Promise<RenderedDocument> {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `${cooperative} · Revisione cooperativa, anno ${pack.year}` },
    {
      kind: 'paragraph',
      text:
        `Verifiche del revisore (D.Lgs. 220/2002) ricavate dagli eventi registrati (${pack.events} eventi). ` +
        `Superate ${pack.totals.passed}, non superate ${pack.totals.failed}, non applicabili ${pack.totals['not-applicable']}.`,
    },
    {
      kind: 'table',
      columns: [
        { title: 'Verifica', width: 2 },
        { title: 'Che cosa si verifica', width: 4 },
        { title: 'Esito', width: 1.6 },
        { title: 'Casi', align: 'right', width: 0.7 },
      ],
      rows: pack.checks.map((c) => [c.name, c.title, STATUS[c.status], String(c.cases.length)]),
    },
  ];
  for (const check of pack.checks) {
    blocks.push(
      { kind: 'heading', level: 2, text: check.name },
      {
        kind: 'paragraph',
        text: `${check.title} — ${reference(check)}: ${STATUS[check.status]}. ${italianDatesIn(check.summary)}.`,
      },
    );
    if (check.cases.length)
      blocks.push({
        kind: 'table',
        columns: [
          { title: 'Caso', width: 2 },
          { title: 'Rilievo', width: 4 },
          { title: 'Evidenze', width: 2 },
        ],
        rows: check.cases.map((c) => [
          italianDatesIn(c.subject),
          italianDatesIn(c.detail),
          c.evidence.slice(0, 3).join(' ') + (c.evidence.length > 3 ? ' …' : ''),
        ]),
      });
    blocks.push({
      kind: 'paragraph',
      style: 'note',
      text: `Evidenze: ${check.evidence.length === 0 ? 'nessuna' : check.evidence.slice(0, 6).join(' ')}${check.evidence.length > 6 ? ` … (${check.evidence.length})` : ''}`,
    });
  }
  return renderPdf({
    title: `Revisione cooperativa ${pack.year}`,
    author: cooperative,
    subject: 'Verbale di revisione cooperativa (D.Lgs. 220/2002)',
    createdAt: new Date(pack.generatedAt),
    header: () => `${cooperative} · Revisione cooperativa ${pack.year}`,
    footer: (page) => `Pagina ${page.number} di ${page.count}`,
    blocks,
  });
}
