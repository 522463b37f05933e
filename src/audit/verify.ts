import { UnknownEventTypeError, type EventRegistry } from '../platform/event-store/event-registry.js';
import { streamCategory } from '../platform/event-store/event-store.js';
import { comparePositions, isPosition, type Position } from '../platform/event-store/position.js';
import type { EventStorage, StoredRecord, StoredText } from '../platform/event-store/storage.js';
import { checkLink, genesisHash, storedTextChains } from '../platform/integrity/hash-chain.js';
import { CompactTree, eventLeafHash, streamHeadsRoot, type StreamHead } from './merkle.js';
import { LedgerSealed, SEAL_STREAM, type LedgerSealedData } from './seal.js';
import {
  checkSealSignatures,
  type EvidenceEvent,
  type SealSignaturesReport,
  type SealToCheck,
} from './signing/check-signatures.js';
import { EVIDENCE_STREAMS } from './signing/signing-events.js';

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
  /** Called every {@link PROGRESS_EVERY} events and at the end with the count so far. */
  onProgress?(events: number, position: Position | undefined): void;
}

export const PROGRESS_EVERY = 1_000;

interface SealSnapshot {
  events: number;
  streams: number;
  merkleRoot: string;
  logRoot: string;
  frontier: Array<{ from: number; size: number; hash: string }>;
}

/**
 * Streams the whole of `$all` once, keeping only each stream's head and a few counters, so a
 * history of any length is verified in bounded memory: every hash chain, every event's data
 * against its schema (after upcasting), the order of positions, and every seal against the
 * stream heads as they stood at the sealed position.
 */
