import { hash } from 'node:crypto';

/**
 * The Merkle tree of a ledger seal, as RFC 6962 (Certificate Transparency) §2.1 defines it,
 * so that an auditor can recompute a sealed root with any standard implementation instead
 * of trusting this code: leaves and nodes are domain-separated (0x00 / 0x01 prefixes, so a
 * node can never pass for a leaf) and the tree splits at the largest power of two below n.
 */

/**
 * SHA-256 of the parts, as bytes. One-shot over one buffer: a Hash object fed piece by piece
 * cost four times as much per node, and a verification hashes two small inputs per event (its
 * leaf, about one inner node). The digest is asked for as a 'binary' (latin1) string, one
 * character a byte, and turned back into bytes: Node 20's one-shot `hash` with a 'buffer'
 * output cost ~1.1 µs a call here against ~0.45 µs this way.
 */
const sha256 = (...parts: Uint8Array[]): Buffer =>
  Buffer.from(hash('sha256', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'binary'), 'binary');

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

// ---------------------------------------------------------------------------------------
// The log tree (RFC 9162 §2.1): one leaf per event of `$all`, in `$all` order, so that
// an auditor can prove one event is in a sealed history (inclusion) and that a later seal
// extends an earlier one without rewriting it (consistency).
// ---------------------------------------------------------------------------------------

/** The hash of a leaf's data: SHA-256(0x00 || data). */
export const leafHash = (data: Uint8Array): Buffer => sha256(LEAF, data);

/** The hash of an inner node: SHA-256(0x01 || left || right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => {
  if (left.length !== 32 || right.length !== 32) return sha256(NODE, left, right);
  const node = Buffer.allocUnsafe(65);
  node[0] = 0x01;
  node.set(left, 1);
  node.set(right, 33);
  return sha256(node);
};

/**
 * The data of the leaf of the event at `logIndex` (its 0-based count in `$all`): the index as
 * an unsigned 64-bit big-endian integer, then the 32 bytes of the event's chained hash. The
 * index is in the leaf so that the same event cannot be proven at another place in the log.
 */
export function eventLeaf(logIndex: number, chainedHash: string): Buffer {
  const index = Buffer.alloc(8);
  index.writeBigUInt64BE(BigInt(logIndex));
  return Buffer.concat([index, Buffer.from(chainedHash, 'hex')]);
}

/** SHA-256(0x00 || eventLeaf(logIndex, chainedHash)), built in one buffer (an audit hashes one per event). */
export function eventLeafHash(logIndex: number, chainedHash: string): Buffer {
  const leaf = Buffer.allocUnsafe(41);
  // Anything but an index and 32 bytes of hex takes the general path, whose bytes these are otherwise.
  if (!Number.isSafeInteger(logIndex) || logIndex < 0 || chainedHash.length !== 64 || leaf.write(chainedHash, 9, 'hex') !== 32)
    return leafHash(eventLeaf(logIndex, chainedHash));
  leaf[0] = 0x00;
  leaf.writeUInt32BE(Math.floor(logIndex / 2 ** 32), 1);
  leaf.writeUInt32BE(logIndex >>> 0, 5);
  return sha256(leaf);
}

const largestPowerOfTwoBelow = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

/**
 * The log tree built one leaf at a time in bounded memory: it keeps only the roots of the
 * perfect subtrees that make up the tree so far (at most 64 of them), which is all it needs
 * to give the root at the current size.
 */
export class CompactTree {
  private readonly stack: Array<{ hash: Buffer; size: number }> = [];
  size = 0;

  appendLeafHash(hash: Buffer): void {
    this.appendSubtree(hash, 1);
  }

  /**
   * Appends the root of a perfect subtree of `size` leaves (a power of two) that starts at this
   * tree's size, a multiple of `size` (a {@link RangeTree}'s blocks are): the same tree as
   * appending its leaves one by one.
   */
  appendSubtree(hash: Buffer, size: number): void {
    if (this.size % size !== 0) throw new RangeError(`a subtree of ${size} leaves cannot start at leaf ${this.size}`);
    let node = { hash, size };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { hash: nodeHash(left.hash, node.hash), size: left.size * 2 };
    }
    this.stack.push(node);
    this.size += size;
  }

  /** MTH of the leaves so far, hex. */
  root(): string {
    if (this.stack.length === 0) return sha256().toString('hex');
    let hash = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i]!.hash, hash);
    return hash.toString('hex');
  }

  /**
   * The perfect subtrees the tree is made of, left to right: `[from, from + size)` and its
   * hash. A seal records them, so that a later verification can say in which range of log
   * indexes the history first differs from the sealed one.
   */
  frontier(): Array<{ from: number; size: number; hash: string }> {
    let from = 0;
    return this.stack.map(({ hash, size }) => {
      const range = { from, size, hash: hash.toString('hex') };
      from += size;
      return range;
    });
  }
}

