import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import type { StoredRecord } from '../../src/platform/event-store/storage.js';
import { checkLink, genesisHash } from '../../src/platform/integrity/hash-chain.js';
import { collect, counted, noted, testRegistry } from '../support/test-events.js';

describe('copying a history between stores', () => {
  let dir: string;
  let source: SqliteEventStorage;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-copy-'));
    source = new SqliteEventStorage(join(dir, 'source.sqlite'));
    const store = new ChainedEventStore(source, testRegistry(), new FixedClock('2026-01-01T00:00:00Z'));
    for (let i = 0; i < 300; i++) await store.append(`stream-${i % 17}`, [counted(i), noted(`n${i}`)], 'any');
  });
  afterEach(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const comparable = (records: StoredRecord[]) => records.map(({ position: _, ...rest }) => rest);

  it('keeps ids, revisions, order, metadata and hashes, and the copy verifies', async () => {
    const target = new SqliteEventStorage(join(dir, 'target.sqlite'));
    const result = await copyHistory(source, target, { window: 64 });
    expect(result).toEqual({ read: 600, copied: 600, skipped: 0 });
    const original = await collect(source.readAll());
    const copied = await collect(target.readAll());
    expect(comparable(copied)).toEqual(comparable(original));
    const heads = new Map<string, StoredRecord>();
    for (const record of copied) {
      const previous = heads.get(record.stream);
      expect(
        checkLink(previous?.metadata.hash ?? genesisHash(record.stream), previous ? previous.revision + 1n : 0n, record),
      ).toBeUndefined();
      heads.set(record.stream, record);
    }
    await target.close();
  });

  it('resumes after an interruption without duplicating anything', async () => {
    const target = new SqliteEventStorage(join(dir, 'target.sqlite'));
    expect(await copyHistory(source, target, { limit: 250, window: 16 })).toMatchObject({ read: 250, copied: 250 });
    const resumed = await copyHistory(source, target, { window: 16 });
    expect(resumed).toEqual({ read: 600, copied: 350, skipped: 250 });
    expect(comparable(await collect(target.readAll()))).toEqual(comparable(await collect(source.readAll())));
    await target.close();
  });

  it('refuses to "resume" into a store that holds another history', async () => {
    const other = new SqliteEventStorage(join(dir, 'other.sqlite'));
    await new ChainedEventStore(other, testRegistry(), new FixedClock('2026-01-01T00:00:00Z')).append(
      'stream-0',
      [counted(999)],
      'no_stream',
    );
    await expect(copyHistory(source, other)).rejects.toThrow(/not a copy/);
    await other.close();
  });
});
