/**
 * A read-model session's documents: held in one reusable arena of UTF-8 texts across batches,
 * with savepoints, and written in key order when the session commits.
 */
import type Database from 'better-sqlite3';
import { type Doc, type ReadModelSession, type ReadModelTransaction, type WriteCollection } from '../read-model-store.js';
import { Documents, type Row, SELECT_ALL, dirtyRows, orderBy, statement } from './documents.js';
import { IdFilter } from './id-filter.js';
import { type IndexedQuery, type Indexes } from './indexed-query.js';
import { SqliteCollection } from './sqlite-collection.js';
import { compareUtf8 } from './utf8-order.js';

/** What one cached document costs besides its text, about (Map entry, object, key). */
const ENTRY_BYTES = 120;
const NO_DOCUMENT = -1;
const ON_HEAP = -2;
/** Beyond this, a session's texts stay JavaScript strings (its owner should have committed long before). */
const ARENA_MAX = 1 << 30;

/**
 * A session's document: its UTF-8 text at `at` in the session's arena, none (`NO_DOCUMENT`), or
 * a string (`ON_HEAP`, when the arena is at its maximum).
 */
interface HeldDocument {
  at: number;
  length: number;
  text?: string;
  dirty: boolean;
}

/**
 * A {@link ReadModelSession}'s documents: read from what is committed (on the reader: never
 * another transaction's uncommitted writes) and changed here only until the session commits.
 * Queries over a whole collection see the committed rows with the session's documents over
 * them, in the same order the table gives.
 *
 * Their texts go into one buffer, reused after each commit, rather than into strings: strings
 * held across batches end in V8's old generation, and each commit would leave them there as
 * garbage, which V8 lets grow to several times the budget before collecting it.
 */
export class SessionDocuments extends Documents implements ReadModelSession {
  private readonly collections = new Map<string, Map<string, HeldDocument>>();
  /** Since the last savepoint: each changed document as it was before (undefined: not cached). */
  private journal: Map<Map<string, HeldDocument>, Map<string, HeldDocument | undefined>> | undefined;
  private arena = Buffer.allocUnsafeSlow(0);
  private used = 0;
  /** The entries' own cost (see ENTRY_BYTES), and texts held as strings. */
  private overhead = 0;
  /**
   * By collection: the ids this session committed to it, when the store held none of it the
   * first time the session looked (null when it did). A miss outside them needs no SELECT:
   * a rebuild writes into empty collections, and most of its reads are of documents not there.
   */
  private readonly fresh = new Map<string, IdFilter | null>();

  constructor(
    reader: Database.Database,
    readonly indexes: Indexes,
    private readonly committer: <R>(rows: Iterable<Row>, work: (tx: ReadModelTransaction) => Promise<R>) => Promise<R>,
  ) {
    super(reader);
  }

  get bytes(): number {
    return this.used + this.overhead;
  }

  collection<T extends Doc = Doc>(name: string): WriteCollection<T> {
    return new SqliteCollection<T>(this, name, this.indexes);
  }

  /**
   * Documents of the session are not in the table: an indexed query over a collection it holds
   * some of reads the table's rows it does not hold, and its own by the query's first field
   * (a value index of the session's documents, built on the first such query and kept up to date
   * by writes). Without it, each lookup of a rebuild would read the collection whole: quadratic.
   * A query whose first field is a range reads the collection whole.
   */
  override indexed(collection: string, query: IndexedQuery): string[] | undefined {
    const documents = this.collections.get(collection);
    if (!documents?.size) return super.indexed(collection, query);
    if (!query.lead) return undefined;
    const rows = new Map<string, string>();
    for (const row of this.indexedRows(query)) if (!documents.has(row.id)) rows.set(row.id, row.body);
    const index = this.valueIndex(collection, documents, query.lead.field);
    for (const value of query.lead.values)
      for (const id of index.get(valueKey(value)) ?? []) {
        const body = this.text(documents.get(id)!);
        if (body !== null) rows.set(id, body);
      }
    return [...rows.keys()].sort(compareUtf8).map((id) => rows.get(id)!);
  }

  /** By collection and field: the ids of the session's documents by each value of the field (a superset: mingo matches after). */
  private readonly valueIndexes = new Map<string, Map<string, ValueIndex>>();

  private valueIndex(collection: string, documents: Map<string, HeldDocument>, field: string): Map<string, Set<string>> {
    let byField = this.valueIndexes.get(collection);
    if (!byField) this.valueIndexes.set(collection, (byField = new Map()));
    let index = byField.get(field);
    if (!index) {
      byField.set(field, (index = new ValueIndex(field)));
      for (const [id, document] of documents) index.put(id, this.text(document));
    }
    return index.ids;
  }

  savepoint(): void {
    this.journal = new Map();
  }

  rollbackToSavepoint(): void {
    if (!this.journal) return;
    // Texts are never overwritten before a commit: the earlier entries still point at theirs.
    for (const [documents, before] of this.journal)
      for (const [id, previous] of before) {
        this.overhead += weight(id, previous) - weight(id, documents.get(id));
        if (previous) documents.set(id, previous);
        else documents.delete(id);
      }
    this.journal = new Map();
    this.valueIndexes.clear(); // rebuilt from the restored documents by the next indexed query
  }

