import { Worker } from 'node:worker_threads';
import type { EventRegistry } from '../platform/event-store/event-registry.js';
import { positionOf, type Position } from '../platform/event-store/position.js';
import type { EventStorage } from '../platform/event-store/storage.js';
import { CompactTree, streamHeadsRoot, type StreamHead } from './merkle.js';
import { SEAL_STREAM, type LedgerSealedData } from './seal.js';
import type { EvidenceEvent, SealToCheck } from './signing/check-signatures.js';
import { checkSealSignatures } from './signing/check-signatures.js';
import { EVIDENCE_STREAMS } from './signing/signing-events.js';
import { breakAt, eventProblem, parsed, unreadableBreak } from './verify-checks.js';
import { narrowed, sealProblem, sealsRecorded, type SealSnapshot } from './verify-seals.js';
import type { IntegrityBreak, VerifyOptions, VerifyReport } from './verify.js';

/**
 * `verify` over disjoint ranges of `$all` in worker threads, for the embedded store (whose
 * positions count events: the event at position p has log index p - 1). Each worker reads its
 * ranges through its own read-only connection (verify-worker.ts) and does all the per-event
 * work: parsing, hashing the stored text, the schemas, the leaves and the perfect subtrees of
 * the log tree that lie in the range, and every check whose stream's previous event is in the
 * same range. This thread stitches the ranges in order: for each stream's first event in a
 * range it checks the link to where the stream stood at the end of the earlier ranges (its
 * revision next, its `prevHash` that head's hash), then moves the stream's head to where the
 * range left it; it appends the range's subtrees to the log tree and checks the seals.
 *
 * Every seal starts a range, and so does the event at every sealed tree size: what a seal is
 * held against (the stream heads and the tree after its tree size, and before itself) is
 * then the state between two ranges. The details of the first break are recomputed here from
 * the stored event with the same functions as the single-threaded pass, so the report is the
 * same, break for break. A store whose positions are not consecutive (rows deleted straight
 * in the file) gives `undefined`: the caller verifies it in one thread, which needs no such
 * assumption.
 */

/** Positions `(after, upTo]`; the first event's log index is `after`. */
export interface RangeTask {
  id: number;
  after: number;
  upTo: number;
}

/**
 * What a worker hands back for one range. Per stream met in the range (in order of first
 * appearance): its first event's log index, revision, the `prevHash` it names (`''`: its
 * stream's genesis hash, at revision 0; null: not a string) and `firstCode`: 0 nothing wrong
 * but perhaps the link, 1 broken whatever the link (hash or schema, given the `prevHash` it
 * names), 2 no metadata object; then the revision and hash the range leaves it at.
 */
export interface RangeResult {
  id: number;
  /** Positions were not consecutive in the range: nothing else is set. */
  gap?: true;
  events: number;
  blocks: Array<{ hash: Uint8Array; size: number }>;
  byType: Array<[string, number]>;
  byCategory: Array<[string, number]>;
  streams: string[];
  firstIndex: number[];
  firstRevision: number[];
  firstPrev: Array<string | null>;
  firstCode: number[];
  lastRevision: number[];
  lastHash: string[];
  /** Breaks found in the range's events that are not their stream's first in the range. */
  breaks: number;
  firstBreak?: IntegrityBreak;
  /** The events of the seal and evidence streams, upcast (undefined: their schema failed). */
  specials: Array<{ index: number; stream: string; type: string; brokenHere: boolean; data: unknown }>;
  /** The range's event at this log index cannot be parsed: the range ends before it. */
  unreadable?: { index: number; message: string };
}

const LOCAL = 1;
const DEFINITE = 2;
const GENESIS = '';

export interface ParallelOptions {
  /** Worker threads (at least 2, else the single-threaded pass runs). */
  workers: number;
  /** Events per range; by default the history split in {@link RANGES_PER_WORKER} ranges per worker. */
  rangeSize?: number;
}

/** Enough ranges that a worker slowed by the machine's load leaves the others work to do. */
const RANGES_PER_WORKER = 4;

/** A storage this can read in parallel: the embedded store, by its file. */
export const parallelFile = (storage: EventStorage): string | undefined => {
  const file = (storage as { file?: unknown }).file;
  return storage.name === 'sqlite' && storage.positionsCountEvents && storage.readAllText && typeof file === 'string'
    ? file
    : undefined;
};

