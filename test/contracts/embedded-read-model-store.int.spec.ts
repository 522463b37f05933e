import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { readModelStoreContract } from './read-model-store.contract.js';

readModelStoreContract('embedded SQLite + mingo', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-rm-'));
  const store = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded read-model store: a file of the first layout', () => {
  it('moves its documents to the rowid table when first opened, and they read and write as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coop-rm-old-'));
    const file = join(dir, 'read-models.sqlite');
    try {
      // The layout files had before: documents keyed by (collection, id), WITHOUT ROWID.
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      old.exec(
        'CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID',
      );
      const insert = old.prepare('INSERT INTO documents VALUES (?, ?, ?)');
      insert.run('members', 'b', JSON.stringify({ _id: 'b', name: 'Bruna', number: 2 }));
      insert.run('members', 'a', JSON.stringify({ _id: 'a', name: 'Anna', number: 1 }));
      insert.run('checkpoints', 'register', JSON.stringify({ _id: 'register', position: '41' }));
      old.close();

      const store = new EmbeddedReadModelStore(file);
      expect(await store.collection('members').find({}, { sort: { number: 1 } })).toEqual([
        { _id: 'a', name: 'Anna', number: 1 },
        { _id: 'b', name: 'Bruna', number: 2 },
      ]);
      expect(await store.collection('checkpoints').findOne({ _id: 'register' })).toEqual({ _id: 'register', position: '41' });
      await store.transaction(async (tx) => {
        await tx.collection('members').updateOne({ _id: 'a' }, { $set: { name: 'Anna Maria' } });
        await tx.collection('members').insertOne({ _id: 'c', name: 'Carla', number: 3 });
      });
      expect((await store.collection('members').find({}, { sort: { number: 1 } })).map((m) => m.name)).toEqual([
        'Anna Maria',
        'Bruna',
        'Carla',
      ]);
      await store.close();

      const check = new Database(file, { readonly: true });
      const sql = check.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'documents'").get()!.sql;
      const tables = check.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      check.close();
      expect(sql).not.toMatch(/WITHOUT ROWID/i);
      expect(tables.map((t) => t.name)).toEqual(['documents']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
