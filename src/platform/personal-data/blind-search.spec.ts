import { describe, expect, it } from '@jest/globals';
import { BlindIndex } from './blind-index.js';
import { BlindSearch, words } from './blind-search.js';

const search = (key = 7) => new BlindSearch(new BlindIndex(async () => Buffer.alloc(32, key)));

/** Whether a query finds a text: every hash of the query among the text's. */
async function finds(text: string[], query: string, index = search()): Promise<boolean> {
  const terms = new Set(await index.terms(text));
  const wanted = await index.query(query);
  return wanted !== null && wanted.every((term) => terms.has(term));
}

describe('BlindSearch: a search over sealed names by keyed hashes of the beginnings of their words', () => {
  it('folds case, accents and punctuation into words', () => {
    expect(words("D'Amico-Zanè  Nicolò, RSSMRA80A01H501U")).toEqual(['d', 'amico', 'zane', 'nicolo', 'rssmra80a01h501u']);
  });

  it('finds a person by the beginning of each word of the query, in any order and case', async () => {
    const person = ['Zanè', 'Nicolò', 'ZNANCL80A01H501X'];
    for (const query of ['nicolo', 'ZANE', 'Zanè Nic', 'nic zan', 'znancl80', 'zn'])
      await expect(finds(person, query)).resolves.toBe(true);
  });

  it('does not find a person by a word that only sits inside one of theirs, or by a word they lack', async () => {
    const person = ['Rossi', 'Maria'];
    for (const query of ['ossi', 'rossi giulia', 'rossini', 'r']) await expect(finds(person, query)).resolves.toBe(false);
  });

  it('keeps no word in the clear: 64-bit hashes that change with the key', async () => {
    const terms = await search().terms(['Rossi']);
    expect(terms).toHaveLength(4); // ro, ros, ross, rossi
    for (const term of terms) expect(term).toMatch(/^[0-9a-f]{16}$/);
    expect(terms.join(' ')).not.toMatch(/ross/i);
    const other = await search(8).terms(['Rossi']);
    expect(other.some((term) => terms.includes(term))).toBe(false);
    await expect(finds(['Rossi'], 'rossi', search(7))).resolves.toBe(true);
  });

  it('answers null for a query with no word in it', async () => {
    await expect(search().query(' ,.- ')).resolves.toBeNull();
  });
});
