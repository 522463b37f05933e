import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { LimitedQuery } from '../../src/platform/sqlite/limited-query.js';

describe('LimitedQuery: a query whose LIMIT is written into its SQL', () => {
  let db: Database.Database;
  const SQL = 'SELECT n, label FROM rows WHERE n > ? AND label <> ? ORDER BY n LIMIT ?';
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE rows (n INTEGER PRIMARY KEY, label TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO rows (n, label) VALUES (?, ?)');
    for (let n = 1; n <= 50; n++) insert.run(n, n % 7 === 0 ? 'skip' : `row ${n}`);
  });
  afterEach(() => {
    db.close();
  });

  it('answers what the same query with the limit bound answers, for every limit it is run with (past the ones it prepares too)', () => {
    const query = new LimitedQuery<[number, string], { n: number; label: string }>(db, SQL);
    const bound = db.prepare<[number, string, number], { n: number; label: string }>(SQL);
    // 0 to 20, then back: more distinct limits than it keeps statements for, each run twice.
    const limits = [...Array.from({ length: 21 }, (_, i) => i), 1000, 3, 0, 1000, 17];
    for (const limit of limits)
      for (const after of [0, 10, 45, 60]) expect(query.all(limit, after, 'skip')).toEqual(bound.all(after, 'skip', limit));
    expect(query.all(5, 10, 'skip').map((row) => row.n)).toEqual([11, 12, 13, 15, 16]);
  });

  it('gives rows as arrays (raw) or as their first column (pluck)', () => {
    expect(new LimitedQuery<[number, string], [number, string]>(db, SQL, 'raw').all(2, 0, 'skip')).toEqual([
      [1, 'row 1'],
      [2, 'row 2'],
    ]);
    expect(new LimitedQuery<[number, string], number>(db, SQL, 'pluck').all(3, 5, 'skip')).toEqual([6, 8, 9]);
  });

  it('refuses a limit that is not a whole number, and a query that does not end in LIMIT ?', () => {
    const query = new LimitedQuery<[number, string], unknown>(db, SQL);
    for (const limit of [-1, 1.5, Number.NaN, Infinity, 2 ** 60]) expect(() => query.all(limit, 0, 'skip')).toThrow(RangeError);
    expect(() => new LimitedQuery(db, 'SELECT n FROM rows LIMIT 10')).toThrow(/LIMIT \?/);
    expect(() => new LimitedQuery(db, 'SELECT n FROM rows LIMIT ? OFFSET 2')).toThrow(/LIMIT \?/);
  });
});
