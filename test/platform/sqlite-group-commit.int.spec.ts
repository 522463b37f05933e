import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { comparePositions } from '../../src/platform/event-store/position.js';
import { collect, counted, testRegistry } from '../support/test-events.js';

describe('embedded store: group commit', () => {
  let dir: string;
  let storage: SqliteEventStorage;
  let store: ChainedEventStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-gc-'));
    storage = new SqliteEventStorage(join(dir, 'events.sqlite'));
    store = new ChainedEventStore(storage, testRegistry(), new FixedClock('2026-01-01T00:00:00Z'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits appends that arrive together in fewer transactions, each answered only after its commit, in order', async () => {
    const before = { ...storage.stats };
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => store.append(`writer-${i}`, [counted(i)], 'no_stream')),
    );
    const appends = storage.stats.appends - before.appends;
    const commits = storage.stats.commits - before.commits;
    expect(appends).toBe(64);
    expect(commits).toBeLessThan(64);
    // Every acknowledged append is readable, and positions follow the order they were queued.
    const all = await collect(store.readAll());
    expect(all).toHaveLength(64);
    const positions = results.map((r) => r.position);
    expect([...positions].sort(comparePositions)).toEqual(positions);
  });
});
