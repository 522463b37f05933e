import type { Block } from '../../platform/documents/blocks.js';
import { renderPdf } from '../../platform/documents/pdf-document.js';
import * as echarts from 'echarts';
import { formatFigure, formatNumber, type BarChart, type SocialReport } from './social-report.js';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The project's shipped font (DejaVu, as the PDF embeds it): no system font is assumed. */
const FONT = 'DejaVu Sans';

/**
 * A bar chart as SVG markup, rendered server-side by Apache ECharts (its SSR renderer, no
 * browser), the same for the HTML page and the PDF (drawn there as vectors by svg-to-pdfkit,
 * with the document's embedded fonts). No animation, so the same chart gives the same bytes.
 */
export const barChartSvg = (chart: BarChart, width = 480, height = 200): string => {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height, locale: 'EN' });
  try {
    instance.setOption({
      animation: false,
      aria: { enabled: true, label: { description: chart.title } },
      textStyle: { fontFamily: FONT, fontSize: 9, color: '#1a1a1a' },
      grid: { left: 40, right: 10, top: 20, bottom: 50 },
      xAxis: {
        type: 'category',
        data: chart.bars.map((b) => b.label),
        axisLabel: { interval: 0, rotate: chart.bars.length > 4 ? 20 : 0, fontFamily: FONT, fontSize: 8 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: FONT, fontSize: 8 } },
      series: [
        {
          type: 'bar',
          data: chart.bars.map((b) => b.value),
          itemStyle: { color: '#3b6e8f' },
          label: {
            show: true,
            position: 'top',
            // no white halo: svg-to-pdfkit ignores `paint-order` and would stroke it over the digits
            textBorderColor: 'transparent',
            fontFamily: FONT,
            fontSize: 8,
            formatter: (p: { value: unknown }) => formatNumber(Number(p.value)),
          },
        },
      ],
    });
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
};

/** The report as document blocks for the shared PDF module. */
export const socialReportBlocks = (report: SocialReport): Block[] => [
  { kind: 'heading', level: 1, text: report.title },
  ...report.sections.flatMap((section): Block[] => [
    { kind: 'heading', level: 2, text: `${section.number}. ${section.title}` },
    ...section.paragraphs.map((text): Block => ({ kind: 'paragraph', text })),
    ...(section.figures.length
      ? [
          {
            kind: 'table',
            columns: [
              { title: 'Dato', width: 3 },
              { title: 'Valore', width: 1.2, align: 'right' },
              { title: 'Fonte', width: 2.4 },
            ],
            rows: section.figures.map((f) => [f.label, formatFigure(f), f.source.report]),
          } satisfies Block,
        ]
      : []),
    ...section.tables
      .filter((t) => t.rows.length)
      .map((t): Block => ({ kind: 'table', columns: t.columns.map((title) => ({ title })), rows: t.rows })),
    ...section.charts
      .filter((c) => c.bars.length)
      .map((c): Block => ({ kind: 'figure', svg: barChartSvg(c), width: 400, height: 167, caption: c.title })),
  ]),
];

/** The report as a printable HTML page: no script, no external resource, one stylesheet link. */
export const socialReportHtml = (report: SocialReport, stylesheet: string): string => {
  const sections = report.sections
    .map((section) => {
      const figures = section.figures.length
        ? `<table><thead><tr><th>Dato</th><th>Valore</th><th>Fonte</th></tr></thead><tbody>${section.figures
            .map(
              (f) =>
                `<tr><td>${escape(f.label)}</td><td class="num">${escape(formatFigure(f))}</td><td><code>${escape(f.source.report)}</code> · ${escape(f.source.field)}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      const tables = section.tables
        .filter((t) => t.rows.length)
        .map(
          (t) =>
            `<table><thead><tr>${t.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
              .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
              .join('')}</tbody></table>`,
        )
        .join('');
      const charts = section.charts
        .filter((c) => c.bars.length)
        .map((c) => `<figure>${barChartSvg(c)}<figcaption>${escape(c.title)}</figcaption></figure>`)
        .join('');
      return `<section><h2>${section.number}. ${escape(section.title)}</h2>${section.paragraphs
        .map((p) => `<p>${escape(p)}</p>`)
        .join('')}${figures}${tables}${charts}</section>`;
    })
    .join('');
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${escape(report.title)}</title><link rel="stylesheet" href="${escape(stylesheet)}"></head><body><h1>${escape(report.title)}</h1>${sections}</body></html>`;
};

/** The social report as PDF/A: what the draft serves and what the assembly's approval fixes. */
export const renderSocialReportPdf = (report: SocialReport, createdAt: Date) =>
  renderPdf({
    title: report.title,
    subject: 'Bilancio sociale (D.Lgs. 112/2017 art. 9 c. 2; DM 4 luglio 2019)',
    keywords: ['bilancio sociale', `${report.year}`],
    createdAt,
    header: () => report.title,
    footer: (page) => `Pagina ${page.number} di ${page.count}`,
    blocks: socialReportBlocks(report),
  });
