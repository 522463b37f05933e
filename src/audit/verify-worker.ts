import { parentPort, workerData } from 'node:worker_threads';
import { streamCategory } from '../platform/event-store/event-store.js';
import { positionOf } from '../platform/event-store/position.js';
import type { StoredRecord, StoredText } from '../platform/event-store/storage.js';
import { SqliteLogReader, type StoredRow } from '../platform/event-store/sqlite/sqlite-log-reader.js';
import {
  genesisHash,
  namedPrevHash,
  storedSchemaVersion,
  storedTextChains,
  type ChainText,
} from '../platform/integrity/hash-chain.js';
import { eventLeafHash, RangeTree } from './merkle.js';
import { SEAL_STREAM } from './seal.js';
import { EVIDENCE_STREAMS } from './signing/signing-events.js';
import { breakAt, dataProblem, eventProblem, isObject, leafOf, parsed, recordedHash } from './verify-checks.js';
import type { RangeResult, RangeTask } from './verify-parallel.js';

/**
 * One worker thread of a parallel `verify` (see verify-parallel.ts): it reads the ranges of
 * `$all` it is given through its own read-only connection, and checks every event whose
 * stream's previous event lies in the same range completely; of each stream's first event in
 * the range it checks all that needs no earlier event, and reports what the thread stitching
 * the ranges needs to check the link (its revision and the `prevHash` it names), and the head
 * the stream is left at.
 */

const { file } = workerData as { file: string };
const reader = new SqliteLogReader(file);
// Every event the service records: the composition root's list, loaded as a context may load it.
const registry = (await import('../event-definitions.js')).eventRegistry();
const special = new Set([SEAL_STREAM, ...EVIDENCE_STREAMS]);

function verifyRange({ id, after, upTo }: RangeTask): RangeResult {
  const start = after; // positions count events from 1: the event at position p has log index p - 1
  const tree = new RangeTree(start);
  /** Each stream met in the range: where it stands, its entry in the arrays below, its category. */
  const heads = new Map<string, { revision: number; hash: string; entry: number; category: string }>();
  const byType = new Map<string, number>();
  const byCategory = new Map<string, number>();
  const streams: string[] = [];
  const firstIndex: number[] = [];
  const firstRevision: number[] = [];
  const firstPrev: Array<string | null> = [];
  const firstCode: number[] = [];
  const lastRevision: number[] = [];
  const lastHash: string[] = [];
  const specials: RangeResult['specials'] = [];
  let breaks = 0;
  let firstBreak: RangeResult['firstBreak'];
  let events = 0;
  let expected = after + 1;
  for (const row of reader.rows(after, upTo)) {
    const [position, , stream, revision, type, data, metadata] = row;
    if (position !== expected) return { id, gap: true } as RangeResult;
    expected += 1;
    const index = position - 1;
    const seen = heads.get(stream);
    const fast = fastPath(row, seen);
    // On the fast path no record is built: the metadata is read off its text (schema version,
    // prevHash, hash), the data parsed for its schema; the row is parsed whole only for a break.
    let record: StoredRecord | undefined;
    let value: unknown;
    try {
      if (fast) value = JSON.parse(data);
      else record = parsed(textOf(row));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return finish({ index, message: error.message });
    }
    events += 1;
    byType.set(type, (byType.get(type) ?? 0) + 1);
    const category = seen ? seen.category : streamCategory(stream);
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    const hash = fast ? fast.hash : recordedHash(record!);
    tree.appendLeafHash(fast ? eventLeafHash(index, hash) : leafOf(index, hash));
    let broken: boolean | undefined;
    if (seen) {
      const problem = fast
        ? dataProblem(registry, stream, type, fast.schemaVersion, value)
        : eventProblem(registry, record!, textOf(row), { revision: BigInt(seen.revision), hash: seen.hash });
      broken = problem !== undefined;
      if (problem) {
        breaks += 1;
        firstBreak ??= breakAt(record ?? recordOf(row, value, metadata), index, problem);
      }
      seen.revision = revision;
      seen.hash = hash;
      lastRevision[seen.entry] = revision;
      lastHash[seen.entry] = hash;
    } else {
      // The link to the previous range is checked by the stitching thread; all else here, as if
      // the event chained from the hash it names.
      const m = fast ? fast : isObject(record!.metadata) ? record!.metadata : undefined;
      const prev = typeof m?.prevHash === 'string' ? m.prevHash : null;
      const problem =
        m &&
        (fast
          ? dataProblem(registry, stream, type, fast.schemaVersion, value)
          : eventProblem(registry, record!, textOf(row), { revision: record!.revision - 1n, hash: m.prevHash as string }));
      heads.set(stream, { revision, hash, entry: streams.length, category });
      streams.push(stream);
      firstIndex.push(index);
      firstRevision.push(revision);
      // Whether the stream's first event chains from its genesis, said here: the stitching thread hashes nothing.
      firstPrev.push(revision === 0 && prev !== null ? (prev === genesisHash(stream) ? GENESIS : prev) : prev);
      firstCode.push(!m ? DEFINITE : problem ? LOCAL : OK);
      lastRevision.push(revision);
      lastHash.push(hash);
    }
    if (special.has(stream))
      specials.push({
        index,
        stream,
        type,
        brokenHere: broken === true,
        data:
          broken === true
            ? undefined
            : upcast(
                type,
                fast ? fast.schemaVersion : (record!.metadata as { schemaVersion?: unknown } | null)?.schemaVersion,
                fast ? value : record!.data,
              ),
      });
  }
  if (events !== upTo - after) return { id, gap: true } as RangeResult;
  return finish();

  function finish(unreadable?: { index: number; message: string }): RangeResult {
    return {
      id,
      events,
      blocks: tree.blocks().map(({ hash, size }) => ({ hash: new Uint8Array(hash), size })),
      byType: [...byType],
      byCategory: [...byCategory],
      streams,
      firstIndex,
      firstRevision,
      firstPrev,
      firstCode,
      lastRevision,
      lastHash,
      breaks,
      ...(firstBreak ? { firstBreak } : {}),
      specials,
      ...(unreadable ? { unreadable } : {}),
    };
  }
}

