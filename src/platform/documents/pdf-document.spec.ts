import { describe, expect, it } from '@jest/globals';
import type { DocumentSpec } from './blocks.js';
import { canRenderPng, readPdf, renderPageToPng } from './pdf-inspection.js';
import { renderPdf } from './pdf-document.js';

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">' +
  '<rect x="10" y="40" width="40" height="60" fill="#336699"/><text x="10" y="30" font-size="12">Grafico</text></svg>';

const spec = (rows = 150): DocumentSpec => ({
  title: 'Libro di prova',
  author: 'Cooperativa',
  createdAt: new Date('2026-06-30T10:00:00Z'),
  firstPageNumber: 41,
  header: (page) => `Intestazione · pagina ${page.number}`,
  footer: (page) => `Pagina ${page.number} (${page.index + 1} di ${page.count})`,
  blocks: [
    { kind: 'heading', level: 1, text: 'Titolo principale àèìòù' },
    { kind: 'paragraph', text: 'Un paragrafo con lettere accentate: perché, così, più.' },
    { kind: 'figure', svg, width: 200, height: 100, caption: 'Figura 1' },
    {
      kind: 'table',
      columns: [{ title: 'Numero' }, { title: 'Descrizione', width: 3 }, { title: 'Importo', align: 'right' }],
      rows: Array.from({ length: rows }, (_, i) => [`${i + 1}`, `Riga ${i + 1}`, `${(i * 1.5).toFixed(2)} €`]),
    },
    { kind: 'pageBreak' },
    { kind: 'paragraph', style: 'note', text: 'Nota finale' },
  ],
});

describe('renderPdf', () => {
  it('writes the same bytes and sha256 for the same spec', async () => {
    const [a, b] = [await renderPdf(spec()), await renderPdf(spec())];
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).toBe(a.sha256);
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
  });

  it('changes the hash when the content changes', async () => {
    expect((await renderPdf(spec(149))).sha256).not.toBe((await renderPdf(spec())).sha256);
  });

  it('breaks a long table across pages, repeating its header, and numbers pages from firstPageNumber', async () => {
    const rendered = await renderPdf(spec());
    const read = await readPdf(rendered.bytes);
    expect(read.pageCount).toBe(rendered.pageCount);
    expect(rendered.pageCount).toBeGreaterThanOrEqual(4);
    expect(rendered.lastPageNumber).toBe(41 + rendered.pageCount - 1);
    const tablePages = read.pages.filter((text) => text.includes('Riga '));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const text of tablePages) expect(text).toContain('Numero Descrizione Importo');
    expect(read.pages[0]).toContain('Pagina 41 (1 di');
    expect(read.pages[1]).toContain('Intestazione · pagina 42');
    expect(read.pages[0]).toContain('Titolo principale àèìòù');
    expect(read.pages[0]).toContain('Grafico');
    expect(read.pages.at(-1)).toContain('Nota finale');
    expect(read.pages.join(' ')).toContain('Riga 150');
  });

  it('declares PDF/A-2b in its XMP and embeds every font', async () => {
    const { bytes } = await renderPdf(spec(5));
    const read = await readPdf(bytes);
    expect(read.xmp).toMatch(/pdfaid:part(>|=")2/);
    expect(read.xmp).toMatch(/pdfaid:conformance(>|=")B/);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/^%PDF-1\.7/);
    expect(read.fonts.length).toBeGreaterThan(0);
    expect(read.fonts.every((font) => font.embedded && /DejaVu/.test(font.name))).toBe(true);
  });

  it('renders its first page to PNG', async () => {
    if (!(await canRenderPng())) {
      console.warn('skipped: pdftoppm (poppler-utils) is not installed');
      return;
    }
    const png = await renderPageToPng((await renderPdf(spec(5))).bytes, 1);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(2000);
  });
});
