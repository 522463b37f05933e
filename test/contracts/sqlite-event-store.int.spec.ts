import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
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
