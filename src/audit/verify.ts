import type { EventRegistry } from '../platform/event-store/event-registry.js';
import { streamCategory } from '../platform/event-store/event-store.js';
import { comparePositions, type Position } from '../platform/event-store/position.js';
import type { EventStorage, StoredRecord, StoredText } from '../platform/event-store/storage.js';
import { CompactTree, streamHeadsRoot, type StreamHead } from './merkle.js';
import { SEAL_STREAM, type LedgerSealedData } from './seal.js';
import {
  checkSealSignatures,
  type EvidenceEvent,
  type SealSignaturesReport,
  type SealToCheck,
} from './signing/check-signatures.js';
import { EVIDENCE_STREAMS } from './signing/signing-events.js';
import { breakAt, eventProblem, leafOf, parsed, recordedHash, type EventProblem, unreadableBreak } from './verify-checks.js';
import { parallelFile, verifyInParallel } from './verify-parallel.js';
import { narrowed, sealProblem, sealsRecorded, type SealSnapshot } from './verify-seals.js';

/**
 * Why an auditor (the collegio sindacale, the revisore of the cooperative's federation)
 * may rely on the books without trusting the application that wrote them: this recomputes
 * everything from the raw stored events, through the adapter and never through the
 * ChainedEventStore, whose own checks are what is being audited.
 */
export type BreakReason =
  /** `$all` positions do not strictly increase. */
  | 'position'
  /** A revision is missing or out of place in its stream: an event removed or reordered. */
  | 'revision'
  /** The event does not chain from its stream's previous event. */
  | 'prevHash'
  /** The event's content is not what its hash covers: data or metadata edited. */
  | 'hash'
  /** No schema is registered for the event's type. */
  | 'unknown-type'
  /** The data, lifted to the current schema version, fails its schema. */
  | 'schema'
  /** A seal of version 1 names a position at or after its own. */
  | 'seal-position'
  /** Fewer streams than the seal covered: a stream deleted whole. */
  | 'seal-missing-stream'
  /** More streams than the seal covered: a stream forged into the past. */
  | 'seal-extra-stream'
  /** Fewer events before the seal than it sealed: events deleted. */
  | 'seal-count'
  /** The log tree at the sealed size has another root: events reordered, inserted, deleted or rewritten. */
  | 'seal-log-root'
  /** The same counts, another root over the stream heads: some stream's tail rewritten. */
  | 'seal-root'
  /** The stored event could not even be read (not JSON). */
  | 'unreadable';

export interface IntegrityBreak {
  stream: string;
  revision: bigint;
  position: Position;
  reason: BreakReason;
  expected: string;
  actual: string;
  /** The event's log index: its 0-based count in `$all` as read (-1 when unreadable). */
  logIndex: number;
  /**
   * For a seal's break: the log indexes `[from, to)` in which the history first differs from
   * the sealed one (`to - from === 1`: exactly at `from`). Narrowed by the seal's frontier and
   * by the last earlier seal that held; absent where nothing narrows it (seals of version 1).
   */
  firstDifference?: { from: number; to: number };
  /** Who the event found there claims to come from (claims only: it is the suspect event). */
  event?: { id: string; type: string; recordedAt?: string; actor?: unknown; commandId?: string; correlationId?: string };
}

export interface VerifyReport {
  ok: boolean;
  /** The head as it was when verification started; later appends are left to the next run. */
  head: Position | null;
  events: number;
  streams: number;
  byType: Record<string, number>;
  byCategory: Record<string, number>;
  /** Seals met and checked. */
  seals: number;
  /** How many breaks were found (each event is counted once; the chain is resumed after a break). */
  breaks: number;
  /** The first break in `$all` order. */
  firstBreak?: IntegrityBreak;
  /** Each seal's signature and cosigners, the chain of seal keys; an invalid one makes `ok` false. */
  signatures: SealSignaturesReport;
}

export interface VerifyOptions {
  /** Called every {@link PROGRESS_EVERY} events (in parallel: after each range) and at the end with the count so far. */
  onProgress?(events: number, position: Position | undefined): void;
  /**
   * Worker threads to verify disjoint ranges of `$all` in (the embedded store only; 1 by
   * default: this thread alone). The workers check against every event the service records
   * (`eventRegistry()`): with another registry the single-threaded pass runs.
   */
  workers?: number;
  /** Events per range of a parallel verification (by default the history split evenly); set, the split is forced. */
  rangeSize?: number;
}

/**
 * Below this many events one thread is done before worker threads have paid their start-up
 * (each loads the event schemas again: ~3 s by the wall clock at load 3 on 2 cores, where 40k
 * events took 1.4 s in one thread and 3.5–4.7 s in two workers; 1M took 35 s and 17–28 s).
 */
const PARALLEL_FROM = 200_000;

export const PROGRESS_EVERY = 1_000;

/**
 * Verifies the whole of `$all` as it stands when called: every hash chain, every event's data
 * against its schema (after upcasting), the order of positions, every seal against the stream
 * heads and the log tree as they stood at its tree size, and the seals' signatures. In
 * parallel (see verify-parallel.ts) when asked for and the store allows it, the same report.
 */
export async function verifyHistory(
  storage: EventStorage,
  registry: EventRegistry,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const head = await storage.headPosition();
  const file = parallelFile(storage);
  const workers = options.workers ?? 1;
  if (head !== undefined && file && workers > 1 && (options.rangeSize !== undefined || Number(head) >= PARALLEL_FROM)) {
    const report = await verifyInParallel(
      storage,
      file,
      registry,
      head,
      { workers, ...(options.rangeSize !== undefined ? { rangeSize: options.rangeSize } : {}) },
      options,
    );
    if (report) return report;
  }
  return verifyInOneThread(storage, registry, head, options);
}

