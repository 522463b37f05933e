import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BooksController } from '../../governance/public.js';
import { MembershipReportsController } from '../../membership/public.js';
import { RUNTIME } from '../../platform/http/tokens.js';
import type { Runtime } from '../../platform/runtime.js';
import { VolunteerRegisterController } from '../../work/public.js';
import type { LegalBook, PrintedSeal } from './book-printed.js';

/** The streams whose events are the entries of each book (the categories of their stream names). */
const BOOK_STREAMS: Record<LegalBook, readonly string[]> = {
  register: ['membershipApplication-', 'member-'],
  assemblies: ['assembly-'],
  board: ['boardMeeting-'],
  volunteers: ['volunteer-'],
};
const SEAL_STREAM = 'ledgerSeal-main';

export type RegisterBookEntries = Awaited<ReturnType<MembershipReportsController['entries']>>;
export type AssemblyBookEntries = Awaited<ReturnType<BooksController['assemblyBook']>>;
export type BoardBookEntries = Awaited<ReturnType<BooksController['boardBook']>>;
export type VolunteerBookEntries = Awaited<ReturnType<VolunteerRegisterController['register']>>['volunteers'];

/** Where the book's entries of the year stand in the log, and the seal that covers them. */
export interface BookSealing {
  /**
   * Log index (0-based count in `$all`) of the book's last entry up to the year's end (by business
   * time), which the book's state at 31 December rests on; null when the book has none by then.
   */
  lastEntryIndex: number | null;
  /** When the last entry was recorded: the PDF's creation date when no seal covers it. */
  lastEntryRecordedAt: string | null;
  seal: (PrintedSeal & { sealedAt: string }) | null;
}

/**
 * Reads each legal book through the very queries that answer it over HTTP (the contexts'
 * public controllers), so the printed book is the API's book; and reads the log for the
 * entries' log indexes and the seals.
 */
@Injectable()
export class LegalBookSources {
  constructor(
    @Inject(ModuleRef) private readonly modules: ModuleRef,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  private controller<T>(type: new (...args: never[]) => T): T {
    return this.modules.get(type as never, { strict: false }) as T;
  }

  register(year: number): Promise<RegisterBookEntries> {
    return this.controller(MembershipReportsController).entries(`${year}-12-31`);
  }

  assemblies(year: number): Promise<AssemblyBookEntries> {
    return this.controller(BooksController).assemblyBook({ year });
  }

  board(year: number): Promise<BoardBookEntries> {
    return this.controller(BooksController).boardBook({ year });
  }

  async volunteers(year: number): Promise<VolunteerBookEntries> {
    return (await this.controller(VolunteerRegisterController).register({ asOf: `${year}-12-31` })).volunteers;
  }

  /**
   * The book's last entry up to the year's end by business time, and the first seal whose tree
   * covers it: later seals extend that one (their consistency proofs say so), and a closed
   * year's book keeps the same footer, so a reprint gives the same bytes.
   */
  async sealing(book: LegalBook, year: number): Promise<BookSealing> {
    const prefixes = BOOK_STREAMS[book];
    const seals: Array<PrintedSeal & { sealedAt: string }> = [];
    let lastEntryIndex: number | null = null;
    let lastEntryRecordedAt: string | null = null;
    let index = 0;
    for await (const event of this.runtime.events.readAll()) {
      if (event.stream === SEAL_STREAM && event.type === 'LedgerSealed') {
        const data = event.data as { treeSize: number; logRoot?: string; merkleRoot: string; sealedAt: string };
        seals.push({
          index: Number(event.revision),
          root: data.logRoot ?? data.merkleRoot,
          treeSize: data.treeSize,
          sealedAt: data.sealedAt,
        });
      } else if (
        prefixes.some((p) => event.stream.startsWith(p)) &&
        (event.metadata.occurredAt ?? event.metadata.recordedAt).slice(0, 4) <= String(year)
      ) {
        lastEntryIndex = index;
        lastEntryRecordedAt = event.metadata.recordedAt;
      }
      index++;
    }
    const covering = lastEntryIndex === null ? [] : seals.filter((s) => s.treeSize > lastEntryIndex!);
    return { lastEntryIndex, lastEntryRecordedAt, seal: covering[0] ?? null };
  }
}