export async function verifyHistory(
  storage: EventStorage,
  registry: EventRegistry,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const head = await storage.headPosition();
  // Seals are few (one a day): knowing their tree sizes up front lets one pass take the
  // snapshot each needs, even when other events were appended between a scan and its seal.
  const sealed = head === undefined ? [] : await sealedSizes(storage, registry);
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

  const found = (record: StoredRecord, reason: BreakReason, expected: string, actual: string) => {
    breaks += 1;
    firstBreak ??= {
      stream: record.stream,
      revision: record.revision,
      position: record.position,
      reason,
      expected,
      actual,
      logIndex: events - 1,
      ...(firstDifference ? { firstDifference } : {}),
      event: claimedBy(record),
    };
  };
  let firstDifference: { from: number; to: number } | undefined;
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
    const metadata = isObject(record.metadata) ? record.metadata : undefined;
    // After a break the chain is resumed from what is stored, so one tampering is one break.
    heads.set(record.stream, { revision: record.revision, hash: String(metadata?.hash) });
    // What a seal short of events is held against: the tree of the events before it.
    if (record.stream === SEAL_STREAM) frontierBefore = tree.frontier();
    tree.appendLeafHash(eventLeafHash(events - 1, HASH.test(String(metadata?.hash)) ? String(metadata?.hash) : NO_HASH));

    if (!inOrder) return found(record, 'position', `after ${last}`, record.position);
    if (!metadata) return found(record, 'hash', 'a metadata object', JSON.stringify(record.metadata) ?? 'nothing');
    const prevHash = known?.hash ?? genesisHash(record.stream);
    const expectedRevision = known ? known.revision + 1n : 0n;
    // The stored text hashed as it is, when the adapter gives it; parsed and canonicalised otherwise.
    const link =
      text && storedTextChains(prevHash, expectedRevision, text) !== undefined
        ? undefined
        : checkLink(prevHash, expectedRevision, {
            stream: record.stream,
            revision: record.revision,
            type: record.type,
            data: record.data,
            metadata,
          });
    if (link) return found(record, link.reason, link.expected, link.actual);
    const invalid = schemaProblem(registry, record);
    if (invalid) return found(record, invalid.reason, invalid.expected, invalid.actual);
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
      const problem = sealProblem(seal, record, events - 1, snapshots, () => ({
        ...streamHeadsRoot(heads, SEAL_STREAM),
        frontier: frontierBefore,
      }));
      if (problem) {
        firstDifference = problem.firstDifference && {
          from: Math.max(problem.firstDifference.from, Math.min(heldUpTo, problem.firstDifference.to - 1)),
          to: problem.firstDifference.to,
        };
        found(record, problem.reason, problem.expected, problem.actual);
        firstDifference = undefined;
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
        firstBreak ??= {
          stream: '',
          revision: -1n,
          position: after,
          reason: 'unreadable',
          logIndex: -1,
          expected: `a stored event after position ${after}`,
          actual: inner.message,
        };
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

function parsed(text: StoredText): StoredRecord {
  return { ...text, data: JSON.parse(text.data) as unknown, metadata: JSON.parse(text.metadata) as StoredRecord['metadata'] };
}

const HASH = /^[0-9a-f]{64}$/;
/** What stands in a leaf for a hash that is not one (the event is reported broken anyway). */
const NO_HASH = '0'.repeat(64);

/** The tree sizes the seals name, ascending; a seal that does not parse is reported when it is met. */
async function sealedSizes(storage: EventStorage, registry: EventRegistry): Promise<number[]> {
  const sizes = new Set<number>();
  for await (const record of storage.readStream(SEAL_STREAM)) {
    try {
      const seal = registry.upcastAndValidate(record.type, record.metadata.schemaVersion, record.data) as LedgerSealedData;
      sizes.add(seal.treeSize);
    } catch {
      // found as a schema break in the pass
    }
  }
  return [...sizes].sort((a, b) => a - b);
}

function schemaProblem(
  registry: EventRegistry,
  record: StoredRecord,
): { reason: BreakReason; expected: string; actual: string } | undefined {
  if (record.stream === SEAL_STREAM && record.type !== LedgerSealed.type)
    return { reason: 'schema', expected: `only ${LedgerSealed.type} in ${SEAL_STREAM}`, actual: record.type };
  const version = record.metadata.schemaVersion;
  if (!Number.isInteger(version) || version < 1)
    return { reason: 'schema', expected: 'a schema version', actual: String(version) };
  try {
    registry.upcastAndValidate(record.type, version, record.data);
    return undefined;
  } catch (error) {
    if (error instanceof UnknownEventTypeError)
      return { reason: 'unknown-type', expected: 'a registered event type', actual: record.type };
    return {
      reason: 'schema',
      expected: `${record.type} valid at v${registry.currentVersion(record.type)}`,
      actual: error instanceof Error ? error.message : String(error),
    };
  }
}

interface SealProblem {
  reason: BreakReason;
  expected: string;
  actual: string;
  firstDifference?: { from: number; to: number };
}

function sealProblem(
  seal: LedgerSealedData,
  record: StoredRecord,
  logIndex: number,
  snapshots: Map<number, SealSnapshot>,
  /** The streams as they stand before the seal, and the log tree of the events before it. */
  now: () => { streams: number; frontier: SealSnapshot['frontier'] },
): SealProblem | undefined {
  if (seal.logRoot === undefined && seal.position !== undefined && comparePositions(seal.position, record.position) >= 0)
    return { reason: 'seal-position', expected: `a position before ${record.position}`, actual: seal.position };
  const seen = snapshots.get(seal.treeSize);
  if (!seen || seal.treeSize > logIndex) {
    // Fewer events than sealed: the first sealed subtree the events before the seal do not
    // rebuild holds the first difference (a truncated tail: the first missing subtree).
    const { streams, frontier } = now();
    const before = (seal.frontier && differingSealedRange(seal.treeSize, seal.frontier, frontier)) ?? {
      from: 0,
      to: logIndex + 1,
    };
    if (streams < seal.streams)
      return {
        reason: 'seal-missing-stream',
        expected: `${seal.streams} streams in the first ${seal.treeSize} events`,
        actual: `${streams} streams in all ${logIndex} events before the seal`,
        firstDifference: before,
      };
    return {
      reason: 'seal-count',
      expected: `${seal.treeSize} events before the seal`,
      actual: `${logIndex} events`,
      firstDifference: before,
    };
  }
  const at = `in the first ${seal.treeSize} events`;
  const firstDifference = seal.frontier && differingRange(seal.frontier, seen.frontier);
  const where = firstDifference ? { firstDifference } : {};
  if (seen.streams < seal.streams)
    return {
      reason: 'seal-missing-stream',
      expected: `${seal.streams} streams ${at}`,
      actual: `${seen.streams} streams`,
      ...where,
    };
  if (seen.streams > seal.streams)
    return {
      reason: 'seal-extra-stream',
      expected: `${seal.streams} streams ${at}`,
      actual: `${seen.streams} streams`,
      ...where,
    };
  if (seal.logRoot !== undefined && seen.logRoot !== seal.logRoot)
    return { reason: 'seal-log-root', expected: seal.logRoot, actual: seen.logRoot, ...where };
  if (seen.merkleRoot !== seal.merkleRoot)
    return { reason: 'seal-root', expected: seal.merkleRoot, actual: seen.merkleRoot, ...where };
  return undefined;
}

/**
 * The first perfect subtree of a sealed tree of `treeSize` (RFC 9162: its binary digits, the
 * largest first) that the rebuilt tree does not have with the same range and root.
 */
function differingSealedRange(
  treeSize: number,
  sealed: readonly string[],
  rebuilt: SealSnapshot['frontier'],
): { from: number; to: number } | undefined {
  let from = 0;
  let i = 0;
  for (let size = 2 ** Math.floor(Math.log2(Math.max(treeSize, 1))); size >= 1; size /= 2) {
    if ((Math.floor(treeSize / size) & 1) === 0) continue;
    const r = rebuilt[i];
    if (!r || r.from !== from || r.size !== size || r.hash !== sealed[i]) return { from, to: from + size };
    from += size;
    i += 1;
  }
  return undefined;
}

/** The first perfect subtree whose sealed root is not the rebuilt one: where the history first differs. */
function differingRange(sealed: readonly string[], rebuilt: SealSnapshot['frontier']): { from: number; to: number } | undefined {
  for (const [i, range] of rebuilt.entries())
    if (sealed[i] !== range.hash) return { from: range.from, to: range.from + range.size };
  return undefined;
}

function claimedBy(record: StoredRecord): IntegrityBreak['event'] {
  const m: Record<string, unknown> = isObject(record.metadata) ? record.metadata : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    id: record.id,
    type: record.type,
    ...(text(m.recordedAt) ? { recordedAt: text(m.recordedAt) } : {}),
    ...(m.actor !== undefined ? { actor: m.actor } : {}),
    ...(text(m.commandId) ? { commandId: text(m.commandId) } : {}),
    ...(text(m.correlationId) ? { correlationId: text(m.correlationId) } : {}),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> & StoredRecord['metadata'] =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
