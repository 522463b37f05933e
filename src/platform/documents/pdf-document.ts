import { createHash } from 'node:crypto';
import type { Block, DocumentSpec, Figure, PageInfo, RenderedDocument, Table } from './blocks.js';
import { documentFonts } from './fonts.js';
import { lazy } from '../lazy.js';

const MARGIN = { top: 72, bottom: 72, left: 56, right: 56 };
const SIZE = { h1: 16, h2: 13, h3: 11, body: 10, note: 8.5, table: 8.5, compact: 7, band: 8 };
const INK = '#1a1a1a';
const GREY = '#555555';
const RULE = '#b0b0b0';

type Doc = PDFKit.PDFDocument;
type StructElement = ReturnType<Doc['struct']>;

interface PdfLibraries {
  PDFDocument: typeof import('pdfkit');
  SVGtoPDF: (typeof import('svg-to-pdfkit'))['default'];
}
/**
 * pdfkit (with fontkit) and svg-to-pdfkit, loaded by the first document rendered: a service
 * that prints nothing never holds them (tens of MB of code and tables).
 */
let libraries: PdfLibraries | undefined;
const pdfLibraries = lazy(async (): Promise<PdfLibraries> => {
  const { default: PDFDocument } = await import('pdfkit');
  const { default: SVGtoPDF } = await import('svg-to-pdfkit');
  return (libraries = { PDFDocument, SVGtoPDF });
});

/**
 * Renders a block document as PDF/A-2b (PDF 1.7, tagged, XMP metadata, every font embedded:
 * DejaVu from the project's dependencies). The output is deterministic: the creation date
 * comes from the spec (the injected clock) and the file id is derived from the document
 * info, so the same spec gives the same bytes and the same sha256.
 */
export const renderPdf = async (spec: DocumentSpec): Promise<RenderedDocument> => {
  const { PDFDocument } = await pdfLibraries();
  const fonts = documentFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: spec.lang ?? 'it-IT',
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    font: fonts.regular,
    info: {
      Title: spec.title,
      Author: spec.author ?? '',
      Subject: spec.subject ?? '',
      Keywords: (spec.keywords ?? []).join(', '),
      Creator: 'coop-ledger',
      Producer: 'coop-ledger (pdfkit)',
      CreationDate: spec.createdAt,
      ModDate: spec.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  fontFiles.set(doc, fonts);
  useFont(doc, 'regular', SIZE.body).fillColor(INK);

  const root = doc.struct('Document');
  doc.addStructure(root);
  for (const block of spec.blocks) drawBlock(doc, root, block);
  root.end();

  const range = doc.bufferedPageRange();
  const first = spec.firstPageNumber ?? 1;
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    drawBands(doc, spec, { number: first + index, index, count: range.count });
  }
  doc.end();
  await finished;
  const bytes = Buffer.concat(chunks);
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    pageCount: range.count,
    lastPageNumber: first + range.count - 1,
  };
};

type FontName = keyof ReturnType<typeof documentFonts>;
const fontFiles = new WeakMap<Doc, Record<FontName, string>>();

/**
 * Switches font only when it changes, by the font file's path: pdfkit caches an opened font
 * under the key it was asked for, except a font registered under a name that is also the
 * document's default font (the regular face), which it re-reads and re-parses on every
 * `font()` call; asked by path, every face stays cached (headings and tables alternate faces
 * hundreds of times in a long book).
 */
const currentFont = new WeakMap<Doc, FontName>();
const useFont = (doc: Doc, name: FontName, size: number): Doc => {
  if (currentFont.get(doc) !== name) {
    doc.font(fontFiles.get(doc)![name]);
    currentFont.set(doc, name);
  }
  return doc.fontSize(size);
};

const contentWidth = (doc: Doc): number => doc.page.width - MARGIN.left - MARGIN.right;
const bottomLimit = (doc: Doc): number => doc.page.height - MARGIN.bottom;

const ensureSpace = (doc: Doc, height: number): void => {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
};

const drawBlock = (doc: Doc, root: StructElement, block: Block): void => {
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 1 ? SIZE.h1 : block.level === 2 ? SIZE.h2 : SIZE.h3;
      useFont(doc, 'bold', size);
      // keep a heading with at least a few lines of what follows it
      ensureSpace(doc, doc.heightOfString(block.text, { width: contentWidth(doc) }) + 48);
      doc.moveDown(block.level === 1 ? 0.6 : 0.4);
      doc.fillColor(INK).text(block.text, MARGIN.left, doc.y, {
        width: contentWidth(doc),
        structParent: root,
        structType: `H${block.level}`,
      } as PDFKit.Mixins.TextOptions);
      doc.moveDown(0.3);
      return;
    }
    case 'paragraph': {
      const note = block.style === 'note';
      useFont(doc, note ? 'italic' : 'regular', note ? SIZE.note : SIZE.body);
      doc.fillColor(note ? GREY : INK).text(block.text, MARGIN.left, doc.y, {
        width: contentWidth(doc),
        structParent: root,
        structType: 'P',
      } as PDFKit.Mixins.TextOptions);
      doc.fillColor(INK).moveDown(0.4);
      return;
    }
    case 'table':
      return drawTable(doc, root, block);
    case 'figure':
      return drawFigure(doc, root, block);
    case 'pageBreak':
      doc.addPage();
      return;
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
};

