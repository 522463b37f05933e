import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { describe, expect, it } from '@jest/globals';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-es-'));
  const storage = new SqliteEventStorage(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
  return {
    storage,
    dispose: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded event store identity', () => {
  it('is kept in the file: the same after reopening, another for another file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coop-es-id-'));
    try {
      const first = new SqliteEventStorage(join(dir, 'events.sqlite'));
      const id = await first.storeId();
      await first.close();
      const reopened = new SqliteEventStorage(join(dir, 'events.sqlite'));
      expect(await reopened.storeId()).toBe(id);
      await reopened.close();
      const other = new SqliteEventStorage(join(dir, 'other.sqlite'));
      expect(await other.storeId()).not.toBe(id);
      await other.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
