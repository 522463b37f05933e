import { nodeHash } from '../merkle.js';

/**
 * Inclusion proofs (RFC 9162 §2.1.3.1) of many leaves of one tree. One proof per event, not
 * one multi-leaf proof: each is the standard PATH an RFC 9162 / Certificate Transparency
 * library checks alone, so an auditor may quote one event of the book with its proof; the
 * subtree hashes are memoised, so k proofs cost one pass over the tree plus k·log n.
 */
export function inclusionProofs(leafHashes: readonly Buffer[], indexes: readonly number[]): string[][] {
  const memo = new Map<string, Buffer>();
  const treeHash = (from: number, to: number): Buffer => {
    if (to - from === 1) return leafHashes[from]!;
    const key = `${from}:${to}`;
    let hash = memo.get(key);
    if (!hash) {
      const k = largestPowerOfTwoBelow(to - from);
      hash = nodeHash(treeHash(from, from + k), treeHash(from + k, to));
      memo.set(key, hash);
    }
    return hash;
  };
  const path = (m: number, from: number, to: number): Buffer[] => {
    if (to - from === 1) return [];
    const k = largestPowerOfTwoBelow(to - from);
    return m < k
      ? [...path(m, from, from + k), treeHash(from + k, to)]
      : [...path(m - k, from + k, to), treeHash(from, from + k)];
  };
  return indexes.map((index) => path(index, 0, leafHashes.length).map((h) => h.toString('hex')));
}

const largestPowerOfTwoBelow = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));
