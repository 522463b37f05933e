import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemblyBookProjector } from '../../governance/public.js';
import { decisionTrailProjector, type DirectorDoc } from '../../governance/public.js';
import { openPerson, type PersonName } from '../../governance/public.js';
import { assemblyBookHtml, boardBookHtml } from '../../governance/public.js';
import type { ReadableAssembly, ReadableMeeting, ReadableResolution } from '../../governance/public.js';
import { membershipEvents, type MembershipEvent } from '../../membership/public.js';
import { memberRegisterProjector, type MemberDoc } from '../../membership/public.js';
import { replayRegisterAsOf } from '../../membership/public.js';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../platform/event-store/event-store.js';
import { openName, type PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import type { Projector } from '../../platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../../platform/read-models/embedded/embedded-read-model-store.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import {
  volunteerRegisterCsv,
  VOLUNTEER_REGISTER_COLUMNS,
  volunteersProjector,
  workMembersProjector,
  type VolunteerRegisterEntry,
} from '../../work/public.js';
import { replayBook } from '../book-replay.js';
import { csv as writeCsv, registerLineColumns, type CsvColumn } from '../register-columns.js';

/**
 * The books a bundle can carry, each rendered from its source events alone by the code the
 * service and `coop audit replay` use (the same projectors, the same book pages), so that
 * rendering the bundled events again gives the bundled files byte for byte.
 */
export const BUNDLE_BOOKS = ['register', 'assemblies', 'board', 'admissions', 'volunteers'] as const;
export type BundleBook = (typeof BUNDLE_BOOKS)[number];

export interface RenderedBook {
  csv: string;
  html: string;
}

const ERASED = 'dati cancellati';
const MEMBERSHIP_TYPES: readonly string[] = membershipEvents.map((d) => d.type);

/** The event types each book is derived from: the bundle carries every event of these types. */
export const BOOK_SOURCES: Record<BundleBook, readonly string[]> = {
  register: MEMBERSHIP_TYPES,
  admissions: MEMBERSHIP_TYPES,
  assemblies: [...new Set([...assemblyBookProjector.eventTypes, ...MEMBERSHIP_TYPES])],
  board: [...new Set([...decisionTrailProjector.eventTypes, ...MEMBERSHIP_TYPES])],
  volunteers: [...new Set([...volunteersProjector.eventTypes, ...workMembersProjector.eventTypes])],
};

/** The bundled events as the one read a book replay makes of a store: `$all` order, filtered by type. */
const readOnly = (events: readonly RecordedEvent[]): EventStore =>
  ({
    async *readAll(options?: ReadAllOptions) {
      const types = options?.types && new Set(options.types);
      for (const event of events) if (!types || types.has(event.type)) yield event;
    },
  }) as unknown as EventStore;

