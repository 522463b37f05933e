import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MEMBER_REGISTER } from '../../src/membership/projections/member-register.projection.js';
import { FixedClock } from '../../src/platform/clock.js';
import { Leases } from '../../src/platform/projections/projection-lease.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { membershipRegistry, openStore, tempDir, writeMembershipHistory } from '../audit/support.js';
import { buildIfNeeded, root, startService } from '../support/service-process.js';

/**
 * `coop projections status` beside a service on the same store: it reads the projection
 * leases (the scale-out lease table in the read-model store) and says `running`, by whom and
 * until when, for a projector another process holds a live lease on; `stopped` only when none
 * does.
 */
describe('coop projections status with a service on the same store', () => {
  let dir: string;
  let data: string;
  const env = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };
  const coop = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/coop.js'), ...args, '--data-dir', data], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
  type Status = { name: string; state: string; lease: { holder: string; expiresAt: string } | null };
  const status = (): Status[] => {
    const run = coop('projections', 'status', '--json');
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as Status[];
  };
  /** The printed table's row of a projection. */
  const row = (name: string) =>
    coop('projections', 'status')
      .stdout.split('\n')
      .find((line) => line.includes(`'${name}'`)) ?? '';
  const withLeases = async <T>(work: (readModels: EmbeddedReadModelStore) => Promise<T>) => {
    const readModels = new EmbeddedReadModelStore(join(data, 'read-models.sqlite'));
    try {
      return await work(readModels);
    } finally {
      await readModels.close();
    }
  };

  beforeAll(async () => {
    buildIfNeeded();
    dir = tempDir('coop-projections-status-');
    data = join(dir, 'data');
    mkdirSync(data);
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    const store = openStore(join(data, 'events.sqlite'), membershipRegistry(), clock);
    await writeMembershipHistory(store, clock);
    await store.close();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says stopped for every projection when no process holds its lease', () => {
    const states = status();
    expect(states.length).toBeGreaterThan(3);
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['stopped']));
  });

  it('says running, held by which instance and until when, for a live lease another process took', async () => {
    const expiresAt = await withLeases(async (readModels) => {
      const lease = await new Leases(readModels, { holder: 'instance-b', ttlMs: 120_000 }).acquire(MEMBER_REGISTER);
      return new Date(lease.expiresAt).toISOString();
    });
    const states = status();
    expect(states.find((s) => s.name === MEMBER_REGISTER)).toMatchObject({
      state: 'running',
      lease: { holder: 'instance-b', expiresAt },
    });
    expect(states.filter((s) => s.name !== MEMBER_REGISTER).every((s) => s.state === 'stopped')).toBe(true);
    expect(row(MEMBER_REGISTER)).toMatch(new RegExp(`'running'.*'instance-b until ${expiresAt.replaceAll('.', '\\.')}'`));
  });

  it('says stopped again once that lease lapsed, naming its last holder', async () => {
    await withLeases((readModels) =>
      new Leases(readModels, { holder: 'instance-b', ttlMs: 1, now: () => Date.now() - 60_000 }).acquire(MEMBER_REGISTER),
    );
    expect(status().find((s) => s.name === MEMBER_REGISTER)).toMatchObject({
      state: 'stopped',
      lease: { holder: 'instance-b' },
    });
    expect(row(MEMBER_REGISTER)).toMatch(/'stopped'.*'instance-b \(lapsed\)'/);
  });

  it('says running for every projection while the built service runs on the same data directory, stopped after it', async () => {
    const service = await startService({ COOP_DATA_DIR: data, COOP_INSTANCE_ID: 'service-one' });
    try {
      await service.ready();
      // The service takes its leases as it starts its projectors.
      let states = status();
      for (let i = 0; i < 50 && states.some((s) => s.state !== 'running'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        states = status();
      }
      expect(states.map((s) => [s.name, s.state, s.lease?.holder])).toEqual(
        states.map((s) => [s.name, 'running', 'service-one']),
      );
      expect(row(MEMBER_REGISTER)).toMatch(/'running'.*'service-one until \d{4}-\d\d-\d\dT/);
    } finally {
      expect(await service.stop()).toBe(0);
    }
    // SIGTERM gives the leases up: no live lease is left.
    expect(new Set(status().map((s) => s.state))).toEqual(new Set(['stopped']));
  }, 120_000);
});
