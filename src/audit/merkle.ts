import { createHash } from 'node:crypto';

/**
 * The Merkle tree of a ledger seal, as RFC 6962 (Certificate Transparency) §2.1 defines it,
 * so that an auditor can recompute a sealed root with any standard implementation instead
 * of trusting this code: leaves and nodes are domain-separated (0x00 / 0x01 prefixes, so a
 * node can never pass for a leaf) and the tree splits at the largest power of two below n.
 */

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

/** MTH(D[n]) of RFC 6962 over the leaves' data, hex. The empty tree is sha256 of nothing. */
export function merkleTreeHash(leaves: readonly Uint8Array[]): string {
  if (leaves.length === 0) return sha256().toString('hex');
  return subtree(
    leaves.map((leaf) => sha256(LEAF, leaf)),
    0,
    leaves.length,
  ).toString('hex');
}

function subtree(leafHashes: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leafHashes[from]!;
  const k = 2 ** (31 - Math.clz32(n - 1)); // the largest power of two smaller than n
  return sha256(NODE, subtree(leafHashes, from, from + k), subtree(leafHashes, from + k, to));
}

/** The head of one stream as a seal records it. */
export interface StreamHead {
  revision: bigint;
  hash: string;
}

/** A leaf's data: `stream \n revision \n headHash`, UTF-8 (the head hash already covers the whole stream). */
export const headLeaf = (stream: string, head: StreamHead): Buffer =>
  Buffer.from(`${stream}\n${head.revision.toString()}\n${head.hash}`, 'utf8');

/**
 * The root over every stream head but `exclude` (the seal stream, which a seal cannot cover
 * without covering itself). Leaves are sorted by the UTF-8 bytes of the stream name, an order
 * any language reproduces, unlike JavaScript's UTF-16 string order.
 */
export function streamHeadsRoot(
  heads: ReadonlyMap<string, StreamHead>,
  exclude?: string,
): { merkleRoot: string; streams: number } {
  const named: Array<[Buffer, Buffer]> = [];
  for (const [stream, head] of heads) if (stream !== exclude) named.push([Buffer.from(stream, 'utf8'), headLeaf(stream, head)]);
  named.sort((a, b) => Buffer.compare(a[0], b[0]));
  return { merkleRoot: merkleTreeHash(named.map(([, leaf]) => leaf)), streams: named.length };
}