/** The worker's module: beside this one in the build; the build's under the tests, which run the sources. */
function workerUrl(): URL {
  const here = new URL('./verify-worker.js', import.meta.url);
  return import.meta.url.endsWith('.ts') ? new URL(here.href.replace('/src/audit/', '/dist/audit/')) : here;
}

export async function verifyInParallel(
  storage: EventStorage,
  file: string,
  registry: EventRegistry,
  head: Position,
  parallel: ParallelOptions,
  options: VerifyOptions,
): Promise<VerifyReport | undefined> {
  const last = Number(head);
  const seals = await sealsRecorded(storage, registry, head);
  const sealed = new Set(seals.sizes);
  const sealAt = new Set(seals.positions.map(Number));
  const size = Math.max(1, parallel.rangeSize ?? Math.ceil(last / (parallel.workers * RANGES_PER_WORKER)));
  const cuts = new Set<number>([last]);
  for (let c = size; c < last; c += size) cuts.add(c);
  for (const t of seals.sizes) if (t > 0 && t < last) cuts.add(t);
  for (const p of sealAt) if (p - 1 > 0 && p - 1 < last) cuts.add(p - 1);
  const ends = [...cuts].sort((a, b) => a - b);
  const tasks: RangeTask[] = ends.map((upTo, id) => ({ id, after: id === 0 ? 0 : ends[id - 1]!, upTo }));

  const heads = new Map<string, { revision: number; hash: string }>();
  const tree = new CompactTree();
  const snapshots = new Map<number, SealSnapshot>();
  const byType = new Map<string, number>();
  const byCategory = new Map<string, number>();
  const evidence: EvidenceEvent[][] = EVIDENCE_STREAMS.map(() => []);
  const sealList: SealToCheck[] = [];
  let events = 0;
  let sealsChecked = 0;
  let breaks = 0;
  let firstBreak: IntegrityBreak | undefined;
  let heldUpTo = 0;
  const bigHeads = () => {
    const all = new Map<string, StreamHead>();
    for (const [stream, h] of heads) all.set(stream, { revision: BigInt(h.revision), hash: h.hash });
    return all;
  };
  /** The stored event at `index`, as the single-threaded pass reads it. */
  const storedAt = async (index: number) => {
    for await (const page of storage.readAllText!({ after: positionOf(BigInt(index)), maxCount: 1 }))
      for (const text of page) return { text, record: parsed(text) };
    throw new Error(`no event at log index ${index}`);
  };

  /** Stitches one range onto the ranges before it; false when the history ends unreadable in it. */
  const stitch = async (task: RangeTask, r: RangeResult): Promise<boolean> => {
    const start = task.after;
    if (sealed.has(start))
      snapshots.set(start, {
        events: start,
        ...streamHeadsRoot(bigHeads(), SEAL_STREAM),
        logRoot: tree.root(),
        frontier: tree.frontier(),
      });
    // A seal opens its range: what it is held against is the state before the range.
    const beforeSeal = sealAt.has(start + 1)
      ? { streams: heads.size - (heads.has(SEAL_STREAM) ? 1 : 0), frontier: tree.frontier() }
      : undefined;
    let candidate: { index: number; at: () => Promise<IntegrityBreak> } | undefined;
    const brokenFirst = new Set<number>();
    for (let i = 0; i < r.streams.length; i++) {
      const stream = r.streams[i]!;
      const known = heads.get(stream);
      const code = r.firstCode[i]!;
      let broken = code === DEFINITE;
      if (!broken) {
        const revision = r.firstRevision[i]!;
        const prev = r.firstPrev[i];
        const linked = known ? revision === known.revision + 1 && prev === known.hash : revision === 0 && prev === GENESIS;
        broken = !linked || code === LOCAL;
      }
      if (broken) {
        breaks += 1;
        const index = r.firstIndex[i]!;
        brokenFirst.add(index);
        candidate ??= {
          index,
          at: async () => {
            const { text, record } = await storedAt(index);
            const head = known && { revision: BigInt(known.revision), hash: known.hash };
            const problem = eventProblem(registry, record, text, head);
            if (!problem) throw new Error(`the event at log index ${index} was found broken, then not`);
            return breakAt(record, index, problem);
          },
        };
      }
      heads.set(stream, { revision: r.lastRevision[i]!, hash: r.lastHash[i]! });
    }
    breaks += r.breaks;
    if (r.firstBreak && (!candidate || r.firstBreak.logIndex < candidate.index)) {
      const found = r.firstBreak;
      candidate = { index: found.logIndex, at: async () => found };
    }
    for (const s of r.specials) {
      if (s.brokenHere || brokenFirst.has(s.index)) continue;
      const kind = EVIDENCE_STREAMS.indexOf(s.stream);
      if (kind >= 0) evidence[kind]!.push({ type: s.type, data: s.data } as EvidenceEvent);
      if (s.stream !== SEAL_STREAM) continue;
      sealsChecked += 1;
      const seal = s.data as LedgerSealedData;
      const index = s.index;
      const { record } = await storedAt(index);
      sealList.push({
        seal: Number(record.revision),
        treeSize: seal.treeSize,
        ...(seal.logRoot ? { logRoot: seal.logRoot } : {}),
      });
      const problem = sealProblem(seal, record.position, index, snapshots, () => beforeSeal!);
      if (problem) {
        breaks += 1;
        const { firstDifference, ...said } = problem;
        const difference = narrowed(firstDifference, heldUpTo);
        // The seal opens its range: no break of the range comes before it.
        candidate = { index, at: async () => breakAt(record, index, said, difference) };
      } else if (seal.logRoot) heldUpTo = Math.max(heldUpTo, seal.treeSize);
    }
    if (candidate && !firstBreak) firstBreak = await candidate.at();
    for (const block of r.blocks) tree.appendSubtree(Buffer.from(block.hash), block.size);
    for (const [type, n] of r.byType) byType.set(type, (byType.get(type) ?? 0) + n);
    for (const [category, n] of r.byCategory) byCategory.set(category, (byCategory.get(category) ?? 0) + n);
    events += r.events;
    options.onProgress?.(events, positionOf(BigInt(start + r.events)));
    if (!r.unreadable) return true;
    const after = r.unreadable.index > 0 ? positionOf(BigInt(r.unreadable.index)) : ('0' as Position);
    breaks += 1;
    firstBreak ??= unreadableBreak(after, r.unreadable.message);
    return false;
  };

  const outcome = await runRanges(file, registry, tasks, Math.min(parallel.workers, tasks.length), stitch);
  if (outcome === 'fallback') return undefined;
  const signatures = checkSealSignatures(evidence.flat(), sealList);
  return {
    ok: breaks === 0 && signatures.ok,
    head,
    events,
    streams: heads.size,
    byType: Object.fromEntries([...byType].sort(([a], [b]) => a.localeCompare(b))),
    byCategory: Object.fromEntries([...byCategory].sort(([a], [b]) => a.localeCompare(b))),
    seals: sealsChecked,
    breaks,
    ...(firstBreak ? { firstBreak } : {}),
    signatures,
  };
}

