/** A Bloom filter of document ids: what a session knows is not in the store without asking it. */

/** The first filter's bits (8 KiB): a collection of a few thousand documents needs no more. */
const FIRST_BITS = 1 << 16;
/** The largest filter's bits (1 MiB): half a million ids give about one false "might" in 2,000. */
const MOST_BITS = 1 << 23;
/** About 24 bits per id at 7 probes: a filter at most this full says a false "might" about once in 10,000. */
const BITS_PER_ID = 24;

/**
 * A growing Bloom filter of ids (7 probes): `mightHold` is false only for an id never added.
 * It starts at 8 KiB and, each time its newest filter holds as many ids as its size is meant
 * for, adds one four times larger (up to 1 MiB), so a session over many small collections
 * holds kilobytes per collection, not a megabyte each (a rebuild of every projector touches
 * dozens). A lookup asks each filter; a false "might" only costs the store a read.
 */
export class IdFilter {
  private readonly filters: Int32Array[] = [];
  private bits = 0;
  /** Ids added to the newest filter. */
  private held = 0;

  constructor() {
    this.grow(FIRST_BITS);
  }

  add(id: string): void {
    if (this.held >= this.bits / BITS_PER_ID && this.bits < MOST_BITS) this.grow(Math.min(MOST_BITS, 4 * this.bits));
    const [h1, h2] = hashes(id);
    const words = this.filters[this.filters.length - 1]!;
    const mask = this.bits - 1;
    for (let i = 0, h = h1; i < 7; i++, h = (h + h2) | 0) {
      const bit = (h >>> 0) & mask;
      words[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.held += 1;
  }

  mightHold(id: string): boolean {
    const [h1, h2] = hashes(id);
    for (const words of this.filters) if (holds(words, h1, h2)) return true;
    return false;
  }

  private grow(bits: number): void {
    this.filters.push(new Int32Array(bits >>> 5));
    this.bits = bits;
    this.held = 0;
  }
}

function holds(words: Int32Array, h1: number, h2: number): boolean {
  const mask = words.length * 32 - 1;
  for (let i = 0, h = h1; i < 7; i++, h = (h + h2) | 0) {
    const bit = (h >>> 0) & mask;
    if ((words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

/** Two independent 32-bit hashes of a string (FNV-1a, and a multiply-xorshift), for double hashing. */
function hashes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a, b | 1];
}