/**
 * Streams the whole of `$all` once, keeping only each stream's head and a few counters, so a
 * history of any length is verified in bounded memory.
 */
async function verifyInOneThread(
  storage: EventStorage,
  registry: EventRegistry,
  head: Position | undefined,
  options: VerifyOptions,
): Promise<VerifyReport> {
  // Seals are few (one a day): knowing their tree sizes up front lets one pass take the
  // snapshot each needs, even when other events were appended between a scan and its seal.
  const sealed = head === undefined ? [] : (await sealsRecorded(storage, registry, head)).sizes;
  const snapshots = new Map<number, SealSnapshot>();
  let nextSealed = 0;
  const tree = new CompactTree();
  /** The tree size of the last seal whose log root held: the history is the sealed one up to it. */
  let heldUpTo = 0;

  const heads = new Map<string, StreamHead>();
  const byType = new Map<string, number>();
  const byCategory = new Map<string, number>();
  let events = 0;
  let seals = 0;
  let breaks = 0;
  let firstBreak: IntegrityBreak | undefined;
  let last: Position | undefined;

  const found = (record: StoredRecord, problem: EventProblem, firstDifference?: { from: number; to: number }) => {
    breaks += 1;
    firstBreak ??= breakAt(record, events - 1, problem, firstDifference);
  };
  let frontierBefore: SealSnapshot['frontier'] = [];
  const snapshot = () => {
    while (nextSealed < sealed.length && sealed[nextSealed]! <= events) {
      if (sealed[nextSealed] === events)
        snapshots.set(events, {
          events,
          ...streamHeadsRoot(heads, SEAL_STREAM),
          logRoot: tree.root(),
          frontier: tree.frontier(),
        });
      nextSealed += 1;
    }
  };

  const evidence: EvidenceEvent[][] = EVIDENCE_STREAMS.map(() => []);
  const sealList: SealToCheck[] = [];
  let cursor: Position | undefined;
  const visit = (record: StoredRecord, text?: StoredText): void => {
    cursor = record.position;
    const inOrder = last === undefined || comparePositions(record.position, last) > 0;
    if (inOrder) last = record.position;
    snapshot();
    events += 1;
    byType.set(record.type, (byType.get(record.type) ?? 0) + 1);
    const category = streamCategory(record.stream);
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    if (events % PROGRESS_EVERY === 0) options.onProgress?.(events, record.position);

    const known = heads.get(record.stream);
    const hash = recordedHash(record);
    // After a break the chain is resumed from what is stored, so one tampering is one break.
    heads.set(record.stream, { revision: record.revision, hash });
    // What a seal short of events is held against: the tree of the events before it.
    if (record.stream === SEAL_STREAM) frontierBefore = tree.frontier();
    tree.appendLeafHash(leafOf(events - 1, hash));

    if (!inOrder) return found(record, { reason: 'position', expected: `after ${last}`, actual: record.position });
    const problem = eventProblem(registry, record, text, known);
    if (problem) return found(record, problem);
    const kind = EVIDENCE_STREAMS.indexOf(record.stream);
    if (kind >= 0)
      evidence[kind]!.push({
        type: record.type,
        data: registry.upcastAndValidate(record.type, record.metadata.schemaVersion, record.data),
      } as EvidenceEvent);
    if (record.stream === SEAL_STREAM) {
      seals += 1;
      const seal = registry.upcastAndValidate(record.type, record.metadata.schemaVersion, record.data) as LedgerSealedData;
      sealList.push({
        seal: Number(record.revision),
        treeSize: seal.treeSize,
        ...(seal.logRoot ? { logRoot: seal.logRoot } : {}),
      });
      const wrong = sealProblem(seal, record.position, events - 1, snapshots, () => ({
        ...streamHeadsRoot(heads, SEAL_STREAM),
        frontier: frontierBefore,
      }));
      if (wrong) {
        const { firstDifference, ...said } = wrong;
        found(record, said, narrowed(firstDifference, heldUpTo));
      } else if (seal.logRoot) heldUpTo = Math.max(heldUpTo, seal.treeSize);
    }
  };

  if (head !== undefined) {
    try {
      if (storage.readAllText) {
        pages: for await (const page of storage.readAllText())
          for (const text of page) {
            if (comparePositions(text.position, head) > 0) break pages;
            // Parsed for the schema check; a SyntaxError here is handled as the adapter's own below.
            visit(parsed(text), text);
          }
      } else {
        for await (const record of storage.readAll()) {
          if (comparePositions(record.position, head) > 0) break;
          visit(record);
        }
      }
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // Adapters read in pages, so the page failed as a whole: step one event at a time
      // from the last one read to say exactly after which event the history is unreadable.
      try {
        for (let more = true; more;) {
          more = false;
          for await (const record of storage.readAll({ ...(cursor ? { after: cursor } : {}), maxCount: 1 })) {
            more = comparePositions(record.position, head) <= 0;
            if (more) visit(record);
          }
        }
      } catch (inner) {
        if (!(inner instanceof SyntaxError)) throw inner;
        const after = cursor ?? ('0' as Position);
        breaks += 1;
        firstBreak ??= unreadableBreak(after, inner.message);
      }
    }
  }
  options.onProgress?.(events, last);
  const signatures = checkSealSignatures(evidence.flat(), sealList);

  return {
    ok: breaks === 0 && signatures.ok,
    head: head ?? null,
    events,
    streams: heads.size,
    byType: Object.fromEntries([...byType].sort(([a], [b]) => a.localeCompare(b))),
    byCategory: Object.fromEntries([...byCategory].sort(([a], [b]) => a.localeCompare(b))),
    seals,
    breaks,
    ...(firstBreak ? { firstBreak } : {}),
    signatures,
  };
}