/** Projects the events into a scratch read model, hands its collections to `read`, and deletes it. */
async function scratch<T>(
  events: readonly RecordedEvent[],
  projector: Projector,
  read: (all: <D extends Doc>(name: string) => Promise<D[]>) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-bundle-'));
  const store = new EmbeddedReadModelStore(join(dir, 'book.sqlite'));
  try {
    const types = new Set(projector.eventTypes);
    await store.transaction(async (tx) => {
      for (const event of events)
        if (types.has(event.type)) await projector.apply(event, { collection: (name) => tx.collection(name) });
    });
    return await read(<D extends Doc>(name: string) => store.collection<D>(name).find({}, { sort: { _id: 1 } }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every member's name and number, as the register's read model keeps them (erased: null). */
async function members(events: readonly RecordedEvent[], vault: PersonalDataVault) {
  return scratch(events, memberRegisterProjector, async (all) => {
    const docs = await all<MemberDoc>('members');
    const names = new Map<string, string | null>();
    for (const doc of docs) names.set(doc._id, await openName(vault, doc.applicant));
    return { names, numbers: new Map(docs.map((d) => [d._id, d.memberNumber])) };
  });
}

/** RFC 4180 CSV (CRLF), Italian column names as in the service's exports; `;` quoted too. */
const csv = <T>(columns: ReadonlyArray<CsvColumn<T>>, rows: readonly T[]) => writeCsv(columns, rows, /[",\n\r;]/);

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A printable page with one table, self-contained (no script, no external resource), in the books' style. */
function tablePage(title: string, subtitle: string, head: string[], rows: Array<Array<unknown>>): string {
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:12pt/1.45 Georgia,serif;margin:2cm;color:#111}h1{font-size:16pt}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:2px 6px;font-size:10pt;text-align:left}</style></head><body><h1>${escape(title)}</h1>
<p>${escape(subtitle)}</p>
${rows.length ? `<table><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</table>` : '<p>Nessuna voce.</p>'}
</body></html>`;
}

const CAUSE: Record<string, string> = { withdrawal: 'recesso', exclusion: 'esclusione', death: 'morte' };

/**
 * Renders `book` as of `asOf` from its source events (upcast, in `$all` order), opening
 * personal data through `vault`.
 */
export async function renderBook(
  book: BundleBook,
  events: readonly RecordedEvent[],
  asOf: string,
  vault: PersonalDataVault,
): Promise<RenderedBook> {
  switch (book) {
    case 'register': {
      const lines = replayRegisterAsOf(
        events.filter((e) => MEMBERSHIP_TYPES.includes(e.type)).map((e) => ({ type: e.type, data: e.data }) as MembershipEvent),
        asOf,
      );
      const { names } = await members(events, vault);
      const rows = lines.map((l) => ({ ...l, name: names.get(l.memberId) ?? ERASED }));
      type Row = (typeof rows)[number];
      const columns: Array<CsvColumn<Row>> = [
        ['numero', (l) => l.memberNumber],
        ['nome', (l) => l.name],
        ['id_socio', (l) => l.memberId],
        ...registerLineColumns<Row>(),
        ['causa_uscita', (l) => (l.exit ? (CAUSE[l.exit.cause] ?? l.exit.cause) : null)],
      ];
      return {
        csv: csv(columns, rows),
        html: tablePage(
          'Libro dei soci',
          `Alla data del ${asOf} (c.c. art. 2421 c. 1 n. 1)`,
          columns.map(([name]) => name.replaceAll('_', ' ')),
          rows.map((r) => columns.map(([, get]) => get(r))),
        ),
      };
    }
    case 'admissions': {
      const year = (await replayBook(readOnly(events), 'admissions', asOf)) as {
        admissions: Array<{
          memberNumber: number | null;
          applicationId: string;
          category: string;
          admittedOn: string;
          boardResolutionId: string;
        }>;
        rejections: Array<{ applicationId: string; category: string; decidedOn: string; boardResolutionId: string }>;
      };
      const rows = [
        ...year.admissions.map((a) => [
          'ammissione',
          a.admittedOn,
          a.memberNumber,
          a.applicationId,
          a.category,
          a.boardResolutionId,
        ]),
        ...year.rejections.map((r) => ['rigetto', r.decidedOn, null, r.applicationId, r.category, r.boardResolutionId]),
      ];
      const head = ['esito', 'data', 'numero_socio', 'id_domanda', 'categoria', 'delibera'];
      return {
        csv: csv(
          head.map((name, i) => [name, (r: unknown[]) => r[i] as string | number | null]),
          rows,
        ),
        html: tablePage(
          `Ammissioni e rigetti dell’anno ${asOf.slice(0, 4)}`,
          `Alla data del ${asOf} (c.c. art. 2528 c. 5)`,
          head.map((h) => h.replaceAll('_', ' ')),
          rows,
        ),
      };
    }
    case 'assemblies': {
      const { assemblies } = (await replayBook(readOnly(events), 'assemblies', asOf, vault)) as {
        assemblies: ReadableAssembly[];
      };
      const { names, numbers } = await members(events, vault);
      const rows = assemblies.flatMap((a) =>
        a.motions.map((m) => ({ date: a.opening?.heldOn ?? a.firstCall.date, kind: a.kind, assemblyId: a._id, m })),
      );
      return {
        csv: csv(
          [
            ['data_adunanza', (r) => r.date],
            ['tipo', (r) => (r.kind === 'ordinary' ? 'ordinaria' : 'straordinaria')],
            ['id_assemblea', (r) => r.assemblyId],
            ['punto', (r) => r.m.item],
            ['proposta', (r) => r.m.text],
            ['esito', (r) => (r.m.outcome ? (r.m.outcome.adopted ? 'approvata' : 'respinta') : null)],
            ['delibera', (r) => r.m.outcome?.resolutionId ?? null],
            ['favorevoli', (r) => r.m.outcome?.tally.for ?? null],
            ['contrari', (r) => r.m.outcome?.tally.against ?? null],
            ['astenuti', (r) => r.m.outcome?.tally.abstain ?? null],
          ],
          rows,
        ),
        html: assemblyBookHtml(assemblies, numbers, names),
      };
    }
    case 'board': {
      const { meetings } = (await replayBook(readOnly(events), 'board', asOf, vault)) as {
        meetings: Array<ReadableMeeting & { resolutions: ReadableResolution[] }>;
      };
      const directors = await scratch(events, decisionTrailProjector, async (all) => {
        const names = new Map<string, PersonName>();
        for (const d of await all<DirectorDoc>('directors')) names.set(d._id, await openPerson(vault, d.person));
        return names;
      });
      const resolutions = meetings.flatMap((m) => m.resolutions.map((r) => ({ heldOn: m.heldOn, r })));
      return {
        csv: csv(
          [
            ['data_riunione', (x) => x.heldOn],
            ['delibera', (x) => x.r.resolution.resolutionId],
            ['punto', (x) => x.r.resolution.item],
            ['testo', (x) => x.r.resolution.text],
            ['esito', (x) => (x.r.outcome === 'adopted' ? 'approvata' : 'respinta')],
            ['favorevoli', (x) => x.r.resolution.tally.for],
            ['contrari', (x) => x.r.resolution.tally.against],
            ['astenuti', (x) => x.r.resolution.tally.abstain],
            ['presenti', (x) => x.r.resolution.tally.present],
          ],
          resolutions,
        ),
        html: boardBookHtml(
          meetings,
          resolutions.map((x) => x.r),
          directors,
        ),
      };
    }
    case 'volunteers': {
      // The service's own register (GET /work/volunteer-register/export), replayed from the bundled events.
      const { volunteers } = (await replayBook(readOnly(events), 'volunteers', asOf, vault)) as {
        volunteers: VolunteerRegisterEntry[];
      };
      return {
        csv: volunteerRegisterCsv(volunteers),
        html: tablePage(
          'Registro dei volontari',
          `Alla data del ${asOf} (D.Lgs. 117/2017 art. 17 c. 1; DM 6 ottobre 2021)`,
          VOLUNTEER_REGISTER_COLUMNS.map(([name]) => name.replaceAll('_', ' ')),
          volunteers.map((v) => VOLUNTEER_REGISTER_COLUMNS.map(([, get]) => get(v))),
        ),
      };
    }
  }
}
