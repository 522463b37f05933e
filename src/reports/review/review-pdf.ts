import { renderPdf, type Block, type RenderedDocument } from '../../platform/documents/index.js';
import type { ReviewPack } from './review-pack.js';

const STATUS = { passed: 'superato', failed: 'NON SUPERATO', 'not-applicable': 'non applicabile' } as const;

/** The review pack as a PDF/A-2b document, through the platform's document module. */
export function reviewPdf(pack: ReviewPack, cooperative = 'Cooperativa sociale'): Promise<RenderedDocument> {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Revisione cooperativa, anno ${pack.year}` },
    {
      kind: 'paragraph',
      text:
        `Verifiche del revisore (D.Lgs. 220/2002) ricavate dagli eventi registrati (${pack.events} eventi). ` +
        `Superate ${pack.totals.passed}, non superate ${pack.totals.failed}, non applicabili ${pack.totals['not-applicable']}.`,
    },
    {
      kind: 'table',
      columns: [
        { title: 'Regola' },
        { title: 'Verifica', width: 4 },
        { title: 'Esito', width: 1.5 },
        { title: 'Casi', align: 'right' },
      ],
      rows: pack.checks.map((c) => [c.code, c.title, STATUS[c.status], String(c.cases.length)]),
    },
  ];
  for (const check of pack.checks) {
    blocks.push(
      { kind: 'heading', level: 2, text: `${check.code} · ${check.title}` },
      { kind: 'paragraph', text: `${STATUS[check.status]} · ${check.legalBasis}. ${check.summary}` },
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
          c.subject,
          c.detail,
          c.evidence.slice(0, 3).join(' ') + (c.evidence.length > 3 ? ' …' : ''),
        ]),
      });
    blocks.push({
      kind: 'paragraph',
      style: 'note',
      text: `Evidenze: ${check.evidence.slice(0, 6).join(' ')}${check.evidence.length > 6 ? ` … (${check.evidence.length})` : ''}`,
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
