import { Controller, Get, HttpCode, Inject, Post, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import type { CommandMetadata } from '../../platform/commands/command-processor.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { Operation, ValidParams } from '../../platform/http/operation.js';
import { CommandMeta } from '../../platform/http/request-context.js';
import { refusalsOf } from '../http/refusals.js';
import { LEGAL_BOOKS } from './book-printed.js';
import { BookPrinter, type RenderedBook } from './book-printer.js';

const BookParams = z.object({
  book: z.enum(LEGAL_BOOKS).describe('register (libro soci), assemblies, board, volunteers (registro dei volontari)'),
  year: z.coerce.number().int().min(1900).max(2999),
});
type BookParams = z.infer<typeof BookParams>;

const PrintView = z.object({
  recorded: z.boolean().describe('false when the last print of the year has the same bytes: nothing new is recorded'),
  stream: z.string(),
  position: z.string().nullable(),
  sha256: z.string(),
  firstPage: z.number().int(),
  lastPage: z.number().int(),
  seal: z.object({ index: z.number().int(), root: z.string(), treeSize: z.number().int() }).nullable(),
});

/** A year before the book's first entry has no book to print. */
const printable = (rendered: RenderedBook): RenderedBook => {
  if (rendered.sealing.lastEntryIndex === null)
    throw new NotFoundError('book', `${rendered.book}/${rendered.year} (no entry recorded by the end of the year)`);
  return rendered;
};

/** The legal books as PDF/A-2b, page-numbered on from the year before, the covering seal in each footer. */
@Controller('books')
export class LegalBooksController {
  constructor(@Inject(BookPrinter) private readonly printer: BookPrinter) {}

  @Get(':book/:year.pdf')
  @Operation({
    roles: ['auditor', 'board', 'secretary'],
    tags: ['reports'],
    summary:
      'A legal book of a year as PDF/A-2b (libro soci, libri delle adunanze, registro dei volontari), without recording a print',
    description:
      'Every page: the cooperative, the book and the year, "pagina N" continuing from the last print of the year before, and the first seal covering the book’s last entry (number, tree size, root: later seals extend it), or that it is not yet sealed. Deterministic: a closed year reprints to the same bytes; the sha256 is in `X-Content-SHA256`. 404 for a year before the book’s first entry.',
    params: BookParams,
    produces: ['application/pdf'],
  })
  async pdf(@ValidParams() { book, year }: BookParams, @Res({ passthrough: true }) response: Response) {
    const { pdf, sealing } = printable(await this.printer.render(book, year));
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="${book}-${year}.pdf"`);
    response.setHeader('X-Content-SHA256', pdf.sha256);
    response.setHeader('X-Book-Sealed', sealing.seal ? 'true' : 'false');
    return new StreamableFile(pdf.bytes, { type: 'application/pdf' });
  }

  @Post(':book/:year/prints')
  @HttpCode(201)
  @Operation({
    ...refusalsOf('RecordBookPrint'),
    example: {
      answer: {
        recorded: true,
        stream: 'bookPrints-register-2025',
        position: '15873',
        sha256: '9c1f4e8a2b7d3c6f0e5a1b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e',
        firstPage: 1,
        lastPage: 12,
        seal: { index: 3, root: '9c1f4e8a2b7d3c6f0e5a1b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e', treeSize: 15872 },
      },
    },
    roles: ['secretary', 'admin'],
    tags: ['reports'],
    summary: 'Print a legal book of a year: records BookPrinted with the PDF’s sha256, its pages and the seal in its footer',
    description:
      'The time-stamp and the legal representative’s signature (c.c. art. 2215-bis) are made outside on the file `GET /books/{book}/{year}.pdf` gives, whose sha256 this records. A print with the same bytes as the last one records nothing (`recorded: false`). 404 for a year before the book’s first entry.',
    params: BookParams,
    response: PrintView,
    status: 201,
  })
  async print(@ValidParams() { book, year }: BookParams, @CommandMeta() meta: CommandMetadata) {
    printable(await this.printer.render(book, year));
    const { rendered: _, revision: _revision, ...printed } = await this.printer.print(book, year, meta);
    return printed;
  }
}
