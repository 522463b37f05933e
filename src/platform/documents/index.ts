export type {
  Block,
  DocumentSpec,
  Figure,
  Heading,
  PageBreak,
  PageInfo,
  Paragraph,
  RenderedDocument,
  Table,
  TableColumn,
} from './blocks.js';
export { renderPdf } from './pdf-document.js';
export { documentFonts } from './fonts.js';
export { canRenderPng, readPdf, renderPageToPng } from './pdf-inspection.js';
export { italianDate, italianDatesIn, italianTimestamp } from './dates.js';
