import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { consumerGroupsContract } from './consumer-groups.contract.js';

consumerGroupsContract('embedded read models', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-cg-rm-'));
  const readModels = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
  return {
    readModels,
    dispose: async () => {
      await readModels.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
