import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Reading generated PDFs back, for tests and checks: pdfjs-dist (a development dependency,
 * loaded lazily so production never needs it) for the text and page count, Debian's
 * `pdftoppm` (poppler-utils) to render a page as PNG.
 */
export interface ReadPdf {
  pageCount: number;
  /** Text of each page, items joined by spaces. */
  pages: string[];
  /** The XMP metadata packet, if any. */
  xmp: string | undefined;
  /** Names of the fonts the document uses, and whether each is embedded. */
  fonts: { name: string; embedded: boolean }[];
}

export const readPdf = async (bytes: Uint8Array): Promise<ReadPdf> => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false });
  const document = await task.promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  const metadata = await document.getMetadata();
  const xmp = (metadata.metadata as { getRaw?: () => string } | null)?.getRaw?.();
  await document.destroy();
  return { pageCount: pages.length, pages, xmp, fonts: fontsOf(bytes) };
};

/** Font dictionaries as written in the file: a FontFile2 (TrueType) stream means embedded. */
const fontsOf = (bytes: Uint8Array): { name: string; embedded: boolean }[] => {
  const text = Buffer.from(bytes).toString('latin1');
  const names = new Set<string>();
  for (const match of text.matchAll(/\/FontName\s*\/([A-Za-z0-9+_-]+)/g)) names.add(match[1] ?? '');
  const embeddedCount = (text.match(/\/FontFile2\s/g) ?? []).length;
  return [...names].map((name) => ({ name, embedded: embeddedCount >= names.size }));
};

const run = promisify(execFile);

/** Whether `pdftoppm` is on the PATH (the CI installs poppler-utils). */
export const canRenderPng = async (): Promise<boolean> =>
  run('pdftoppm', ['-v']).then(
    () => true,
    () => false,
  );

/** Renders one page (1-based) to PNG bytes with `pdftoppm -f N -l N -png`. */
export const renderPageToPng = async (bytes: Uint8Array, page = 1, dpi = 80): Promise<Buffer> => {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-page-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, bytes);
    await run('pdftoppm', ['-f', `${page}`, '-l', `${page}`, '-r', `${dpi}`, '-png', '-singlefile', input, join(dir, 'out')]);
    return await readFile(join(dir, 'out.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
