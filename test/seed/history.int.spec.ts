import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidEntityFiscalCode, isValidPersonFiscalCode } from '../../src/shared-kernel/fiscal-code.js';
import { membershipEvents, type MembershipAppliedData } from '../../src/membership/domain/membership-events.js';
import { memberRegisterProjector, type MemberDoc } from '../../src/membership/projections/member-register.projection.js';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { seedHistory } from '../../src/seed/history.js';
import { omocode } from '../../src/seed/italian.js';
import { collect } from '../support/test-events.js';

describe('seeded history', () => {
  const dirs: string[] = [];
  const closers: Array<() => Promise<void>> = [];

  const openStore = () => {
    const dir = mkdtempSync(join(tmpdir(), 'coop-seed-'));
    dirs.push(dir);
    const events = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite'), { pollIntervalMs: 20 }),
      new EventRegistry().register(...membershipEvents),
      new FixedClock('2026-03-01T09:00:00Z'),
    );
    closers.push(() => events.close());
    return { dir, events };
  };

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is the same history for the same seed, and the register numbers its 200 members 1..200', async () => {
    const a = openStore();
    const b = openStore();
    const options = { members: 200, years: 3, seed: 42, until: '2026-01-01', batchSize: 64 };
    const resultA = await seedHistory({ events: a.events, ...options });
    const resultB = await seedHistory({ events: b.events, ...options });
    expect(resultA).toMatchObject({
      members: 200,
      pendingApplications: 4,
      eventsWritten: 404,
      firstMemberNumber: 1,
      lastMemberNumber: 200,
    });
    expect(resultB).toEqual(resultA);

    const eventsA = await collect(a.events.readAll());
    const eventsB = await collect(b.events.readAll());
    const shape = (e: (typeof eventsA)[number]) => ({ id: e.id, type: e.type, stream: e.stream, data: e.data });
    expect(eventsA).toHaveLength(404);
    expect(eventsA.map(shape)).toEqual(eventsB.map(shape));

    // Valid, realistic and never dated on or after `until`.
    const applied = eventsA.filter((e) => e.type === 'MembershipApplied').map((e) => e.data as MembershipAppliedData);
    expect(applied).toHaveLength(204);
    for (const data of applied) {
      expect(data.appliedOn < '2026-01-01' && data.appliedOn >= '2022-11-01').toBe(true);
      const code = String(data.applicant.fields?.fiscalCode);
      expect(data.applicantKind === 'legal' ? isValidEntityFiscalCode(code) : isValidPersonFiscalCode(code)).toBe(true);
    }
    const volunteers = applied.filter((d) => d.category === 'volunteer').length / applied.length;
    expect(volunteers).toBeGreaterThan(0.05);
    expect(volunteers).toBeLessThan(0.4);

    // A different seed is a different history.
    const c = openStore();
    await seedHistory({ events: c.events, ...options, seed: 43 });
    const eventsC = await collect(c.events.readAll());
    expect(eventsC.map((e) => e.id)).not.toEqual(eventsA.map((e) => e.id));

    const readModels = new EmbeddedReadModelStore(join(a.dir, 'read-models.sqlite'));
    const runner = new ProjectionRunner(a.events, readModels, [memberRegisterProjector], {
      batchSize: 100,
      pollIntervalMs: 20,
      onAppend: (listener) => a.events.onAppend(listener),
    });
    closers.push(
      () => readModels.close(),
      () => runner.stop(),
    );
    await runner.start();
    expect(await runner.catchUp(5_000)).toBe(true);
    const members = await (
      await runner.collection<MemberDoc>('member-register', 'members')
    ).find({}, { sort: { memberNumber: 1 } });
    expect(members.map((m) => m.memberNumber)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const admittedOn = members.map((m) => m.admittedOn);
    expect([...admittedOn].sort()).toEqual(admittedOn);
    const pending = await (await runner.collection('member-register', 'applications')).count({ status: 'pending' });
    expect(pending).toBe(4);
  });

  it('gives two people whose data coincide distinct, valid codes (omocodia)', () => {
    const variants = [1, 2, 3, 4, 5, 6, 7].map((level) => omocode('RSSMRA80A01H501U', level));
    expect(new Set(variants).size).toBe(7);
    for (const code of variants) expect(isValidPersonFiscalCode(code)).toBe(true);
    expect(variants[6]).toMatch(/^RSSMRAULALMHRLM[A-Z]$/);
  });

  it('continues the register of a store that already has members, and refuses the same seed twice', async () => {
    const { events } = openStore();
    await seedHistory({ events, members: 30, seed: 1, years: 1 });
    const second = await seedHistory({ events, members: 20, seed: 2, years: 1 });
    expect(second).toMatchObject({ firstMemberNumber: 31, lastMemberNumber: 50 });
    await expect(seedHistory({ events, members: 5, seed: 1, years: 1 })).rejects.toThrow(/already holds the history of seed 1/);
  });
});