  async commit<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    const rows = dirtyRows(this.collections);
    const texts = this.texts(rows); // decoded one row at a time, as they are written
    const result = await this.committer(texts, (tx) =>
      work({
        collection: <T extends Doc>(name: string) => {
          this.fresh.set(name, null); // written by someone else than the session: no longer known
          return tx.collection<T>(name);
        },
      }),
    );
    for (const [collection, id, document] of rows) if (document.at !== NO_DOCUMENT) this.fresh.get(collection)?.add(id);
    this.collections.clear();
    this.valueIndexes.clear();
    this.journal = this.journal && new Map();
    this.used = 0;
    this.overhead = 0;
    return result;
  }

  private *texts(rows: Array<[string, string, HeldDocument]>): Generator<Row> {
    for (const [collection, id, document] of rows) yield [collection, id, this.text(document)];
  }

  private text(document: HeldDocument): string | null {
    if (document.at === NO_DOCUMENT) return null;
    if (document.at === ON_HEAP) return document.text!;
    return this.arena.toString('utf8', document.at, document.at + document.length);
  }

  private hold(body: string | null, dirty: boolean): HeldDocument {
    if (body === null) return { at: NO_DOCUMENT, length: 0, dirty };
    const most = 3 * body.length; // UTF-8 bytes per UTF-16 code unit, at most
    if (this.used + most > this.arena.length) {
      if (this.used + most > ARENA_MAX) return { at: ON_HEAP, length: body.length, text: body, dirty };
      const grown = Buffer.allocUnsafeSlow(Math.min(ARENA_MAX, Math.max(2 * this.arena.length, this.used + most, 1 << 20)));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    const at = this.used;
    const length = this.arena.write(body, at);
    this.used += length;
    return { at, length, dirty };
  }

  private of(collection: string): Map<string, HeldDocument> {
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    return documents;
  }

  private set(documents: Map<string, HeldDocument>, id: string, document: HeldDocument): void {
    this.overhead += weight(id, document) - weight(id, documents.get(id));
    documents.set(id, document);
  }

  override get(collection: string, id: string): string | null {
    const documents = this.of(collection);
    const known = documents.get(id);
    if (known) return this.text(known);
    const filter = this.freshFilter(collection);
    const body = filter && !filter.mightHold(id) ? null : super.get(collection, id);
    this.set(documents, id, this.hold(body, false));
    return body;
  }

  private freshFilter(collection: string): IdFilter | null {
    let filter = this.fresh.get(collection);
    if (filter === undefined) {
      const empty = !statement(this.db, 'SELECT 1 FROM documents WHERE collection = ? LIMIT 1').get(collection);
      this.fresh.set(collection, (filter = empty ? new IdFilter() : null));
    }
    return filter;
  }

  override all(collection: string): string[] {
    const documents = this.collections.get(collection);
    if (!documents?.size) return super.all(collection);
    const merged = new Map<string, string>();
    for (const row of statement<[string], { id: string; body: string }>(this.db, SELECT_ALL).iterate(collection))
      merged.set(row.id, row.body);
    let added = false;
    for (const [id, document] of documents) {
      const body = this.text(document);
      if (body === null) merged.delete(id);
      else {
        added ||= !merged.has(id);
        merged.set(id, body);
      }
    }
    const ids = [...merged.keys()];
    if (added) ids.sort(compareUtf8);
    return ids.map((id) => merged.get(id)!);
  }

  override count(collection: string): number {
    return this.collections.get(collection)?.size ? this.all(collection).length : super.count(collection);
  }

  override *pages(collection: string, sort: Record<string, 1 | -1> | undefined): Generator<string[]> {
    if (!this.collections.get(collection)?.size) return yield* super.pages(collection, sort);
    // SQLite orders the merged documents, so a stream sorts exactly as it does over the table.
    const rows = statement<[string], { body: string }>(
      this.db,
      `SELECT body FROM (SELECT value AS body, json_extract(value, '$._id') AS id FROM json_each(?)) ORDER BY ${orderBy(sort)}`,
    ).all(`[${this.all(collection).join(',')}]`);
    yield rows.map((row) => row.body);
  }

  override write(collection: string, id: string, body: string | null): void {
    const documents = this.of(collection);
    if (this.journal) {
      let before = this.journal.get(documents);
      if (!before) this.journal.set(documents, (before = new Map()));
      if (!before.has(id)) before.set(id, documents.get(id));
    }
    this.set(documents, id, this.hold(body, true));
    for (const index of this.valueIndexes.get(collection)?.values() ?? []) index.put(id, body);
  }
}

const valueKey = (value: unknown): string => (typeof value === 'string' ? `s${value}` : JSON.stringify(value));

/** The ids of a session's documents by the value of one field (each element, for an array). */
class ValueIndex {
  readonly ids = new Map<string, Set<string>>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly path: string[];

  constructor(field: string) {
    this.path = field.split('.');
  }

  put(id: string, body: string | null): void {
    for (const key of this.keysOf.get(id) ?? []) this.ids.get(key)?.delete(id);
    this.keysOf.delete(id);
    if (body === null) return;
    let value: unknown = JSON.parse(body);
    for (const step of this.path)
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
    if (value === undefined) return;
    const keys = [...new Set((Array.isArray(value) ? value : [value]).map(valueKey))];
    this.keysOf.set(id, keys);
    for (const key of keys) {
      let ids = this.ids.get(key);
      if (!ids) this.ids.set(key, (ids = new Set()));
      ids.add(id);
    }
  }
}

const weight = (id: string, document: HeldDocument | undefined): number =>
  document ? ENTRY_BYTES + id.length + (document.text?.length ?? 0) : 0;
