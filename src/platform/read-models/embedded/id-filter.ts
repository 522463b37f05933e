/** A Bloom filter of document ids: what a session knows is not in the store without asking it. */

/**
 * A Bloom filter of ids (1 MiB, 7 probes): `mightHold` is false only for an id never added.
 * Half a million ids give about one false "might" in 2,000; more only make misses slower.
 */
export class IdFilter {
  private static readonly BITS = 1 << 23;
  private readonly words = new Int32Array(IdFilter.BITS >>> 5);

  add(id: string): void {
    const [h1, h2] = hashes(id);
    for (let i = 0, h = h1; i < 7; i++, h = (h + h2) | 0) {
      const bit = (h >>> 0) & (IdFilter.BITS - 1);
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mightHold(id: string): boolean {
    const [h1, h2] = hashes(id);
    for (let i = 0, h = h1; i < 7; i++, h = (h + h2) | 0) {
      const bit = (h >>> 0) & (IdFilter.BITS - 1);
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
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
