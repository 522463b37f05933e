import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePersonalKeyStore } from '../../src/platform/personal-data/sqlite-key-store.js';
import { personalKeyStoreContract } from './personal-key-store.contract.js';

personalKeyStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-keys-'));
  const file = join(dir, 'keys.sqlite');
  return {
    open: async () => new SqlitePersonalKeyStore(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