/**
 * The leaves of one range `[start, …)` of the log tree, folded into the perfect subtrees of the
 * whole tree that lie inside the range (each starts at a multiple of its size): what a thread
 * verifying that range hands back, so that the thread assembling the tree appends a few
 * subtrees per range ({@link CompactTree.appendSubtree}) instead of hashing every node itself.
 */
export class RangeTree {
  private readonly stack: Array<{ hash: Buffer; size: number; from: number }> = [];
  private next: number;

  constructor(readonly start: number) {
    this.next = start;
  }

  appendLeafHash(hash: Buffer): void {
    let node = { hash, size: 1, from: this.next };
    this.next += 1;
    for (;;) {
      const left = this.stack[this.stack.length - 1];
      if (!left || left.size !== node.size || left.from % (2 * node.size) !== 0) break;
      this.stack.pop();
      node = { hash: nodeHash(left.hash, node.hash), size: node.size * 2, from: left.from };
    }
    this.stack.push(node);
  }

  /** The subtrees, left to right. */
  blocks(): Array<{ hash: Buffer; size: number }> {
    return this.stack.map(({ hash, size }) => ({ hash, size }));
  }
}

/** MTH over leaf hashes already computed, as a Buffer. */
function treeHashOf(leafHashes: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 0) return sha256();
  if (n === 1) return leafHashes[from]!;
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(treeHashOf(leafHashes, from, from + k), treeHashOf(leafHashes, from + k, to));
}

/** MTH over leaf hashes, hex. */
export const rootOfLeafHashes = (leafHashes: readonly Buffer[]): string =>
  treeHashOf(leafHashes, 0, leafHashes.length).toString('hex');

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the inclusion proof of leaf `index` in the first `leafHashes.length` leaves. */
export function inclusionProof(leafHashes: readonly Buffer[], index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length)
    throw new RangeError(`no leaf ${index} in a tree of ${leafHashes.length}`);
  const path = (m: number, from: number, to: number): Buffer[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...path(m, from, from + k), treeHashOf(leafHashes, from + k, to)]
      : [...path(m - k, from + k, to), treeHashOf(leafHashes, from, from + k)];
  };
  return path(index, 0, leafHashes.length).map((h) => h.toString('hex'));
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1: that the first `size1` leaves are a prefix of all `leafHashes`. */
export function consistencyProof(leafHashes: readonly Buffer[], size1: number): string[] {
  const n = leafHashes.length;
  if (!Number.isInteger(size1) || size1 < 0 || size1 > n) throw new RangeError(`no tree of ${size1} within ${n} leaves`);
  if (size1 === 0 || size1 === n) return [];
  const subproof = (m: number, from: number, to: number, whole: boolean): Buffer[] => {
    const size = to - from;
    if (m === size) return whole ? [] : [treeHashOf(leafHashes, from, to)];
    const k = largestPowerOfTwoBelow(size);
    return m <= k
      ? [...subproof(m, from, from + k, whole), treeHashOf(leafHashes, from + k, to)]
      : [...subproof(m - k, from + k, to, false), treeHashOf(leafHashes, from, from + k)];
  };
  return subproof(size1, 0, n, true).map((h) => h.toString('hex'));
}

const HEX32 = /^[0-9a-f]{64}$/;
const bytes = (hex: string): Buffer | undefined => (HEX32.test(hex) ? Buffer.from(hex, 'hex') : undefined);

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows the leaf whose hash is `leafHashHex` at `index`
 * in the tree of `treeSize` leaves whose root is `rootHex`. Needs nothing but these values:
 * an auditor can run it (or any RFC 9162 library) without the store.
 */
export function verifyInclusion(
  leafHashHex: string,
  index: number,
  treeSize: number,
  proof: readonly string[],
  rootHex: string,
): boolean {
  const leaf = bytes(leafHashHex);
  const root = bytes(rootHex);
  if (!leaf || !root || !Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize)
    return false;
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const hex of proof) {
    const p = bytes(hex);
    if (!p || sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) ((fn >>= 1n), (sn >>= 1n));
    } else r = nodeHash(r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `size1` leaves with root `root1`
 * is a prefix of the tree of `size2` leaves with root `root2`: nothing sealed at `size1` was
 * changed, removed or reordered by `size2`.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly string[],
  root1Hex: string,
  root2Hex: string,
): boolean {
  const root1 = bytes(root1Hex);
  const root2 = bytes(root2Hex);
  if (!root1 || !root2 || !Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2)
    return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return false; // the empty tree is a prefix of every tree: there is nothing to prove
  const path = proof.map(bytes);
  if (path.length === 0 || path.some((p) => !p)) return false;
  const hashes = path as Buffer[];
  if (Number.isInteger(Math.log2(size1))) hashes.unshift(root1);
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) ((fn >>= 1n), (sn >>= 1n));
  let fr = hashes[0]!;
  let sr = hashes[0]!;
  for (const c of hashes.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) ((fn >>= 1n), (sn >>= 1n));
    } else sr = nodeHash(sr, c);
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0n;
}
