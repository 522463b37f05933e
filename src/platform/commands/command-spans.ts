import { randomBytes } from 'node:crypto';

/** The revisions a command's events lie between, both included. */
export interface Span {
  from: number;
  to: number;
}

/** Two independent 32-bit hashes of a string: a 64-bit digest. */
export type CommandIdHash = (commandId: string) => readonly [number, number];

export interface CommandSpansOptions {
  /** How many command ids are kept as an exact `Map` before the index packs them (default 64). */
  exactUpTo?: number;
  /** The digest of a command id once packed (default: seeded per process, {@link seededHash}). */
  hash?: CommandIdHash;
}

/**
 * The idempotency index of one folded stream: where each command id's events lie. A stream
 * that a few commands wrote keeps an exact `Map` from command id to span. A stream that many
 * commands wrote (the register, one per admission for the life of the cooperative) packs them:
 * a 64-bit digest of the id and its span in typed arrays, ~32 bytes a command against ~75 for
 * the Map's string key and entry (bench/README.md, rebuild25).
 *
 * Packed, the index answers with a span that holds every revision the command recorded, and
 * possibly others: ids whose digests collide share one span, widened to cover them all. That is
 * exact enough because the span is only where to read — {@link StreamStateCache.recall} reads it
 * and keeps the events whose own command id is the one asked for, and a span that holds none
 * answers that the command recorded nothing here. A collision costs a longer read, never a
 * wrong answer; the digest's seed is drawn per process, so a client cannot aim its keys at one.
 */
export class CommandSpans {
  private exact: Map<string, Span> | undefined = new Map();
  private packed: PackedSpans | undefined;
  private readonly exactUpTo: number;
  private readonly hash: CommandIdHash;

  constructor(options: CommandSpansOptions = {}) {
    this.exactUpTo = options.exactUpTo ?? 64;
    this.hash = options.hash ?? processHash;
  }

  /** How many command ids were recorded (packed: distinct digests). */
  get size(): number {
    return this.exact ? this.exact.size : this.packed!.size;
  }

  has(commandId: string): boolean {
    return this.spanOf(commandId) !== undefined;
  }

  /** Where the command's events lie: every revision it recorded is within; undefined if it recorded none here. */
  spanOf(commandId: string): Span | undefined {
    if (this.exact) {
      const span = this.exact.get(commandId);
      return span && { from: span.from, to: span.to };
    }
    const [a, b] = this.hash(commandId);
    return this.packed!.spanOf(a, b);
  }

  /** The command recorded an event at `revision`. */
  record(commandId: string, revision: number): void {
    if (this.exact) {
      const span = this.exact.get(commandId);
      if (span) widen(span, revision);
      else if (this.exact.size < this.exactUpTo) this.exact.set(commandId, { from: revision, to: revision });
      else {
        this.pack();
        this.record(commandId, revision);
      }
      return;
    }
    const [a, b] = this.hash(commandId);
    this.packed!.record(a, b, revision, revision);
  }

  private pack(): void {
    const packed = new PackedSpans(this.exact!.size * 2);
    for (const [commandId, span] of this.exact!) {
      const [a, b] = this.hash(commandId);
      packed.record(a, b, span.from, span.to);
    }
    this.packed = packed;
    this.exact = undefined;
  }
}

function widen(span: Span, revision: number): void {
  if (revision < span.from) span.from = revision;
  if (revision > span.to) span.to = revision;
}

const FREE = -1;

/** Open addressing over 64-bit digests, linear probing, the table at most half full. */
class PackedSpans {
  /** Row r's digest at [2r, 2r + 1]. */
  private digests: Uint32Array;
  /** Row r's span at [2r, 2r + 1]: from, to (revisions are integers below 2^53). */
  private spans: Float64Array;
  /** A row number, or FREE. */
  private table: Int32Array;
  private rows = 0;

  constructor(capacity: number) {
    const rows = Math.max(16, capacity);
    this.digests = new Uint32Array(rows * 2);
    this.spans = new Float64Array(rows * 2);
    this.table = new Int32Array(tableSizeFor(rows)).fill(FREE);
  }

  get size(): number {
    return this.rows;
  }

  spanOf(a: number, b: number): Span | undefined {
    const row = this.table[this.slot(a, b)] ?? FREE;
    if (row === FREE) return undefined;
    return { from: this.spans[2 * row] ?? 0, to: this.spans[2 * row + 1] ?? 0 };
  }

  record(a: number, b: number, from: number, to: number): void {
    const slot = this.slot(a, b);
    const row = this.table[slot] ?? FREE;
    if (row !== FREE) {
      if (from < (this.spans[2 * row] ?? 0)) this.spans[2 * row] = from;
      if (to > (this.spans[2 * row + 1] ?? 0)) this.spans[2 * row + 1] = to;
      return;
    }
    const next = this.rows++;
    if (2 * this.rows > this.digests.length) {
      this.digests = grown(this.digests, this.digests.length * 2);
      this.spans = grown(this.spans, this.spans.length * 2);
    }
    this.digests[2 * next] = a;
    this.digests[2 * next + 1] = b;
    this.spans[2 * next] = from;
    this.spans[2 * next + 1] = to;
    if (this.rows * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.table[slot] = next;
  }

  /** The slot holding digest (a, b), or the free slot where it would go. */
  private slot(a: number, b: number): number {
    const mask = this.table.length - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const row = this.table[slot] ?? FREE;
      if (row === FREE || (this.digests[2 * row] === a && this.digests[2 * row + 1] === b)) return slot;
    }
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size).fill(FREE);
    for (let row = 0; row < this.rows; row++)
      this.table[this.slot(this.digests[2 * row] ?? 0, this.digests[2 * row + 1] ?? 0)] = row;
  }
}

function grown<T extends Uint32Array | Float64Array>(column: T, length: number): T {
  const next = new (column.constructor as new (length: number) => T)(length);
  next.set(column);
  return next;
}

function tableSizeFor(rows: number): number {
  let size = 16;
  while (size < rows * 2) size *= 2;
  return size;
}

/**
 * Two 32-bit FNV-1a-style hashes of the string's UTF-16 code units, each from its own seed and
 * finished with murmur3's mixer. Not cryptographic: a collision only widens a span.
 */
export function seededHash(seedA: number, seedB: number): CommandIdHash {
  return (text) => {
    let a = (0x811c9dc5 ^ seedA) >>> 0;
    let b = (0x050c5d1f ^ seedB) >>> 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      a = Math.imul(a ^ unit, 0x01000193);
      b = Math.imul(b ^ unit, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = mix(a ^ text.length);
    b = mix(b ^ Math.imul(text.length, 0x27d4eb2d));
    return [a, b];
  };
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const seed = randomBytes(8);
const processHash = seededHash(seed.readUInt32LE(0), seed.readUInt32LE(4));
