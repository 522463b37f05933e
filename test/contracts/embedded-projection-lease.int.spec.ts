import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { projectionLeaseContract } from './projection-lease.contract.js';

projectionLeaseContract('embedded SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-rm-'));
  const opened: EmbeddedReadModelStore[] = [];
  return {
    async open(name) {
      const store = new EmbeddedReadModelStore(join(dir, `${name}.sqlite`));
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