const PAD = 3;

const drawTable = (doc: Doc, root: StructElement, table: Table): void => {
  const size = table.compact ? SIZE.compact : SIZE.table;
  const total = table.columns.reduce((sum, column) => sum + (column.width ?? 1), 0);
  const widths = table.columns.map((column) => ((column.width ?? 1) / total) * contentWidth(doc));
  const rowHeight = (cells: string[], font: FontName): number => {
    useFont(doc, font, size);
    return Math.max(...cells.map((cell, i) => cellHeight(doc, cell, (widths[i] ?? 0) - 2 * PAD)), size) + 2 * PAD;
  };
  const drawRow = (cells: string[], font: FontName, shaded: boolean, height = rowHeight(cells, font)): void => {
    const top = doc.y;
    if (shaded) doc.save().rect(MARGIN.left, top, contentWidth(doc), height).fill('#eeeeee').restore();
    useFont(doc, font, size).fillColor(INK);
    let x = MARGIN.left;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      doc.text(cell, x + PAD, top + PAD, {
        width: width - 2 * PAD,
        align: table.columns[i]?.align ?? 'left',
        structParent: root,
        structType: font === 'bold' ? 'TH' : 'TD',
      } as PDFKit.Mixins.TextOptions);
      x += width;
    });
    doc
      .save()
      .moveTo(MARGIN.left, top + height)
      .lineTo(MARGIN.left + contentWidth(doc), top + height)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke()
      .restore();
    doc.x = MARGIN.left;
    doc.y = top + height;
  };
  const header = table.columns.map((column) => column.title);
  const headerHeight = rowHeight(header, 'bold');
  ensureSpace(doc, headerHeight + rowHeight(table.rows[0] ?? header, 'regular'));
  drawRow(header, 'bold', true, headerHeight);
  for (const row of table.rows) {
    const height = rowHeight(row, 'regular');
    if (doc.y + height > bottomLimit(doc)) {
      doc.addPage();
      drawRow(header, 'bold', true, headerHeight);
    }
    drawRow(row, 'regular', false, height);
  }
  doc.moveDown(0.6);
};

/**
 * The height of a cell's text at `width`: a line per `\n` when every line fits (what the line
 * wrapper then gives, measured from the words' widths pdfkit caches), else the wrapper's own
 * measure. A long book's cells mostly fit, and wrapping each twice (to measure, to draw) was
 * a third of its time.
 */
const cellHeight = (doc: Doc, text: string, width: number): number => {
  const lines = text.split('\n');
  if (text !== '' && lines.every((line) => line !== '' && doc.widthOfString(line) <= width - 1))
    return lines.length * doc.currentLineHeight(true);
  return doc.heightOfString(text, { width });
};

const drawFigure = (doc: Doc, root: StructElement, figure: Figure): void => {
  const width = Math.min(figure.width, contentWidth(doc));
  const height = (figure.height * width) / figure.width;
  ensureSpace(doc, height + 24);
  const top = doc.y;
  const files = fontFiles.get(doc)!;
  const fontFor = (_family: string, bold: boolean, italic: boolean): string =>
    bold ? files.bold : italic ? files.italic : files.regular;
  libraries!.SVGtoPDF(doc, figure.svg, MARGIN.left, top, { width, height, assumePt: false, fontCallback: fontFor });
  currentFont.delete(doc); // the figure's text switched fonts behind our back
  doc.x = MARGIN.left;
  doc.y = top + height + 4;
  if (figure.caption) {
    useFont(doc, 'italic', SIZE.note)
      .fillColor(GREY)
      .text(figure.caption, MARGIN.left, doc.y, {
        width: contentWidth(doc),
        structParent: root,
        structType: 'Caption',
      } as PDFKit.Mixins.TextOptions);
    doc.fillColor(INK);
  }
  doc.moveDown(0.6);
};

/** Header and footer of one page, drawn inside the margins as artifacts (not content). */
const drawBands = (doc: Doc, spec: DocumentSpec, page: PageInfo): void => {
  const header = spec.header?.(page);
  const footer = spec.footer?.(page) ?? `${page.number}`;
  const width = contentWidth(doc);
  const margins = doc.page.margins;
  doc.page.margins = { top: 0, bottom: 0, left: MARGIN.left, right: MARGIN.right };
  useFont(doc, 'regular', SIZE.band).fillColor(GREY);
  const line = SIZE.band * 1.3;
  if (header) {
    doc.markContent('Artifact', { type: 'Pagination' });
    header
      .split('\n')
      .forEach((text, i) => doc.text(text, MARGIN.left, MARGIN.top / 2 + i * line, { width, align: 'left', lineBreak: false }));
    doc.endMarkedContent();
  }
  // A footer of several lines (one per `\n`) grows upwards from where a one-line footer sits.
  const footerLines = footer.split('\n');
  doc.markContent('Artifact', { type: 'Pagination' });
  footerLines.forEach((text, i) =>
    doc.text(text, MARGIN.left, doc.page.height - MARGIN.bottom / 2 - SIZE.band - (footerLines.length - 1 - i) * line, {
      width,
      align: 'center',
      lineBreak: false,
    }),
  );
  doc.endMarkedContent();
  doc.page.margins = margins;
  doc.fillColor(INK);
};
