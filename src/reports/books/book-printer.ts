import { Inject, Injectable } from '@nestjs/common';
import { recordedCooperativeName } from '../../governance/public.js';
import { CommandProcessor, type CommandMetadata } from '../../platform/commands/command-processor.js';
import { renderPdf, type Block, type RenderedDocument } from '../../platform/documents/index.js';
import { RUNTIME } from '../../platform/http/tokens.js';
import type { Runtime } from '../../platform/runtime.js';
import { bookPrintDecider, legalBookStream, type LegalBook, type PrintedSeal } from './book-printed.js';
import { LegalBookSources, type BookSealing } from './book-sources.js';
import { assemblyBlocks, boardBlocks } from './minutes-blocks.js';
import { registerBlocks, volunteerBlocks } from './register-blocks.js';

/** The books' names as printed (DOMAIN.md §7). */
export const BOOK_NAMES: Record<LegalBook, string> = {
  register: 'Libro soci',
  assemblies: 'Libro delle adunanze e delle deliberazioni dell’assemblea',
  board: 'Libro delle adunanze e delle deliberazioni del consiglio di amministrazione',
  volunteers: 'Registro dei volontari',
};
const LEGAL_BASIS: Record<LegalBook, string> = {
  register: 'c.c. art. 2421 c. 1 n. 1',
  assemblies: 'c.c. art. 2421 c. 1 n. 3',
  board: 'c.c. art. 2421 c. 1 n. 4',
  volunteers: 'L. 381/1991 art. 2; D.Lgs. 117/2017 art. 17 c. 1',
};

export interface RenderedBook {
  book: LegalBook;
  year: number;
  pdf: RenderedDocument;
  firstPage: number;
  sealing: BookSealing;
}

/** What the footer says of the seal: its number, tree size and root, or that there is none yet. */
export const sealLine = (sealing: BookSealing): string =>
  sealing.seal
    ? `Sigillo n. ${sealing.seal.index}: ${sealing.seal.treeSize} eventi, radice ${sealing.seal.root}`
    : sealing.lastEntryIndex === null
      ? 'Nessuna registrazione nel libro'
      : 'Registrazioni non ancora sigillate: sigillare prima di stampare il libro';

/**
 * Prints the legal books as PDF/A-2b: every page headed with the cooperative's name, the book
 * and its year, numbered on from the last print of the year before, with the seal that covers
 * the book's entries in the footer. Rendering is deterministic: the document's date is the
 * seal's (or, unsealed, the last entry's recording time), so the same entries under the same
 * seal give the same bytes.
 */
@Injectable()
export class BookPrinter {
  constructor(
    @Inject(LegalBookSources) private readonly sources: LegalBookSources,
    @Inject(CommandProcessor) private readonly commands: CommandProcessor,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** The page the year's book begins on: one past the last page of the last print of the year before. */
  async firstPage(book: LegalBook, year: number): Promise<number> {
    const { state } = await this.commands.load(legalBookStream(book, year - 1), bookPrintDecider);
    return state.last ? state.last.lastPage + 1 : 1;
  }

  async render(book: LegalBook, year: number): Promise<RenderedBook> {
    const [blocks, sealing, firstPage, cooperative] = await Promise.all([
      this.blocks(book, year),
      this.sources.sealing(book, year),
      this.firstPage(book, year),
      // The name the statute settings record at the year's end (a closed year's book keeps it), else COOP_NAME.
      recordedCooperativeName(this.runtime.events, this.runtime.config.cooperativeName, `${year}-12-31`),
    ]);
    const name = BOOK_NAMES[book];
    const pdf = await renderPdf({
      title: `${name}, anno ${year}`,
      author: cooperative,
      subject: `${name} (${LEGAL_BASIS[book]})`,
      keywords: [name, String(year)],
      createdAt: new Date(sealing.seal?.sealedAt ?? sealing.lastEntryRecordedAt ?? `${year}-12-31T23:00:00.000Z`),
      firstPageNumber: firstPage,
      header: () => `${cooperative}\n${name} (${LEGAL_BASIS[book]}), anno ${year}`,
      footer: (page) => `pagina ${page.number}\n${sealLine(sealing)}`,
      blocks,
    });
    return { book, year, pdf, firstPage, sealing };
  }

  /** Renders the book and records `BookPrinted` unless the last print of the year has the same bytes. */
  async print(book: LegalBook, year: number, meta: CommandMetadata) {
    const rendered = await this.render(book, year);
    const seal: PrintedSeal | null = rendered.sealing.seal
      ? { index: rendered.sealing.seal.index, root: rendered.sealing.seal.root, treeSize: rendered.sealing.seal.treeSize }
      : null;
    const result = await this.commands.execute(
      legalBookStream(book, year),
      bookPrintDecider,
      {
        type: 'RecordBookPrint',
        book,
        year,
        firstPage: rendered.firstPage,
        lastPage: rendered.pdf.lastPageNumber,
        sha256: rendered.pdf.sha256,
        seal,
        actor: { keyId: meta.actor.keyId, role: meta.actor.role },
      },
      meta,
    );
    return {
      rendered,
      recorded: result.events.length > 0,
      stream: result.stream,
      position: result.position,
      revision: result.revision,
      sha256: rendered.pdf.sha256,
      firstPage: rendered.firstPage,
      lastPage: rendered.pdf.lastPageNumber,
      seal,
    };
  }

  private async blocks(book: LegalBook, year: number): Promise<Block[]> {
    switch (book) {
      case 'register':
        return registerBlocks(await this.sources.register(year), year);
      case 'assemblies':
        return assemblyBlocks(await this.sources.assemblies(year), year);
      case 'board':
        return boardBlocks(await this.sources.board(year), year);
      case 'volunteers':
        return volunteerBlocks(await this.sources.volunteers(year), year);
      default: {
        const never: never = book;
        throw new Error(`no book ${String(never)}`);
      }
    }
  }
}