/**
 * Hands the ranges to `count` workers, one at a time each, and stitches their results in
 * range order as they come. 'fallback': a range had a gap in its positions, or the workers'
 * schemas are not the caller's registry.
 */
function runRanges(
  file: string,
  registry: EventRegistry,
  tasks: readonly RangeTask[],
  count: number,
  stitch: (task: RangeTask, result: RangeResult) => Promise<boolean>,
): Promise<'done' | 'fallback'> {
  const wanted = registry.types().sort().join('\n');
  const workers: Worker[] = [];
  const results = new Map<number, RangeResult>();
  let nextTask = 0;
  let nextStitch = 0;
  let stitching = false;
  let settled = false;
  return new Promise((resolve, reject) => {
    const end = (outcome: 'done' | 'fallback' | Error) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const drain = async () => {
      if (stitching) return;
      stitching = true;
      try {
        while (!settled && results.has(nextStitch)) {
          const result = results.get(nextStitch)!;
          results.delete(nextStitch);
          if (result.gap) return end('fallback');
          const more = await stitch(tasks[nextStitch]!, result);
          nextStitch += 1;
          if (!more || nextStitch === tasks.length) return end('done');
        }
      } catch (error) {
        end(error as Error);
      } finally {
        stitching = false;
      }
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerUrl(), { workerData: { file } });
      workers.push(worker);
      const give = () => {
        if (nextTask < tasks.length) worker.postMessage(tasks[nextTask++]);
      };
      worker.on('message', (message: RangeResult | { ready: string[] }) => {
        if ('ready' in message) {
          if (message.ready.sort().join('\n') !== wanted) end('fallback');
          return;
        }
        results.set(message.id, message);
        give();
        void drain();
      });
      worker.on('error', (error) => end(error));
      worker.on('exit', (code) => {
        if (code !== 0) end(new Error(`a verify worker exited with code ${code}`));
      });
      give();
    }
  });
}