/** The row as the adapter's stored text. */
function textOf([position, eventId, stream, revision, type, data, metadata]: StoredRow): StoredText {
  return { id: eventId, type, stream, revision: BigInt(revision), position: positionOf(BigInt(position)), data, metadata };
}

/** The text every fast path hashes, one object reused (its fields are strings and a revision). */
const chain: ChainText = { stream: '', revision: 0n, type: '', data: '', metadata: '' };

/**
 * The event's chain shown on its stored text alone ({@link storedTextChains}: the stored bytes
 * are the very bytes hashed), chained from its stream's previous event in the range, or for the
 * stream's first event in the range from the `prevHash` it names; with what the checks need of
 * its metadata read off that text. Undefined: not shown so; the event is parsed and checked as
 * the single-threaded pass checks it. Skipped on this path, as redundant: parsing the metadata
 * (what the store wrote: the hash proves it) and recomputing its canonical form.
 */
function fastPath(
  [, , stream, revision, type, data, metadata]: StoredRow,
  known: { revision: number; hash: string } | undefined,
): { hash: string; schemaVersion: number; prevHash: string } | undefined {
  const prevHash = known ? known.hash : namedPrevHash(metadata);
  if (prevHash === undefined || (known && revision !== known.revision + 1)) return undefined;
  chain.stream = stream;
  chain.revision = BigInt(revision);
  chain.type = type;
  chain.data = data;
  chain.metadata = metadata;
  const hash = storedTextChains(prevHash, chain.revision, chain);
  if (hash === undefined) return undefined;
  const schemaVersion = storedSchemaVersion(metadata);
  return schemaVersion === undefined ? undefined : { hash, schemaVersion, prevHash };
}

/** A record of the fast path, for the break the report gives (who the event claims to come from). */
function recordOf(row: StoredRow, data: unknown, metadata: string): StoredRecord {
  return withMetadata({ ...textOf(row), data, metadata: {} as StoredRecord['metadata'] }, metadata);
}

/** A record of the fast path with its metadata parsed, for the break the report gives (who the event claims to come from). */
function withMetadata(record: StoredRecord, metadata: string): StoredRecord {
  try {
    return { ...record, metadata: JSON.parse(metadata) as StoredRecord['metadata'] };
  } catch {
    return record;
  }
}

/** The data lifted to its current schema (`version` as the event names it, perhaps not a number). */
function upcast(type: string, version: unknown, data: unknown): unknown {
  try {
    return registry.upcastAndValidate(type, version as number, data);
  } catch {
    return undefined; // a schema break, reported as such
  }
}

/** What `firstCode` says of a stream's first event in the range (see RangeResult). */
const OK = 0;
const LOCAL = 1;
const DEFINITE = 2;
/** In `firstPrev`: the event names its stream's genesis hash. */
const GENESIS = '';

parentPort!.on('message', (message: RangeTask | 'stop') => {
  if (message === 'stop') {
    reader.close();
    parentPort!.close();
    return;
  }
  parentPort!.postMessage(verifyRange(message));
});
parentPort!.postMessage({ ready: registry.types() });
