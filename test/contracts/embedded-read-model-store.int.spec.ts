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
