import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalCheckpointer } from '../../src/platform/sqlite/wal-checkpointer.js';
import { waitUntil } from '../support/wait.js';

describe('WAL checkpoints in a worker thread', () => {
  let dir: string;
  let writer: Database.Database;
  const open = (file: string) => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS rows (n INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    return db;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-checkpoint-'));
  });
  afterEach(() => {
    if (writer?.open) writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the log into the database while the writer never checkpoints, and stops cleanly', async () => {
    const file = join(dir, 'db.sqlite');
    writer = open(file);
    const checkpointer = new WalCheckpointer(writer, file, 10);
    // Left to itself, the writer would checkpoint only past 10,000 pages of log.
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const before = statSync(file).size;
    const insert = writer.prepare('INSERT INTO rows (body) VALUES (?)');
    writer.transaction(() => {
      for (let n = 0; n < 600; n++) insert.run('x'.repeat(4_000));
    })();
    // ~2.4 MB committed to the log; the database file grows only when a checkpoint copies it.
    await waitUntil(() => statSync(file).size > before + 2_000_000, 10_000);
    await checkpointer.stop();
    expect(writer.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 600 });
  });

  it('lets a process with nothing else to do close its stores and exit', () => {
    // The thread is unreferenced while it runs; closing must still wait for it, and then end.
    const root = new URL('../../', import.meta.url).pathname;
    execFileSync(process.execPath, [join(root, 'scripts/build-if-needed.js')], { stdio: 'ignore' });
    const script = `
      import { SqliteEventStorage } from ${JSON.stringify(join(root, 'dist/platform/event-store/sqlite/sqlite-event-storage.js'))};
      import { EmbeddedReadModelStore } from ${JSON.stringify(join(root, 'dist/platform/read-models/embedded/embedded-read-model-store.js'))};
      const events = new SqliteEventStorage(${JSON.stringify(join(dir, 'events.sqlite'))});
      const readModels = new EmbeddedReadModelStore(${JSON.stringify(join(dir, 'read-models.sqlite'))});
      await events.close();
      await readModels.close();
      console.log('closed');
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(output.trim()).toBe('closed');
  });

  it('gives checkpointing back to the writer when its thread cannot work', async () => {
    writer = open(join(dir, 'db.sqlite'));
    // A file in a directory that does not exist: the thread's connection fails and it ends.
    const checkpointer = new WalCheckpointer(writer, join(dir, 'missing', 'db.sqlite'), 10);
    await waitUntil(() => writer.pragma('wal_autocheckpoint', { simple: true }) === 1_000, 10_000);
    await checkpointer.stop();
  });
});
