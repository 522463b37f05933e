import type { BlindIndex } from './blind-index.js';
import type { PersonalDataVault } from './personal-data.js';

/**
 * A search over sealed text (names, fiscal codes) without opening it: each word is folded
 * (lower case, accents off, letters and digits only) and every beginning of it, from two
 * characters, is kept as a keyed hash. A query matches when each of its words is the
 * beginning of some word of the text: "ross mar" finds "Rossi Mario", "nicolo" finds
 * "Nicolò". The hashes are of the deployment's blind index (HMAC-SHA256 under a key kept
 * outside the stores, truncated to 64 bits): without the key they name nothing, and the
 * read model that keeps them deletes them when the person is erased.
 */
export class BlindSearch {
  constructor(private readonly index: BlindIndex) {}

  /** The hashed beginnings of every word of `texts`: what a read model keeps for a person. */
  async terms(texts: readonly (string | null | undefined)[]): Promise<string[]> {
    const prefixes = new Set<string>();
    for (const word of texts.flatMap((text) => words(text ?? '')))
      for (let length = Math.min(MIN, word.length); length <= word.length; length++) prefixes.add(word.slice(0, length));
    const hash = await this.index.hasher();
    return [...prefixes].map((prefix) => term(hash, prefix));
  }

  /** The hashes a query's words must all be among, or null when the query has no word to search. */
  async query(text: string): Promise<string[] | null> {
    const query = [...new Set(words(text))];
    if (query.length === 0) return null;
    const hash = await this.index.hasher();
    return query.map((word) => term(hash, word));
  }
}

/** A word's beginning as the read model keeps it: its blind hash, cut to 64 bits. */
const term = (hash: (value: string) => string, prefix: string): string => hash(`search:${prefix}`).slice(0, 16);

/** Words are kept up to this many characters (a longer query word is cut alike). */
const MAX = 32;
/** The shortest beginning kept, so one letter does not match half the register. */
const MIN = 2;

/** Lower case, accents off, split on anything but letters and digits: "D'Amico-Zanè" → d, amico, zane. */
export function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, MAX));
}

/** What a projector may use of the personal data it indexes: opening a sealed record and hashing its words. */
export interface PersonalDataAccess {
  vault: PersonalDataVault;
  search: BlindSearch;
}
