import { italianDatesIn, italianTimestamp } from '../../platform/documents/index.js';
import type { ReviewPack } from './review-pack.js';
import { reference } from './review-pdf.js';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Sentences composed from the events, their dates as gg/mm/aaaa. */
const prose = (text: string) => escape(italianDatesIn(text));

const STATUS = { passed: 'superata', failed: 'non superata', 'not-applicable': 'non applicabile' } as const;

/** The review pack as a self-contained HTML page in Italian (no script, no outside resource). */
export function reviewHtml(pack: ReviewPack, cooperative = pack.cooperative): string {
  const rows = pack.checks
    .map(
      (check) => `<section class="check ${check.status}">
<h2>${escape(check.name)}</h2>
<p class="meta">${escape(check.title)} — ${escape(reference(check))}: <strong>${STATUS[check.status]}</strong></p>
<p>${prose(check.summary)}.</p>
${
  check.cases.length
    ? `<table><thead><tr><th>Caso</th><th>Rilievo</th><th>Evidenze</th></tr></thead><tbody>${check.cases
        .map(
          (c) =>
            `<tr><td>${prose(c.subject)}</td><td>${prose(c.detail)}</td><td><code>${c.evidence.map(escape).join(' ')}</code></td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
<p class="evidence">Evidenze: <code>${check.evidence.length === 0 ? 'nessuna' : check.evidence.slice(0, 20).map(escape).join(' ')}${check.evidence.length > 20 ? ` … (${check.evidence.length})` : ''}</code></p>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Revisione cooperativa ${pack.year}</title>
<style>body{font-family:'DejaVu Sans',sans-serif;max-width:60rem;margin:2rem auto;color:#222}
.check{border-left:.4rem solid #999;padding:.2rem 1rem;margin:1rem 0}.passed{border-color:#2e7d32}.failed{border-color:#c62828}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}
code{font-size:.75em;word-break:break-all}.meta{color:#555}</style></head>
<body><h1>${escape(cooperative)} · Revisione cooperativa, anno ${pack.year}</h1>
<p>Verifiche del revisore (D.Lgs. 220/2002) ricavate dagli eventi registrati (${pack.events} eventi). Generato il ${escape(italianTimestamp(pack.generatedAt))}.
Superate ${pack.totals.passed}, non superate ${pack.totals.failed}, non applicabili ${pack.totals['not-applicable']}.</p>
${rows}
</body></html>
`;
}
