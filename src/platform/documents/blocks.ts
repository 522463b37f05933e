/**
 * The block model of a printed document: what a context hands to `renderPdf`. It knows
 * headings, paragraphs, tables, SVG figures and page breaks, nothing of what they say.
 */
export type Block = Heading | Paragraph | Table | Figure | PageBreak;

export interface Heading {
  kind: 'heading';
  text: string;
  level: 1 | 2 | 3;
}

export interface Paragraph {
  kind: 'paragraph';
  text: string;
  /** `note` prints smaller and grey: sources, remarks, "not recorded". */
  style?: 'normal' | 'note';
}

export interface TableColumn {
  title: string;
  /** Relative width; columns share the line in proportion. Default 1. */
  width?: number;
  align?: 'left' | 'right';
}

/** A table that breaks across pages, its header repeated on each page. */
export interface Table {
  kind: 'table';
  columns: TableColumn[];
  /** A cell may hold several lines, separated by `\n`. */
  rows: string[][];
  /** Smaller type, for a register of many columns on a portrait page. */
  compact?: boolean;
}

/** An SVG image (markup), drawn as vectors at `width` points wide (height keeps the ratio). */
export interface Figure {
  kind: 'figure';
  svg: string;
  width: number;
  height: number;
  caption?: string;
}

export interface PageBreak {
  kind: 'pageBreak';
}

/** What a header or footer callback knows about the page it decorates. */
export interface PageInfo {
  /** The printed number: `firstPageNumber` on the first page, then one more per page. */
  number: number;
  /** 0-based index within this document. */
  index: number;
  /** Pages in this document. */
  count: number;
}

export interface DocumentSpec {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  /** The creation date written into the document info and XMP: from the injected clock. */
  createdAt: Date;
  /** Printed number of the first page, so a book continues last year's numbering. Default 1. */
  firstPageNumber?: number;
  /** BCP 47 language of the text. Default `it-IT`. */
  lang?: string;
  /** The page's header and footer: a line each, or several separated by `\n`. */
  header?: (page: PageInfo) => string | undefined;
  footer?: (page: PageInfo) => string | undefined;
  blocks: Block[];
}

export interface RenderedDocument {
  bytes: Buffer;
  /** Hex sha256 of `bytes`: reproducible for the same spec. */
  sha256: string;
  pageCount: number;
  /** Printed number of the last page (for the next volume's `firstPageNumber`). */
  lastPageNumber: number;
}
