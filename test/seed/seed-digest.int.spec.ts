import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { BlindIndex } from '../../src/platform/personal-data/blind-index.js';
import { PlainPersonalDataVault } from '../../src/platform/personal-data/personal-data.js';
import { seedHistory, type SeedHistoryOptions } from '../../src/seed/history.js';
import { collect } from '../support/test-events.js';

/**
 * The seed writes what the commands would write, and the bench and several suites rely on its
 * output: the whole history of two small fixed configurations (one with governance, shares,
 * contracts and services, one of applications and admissions only, as the bench seeds) is
 * pinned by a digest of every event's id, type, stream, revision, data and metadata, in `$all`
 * order. A change to the seed, or to the product code it calls, that changes one event changes
 * the digest: update it only for a change meant to change the history. `SEED_DUMP=<file>`
 * writes the events, one JSON line each, to compare two versions line by line.
 */
describe('the seeded history, pinned', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const seeded = async (options: Omit<SeedHistoryOptions, 'events'>) => {
    const dir = mkdtempSync(join(tmpdir(), 'coop-seed-digest-'));
    dirs.push(dir);
    const registry = new EventRegistry();
    for (const context of contexts) registry.register(...context.events);
    const events = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite')),
      registry,
      new FixedClock('2026-03-01T09:00:00Z'),
    );
    try {
      const result = await seedHistory({
        events,
        vault: new PlainPersonalDataVault(),
        blindIndex: new BlindIndex(async () => Buffer.alloc(32, 3)),
        ...options,
      });
      const lines = (await collect(events.readAll())).map((e) =>
        JSON.stringify({
          id: e.id,
          type: e.type,
          stream: e.stream,
          revision: String(e.revision),
          data: e.data,
          metadata: e.metadata,
        }),
      );
      if (process.env.SEED_DUMP) writeFileSync(`${process.env.SEED_DUMP}.${options.seed}`, lines.join('\n') + '\n');
      const digest = createHash('sha256');
      for (const line of lines) digest.update(line + '\n');
      return { events: lines.length, written: result.eventsWritten, digest: digest.digest('hex') };
    } finally {
      await events.close();
    }
  };

  it('is the same events for seed 11, 60 members over 2 years, with governance, work and services', async () => {
    expect(await seeded({ members: 60, years: 2, seed: 11, batchSize: 16, governance: true })).toEqual({
      events: 2500,
      written: 2512,
      digest: '526f974b40f7de5f7115dc5a026db8e53eed1f19f96f7e73046cbf5e34e1c7fd',
    });
  });

  it('is the same events for seed 5, 120 members over 3 years, applications and admissions only', async () => {
    expect(await seeded({ members: 120, years: 3, seed: 5, batchSize: 50 })).toEqual({
      events: 242,
      written: 242,
      digest: 'c1a3e885594c55e0eb9b4cd81641972a485d110813f2d6a13ade146e41413cbe',
    });
  });
});
