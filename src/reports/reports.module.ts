import { Module } from '@nestjs/common';
import { SocialReportController } from './http/social-report.controller.js';
import { SocialReportSourceReader } from './social-report.sources.js';
import { BookPrinter } from './books/book-printer.js';
import { LegalBookSources } from './books/book-sources.js';
import { LegalBooksController } from './books/legal-books.controller.js';

/** The cross-context reports: read other contexts' public queries; own the approvals and the books' prints. */
@Module({
  controllers: [SocialReportController, LegalBooksController],
  providers: [SocialReportSourceReader, LegalBookSources, BookPrinter],
})
export class ReportsModule {}
