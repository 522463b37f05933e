/** SQLite's order of TEXT keys, in JavaScript. */

/**
 * SQLite's order of TEXT keys (memcmp of UTF-8): the same as JavaScript's comparison of UTF-16
 * code units except between a surrogate pair and a code unit above it (U+E000 to U+FFFF).
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates (U+D800–DFFF, the start of a code point above U+FFFF) rank above U+E000–FFFF. */
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);
