/**
 * An insert-only index from string keys to dense row numbers 0, 1, 2…, for the long-lived
 * decider states that hold one row per entity for the life of the process (the whole
 * history's worth). Keys in the index's hexadecimal shape — a canonical lower-case UUID, or
 * 64 hex digits such as a SHA-256 digest — are kept packed as 32-bit words in one typed
 * array, with an open-addressing table of rows: 16 or 32 bytes a key plus 8 of table,
 * where a `Map<string, …>` costs well over 100 bytes a key in V8. Any other key (upper
 * case, a test's `m-1`) is kept as it is in a plain `Map`, so every string is a valid key
 * and the index behaves exactly like a map from keys to rows.
 */
export type HexKeyShape = 'uuid' | 'hex64';

const SHAPES: Record<HexKeyShape, { words: number; pattern: RegExp }> = {
  uuid: { words: 4, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
  hex64: { words: 8, pattern: /^[0-9a-f]{64}$/ },
};

const EMPTY = -1;

export class HexKeyIndex {
  private readonly words: number;
  private readonly pattern: RegExp;
  /** Row r's packed key at words [r * words, (r + 1) * words); zeros for a row kept in `other`. */
  private keys: Uint32Array;
  /** Open addressing, linear probing: a row number, or EMPTY; only packed keys' rows, at most half full. */
  private table: Int32Array;
  private rows = 0;
  private readonly other = new Map<string, number>();
  private readonly otherKeys = new Map<number, string>();
  private readonly scratch: Uint32Array;

  constructor(
    private readonly shape: HexKeyShape,
    initialRows = 256,
  ) {
    const { words, pattern } = SHAPES[shape];
    this.words = words;
    this.pattern = pattern;
    this.scratch = new Uint32Array(words);
    const rows = Math.max(16, initialRows);
    this.keys = new Uint32Array(rows * words);
    this.table = new Int32Array(tableSizeFor(rows)).fill(EMPTY);
  }

  /** How many keys the index holds (its rows are 0 … size − 1). */
  get size(): number {
    return this.rows;
  }

  /** The key's row, or −1 when the key is not in the index. */
  rowOf(key: string): number {
    if (!this.pack(key)) return this.other.get(key) ?? -1;
    const slot = this.probe(this.scratch);
    return this.table[slot] ?? EMPTY;
  }

  /** The key's row, adding it as the next row when it is new. */
  insert(key: string): number {
    if (!this.pack(key)) {
      const known = this.other.get(key);
      if (known !== undefined) return known;
      const row = this.nextRow();
      this.other.set(key, row);
      this.otherKeys.set(row, key);
      return row;
    }
    const slot = this.probe(this.scratch);
    const known = this.table[slot] ?? EMPTY;
    if (known !== EMPTY) return known;
    const row = this.nextRow();
    this.keys.set(this.scratch, row * this.words);
    if ((this.rows - this.other.size) * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.table[slot] = row;
    return row;
  }

  /** The key of a row that `insert` returned. */
  keyOf(row: number): string {
    if (row < 0 || row >= this.rows) throw new RangeError(`no row ${row} in an index of ${this.rows}`);
    const kept = this.otherKeys.get(row);
    if (kept !== undefined) return kept;
    const at = row * this.words;
    const hex = (i: number) => (this.keys[at + i] ?? 0).toString(16).padStart(8, '0');
    if (this.shape === 'hex64') {
      let key = '';
      for (let i = 0; i < this.words; i++) key += hex(i);
      return key;
    }
    const [a, b, c, d] = [hex(0), hex(1), hex(2), hex(3)];
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }

  /** Fills `scratch` with the key's words; false when the key is not in the index's shape. */
  private pack(key: string): boolean {
    if (!this.pattern.test(key)) return false;
    const s = this.scratch;
    if (this.shape === 'hex64') {
      for (let i = 0; i < 8; i++) s[i] = parseInt(key.slice(i * 8, i * 8 + 8), 16);
    } else {
      s[0] = parseInt(key.slice(0, 8), 16);
      s[1] = parseInt(key.slice(9, 13) + key.slice(14, 18), 16);
      s[2] = parseInt(key.slice(19, 23) + key.slice(24, 28), 16);
      s[3] = parseInt(key.slice(28, 36), 16);
    }
    return true;
  }

  /** The slot holding these words' row, or the empty slot where they would go. */
  private probe(words: Uint32Array, offset = 0): number {
    const mask = this.table.length - 1;
    for (let slot = hash(words, offset, this.words) & mask; ; slot = (slot + 1) & mask) {
      const row = this.table[slot] ?? EMPTY;
      if (row === EMPTY || this.sameKey(row, words, offset)) return slot;
    }
  }

  private sameKey(row: number, words: Uint32Array, offset: number): boolean {
    const at = row * this.words;
    for (let i = 0; i < this.words; i++) if (this.keys[at + i] !== words[offset + i]) return false;
    return true;
  }

  private nextRow(): number {
    const row = this.rows++;
    if (this.rows * this.words > this.keys.length) {
      const grown = new Uint32Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    return row;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size).fill(EMPTY);
    for (let row = 0; row < this.rows; row++) {
      if (this.otherKeys.has(row)) continue;
      this.table[this.probe(this.keys, row * this.words)] = row;
    }
  }
}

function tableSizeFor(rows: number): number {
  let size = 32;
  while (size < rows * 2) size *= 2;
  return size;
}

/** A 32-bit mix of all the key's words (murmur3's finaliser), so sequential ids spread too. */
function hash(words: Uint32Array, offset: number, count: number): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    h = Math.imul(h ^ (words[offset + i] ?? 0), 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
