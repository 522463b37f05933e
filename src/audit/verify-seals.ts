import type { EventRegistry } from '../platform/event-store/event-registry.js';
import { comparePositions, type Position } from '../platform/event-store/position.js';
import type { EventStorage } from '../platform/event-store/storage.js';
import { SEAL_STREAM, type LedgerSealedData } from './seal.js';
import type { EventProblem } from './verify-checks.js';

/** What a seal is held against: the streams and the log tree after its first `events` events. */
export interface SealSnapshot {
  events: number;
  streams: number;
  merkleRoot: string;
  logRoot: string;
  frontier: Array<{ from: number; size: number; hash: string }>;
}

export interface SealProblem extends EventProblem {
  firstDifference?: { from: number; to: number };
}

/** The seals recorded up to `head`: the tree sizes they name, ascending, and their positions. */
export async function sealsRecorded(
  storage: EventStorage,
  registry: EventRegistry,
  head: Position,
): Promise<{ sizes: number[]; positions: Position[] }> {
  const sizes = new Set<number>();
  const positions: Position[] = [];
  for await (const record of storage.readStream(SEAL_STREAM)) {
    if (comparePositions(record.position, head) <= 0) positions.push(record.position);
    try {
      const seal = registry.upcastAndValidate(record.type, record.metadata.schemaVersion, record.data) as LedgerSealedData;
      sizes.add(seal.treeSize);
    } catch {
      // found as a schema break in the pass
    }
  }
  return { sizes: [...sizes].sort((a, b) => a - b), positions };
}

/**
 * What is wrong with a seal at `position` and `logIndex`, held against the snapshot taken at its
 * tree size (`snapshots`), or, when the history before it is shorter than it sealed, against
 * the streams and tree before it (`now`).
 */
export function sealProblem(
  seal: LedgerSealedData,
  position: Position,
  logIndex: number,
  snapshots: ReadonlyMap<number, SealSnapshot>,
  /** The streams as they stand before the seal, and the log tree of the events before it. */
  now: () => { streams: number; frontier: SealSnapshot['frontier'] },
): SealProblem | undefined {
  if (seal.logRoot === undefined && seal.position !== undefined && comparePositions(seal.position, position) >= 0)
    return { reason: 'seal-position', expected: `a position before ${position}`, actual: seal.position };
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

/**
 * Narrows a seal's first difference by the last earlier seal whose log root held (`heldUpTo`
 * events): the history is the sealed one up to there.
 */
export const narrowed = (
  difference: { from: number; to: number } | undefined,
  heldUpTo: number,
): { from: number; to: number } | undefined =>
  difference && { from: Math.max(difference.from, Math.min(heldUpTo, difference.to - 1)), to: difference.to };
