import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  membershipEvents,
  applicationStream,
  memberStream,
  REGISTER_STREAM,
  type MemberCategory,
  type MembershipEvent,
} from '../../src/membership/domain/membership-events.js';
import {
  memberRegisterProjector,
  MEMBER_REGISTER,
  type MemberDoc,
} from '../../src/membership/projections/member-register.projection.js';
import { registerLine } from '../../src/membership/projections/register-queries.js';
import { replayRegisterAsOf } from '../../src/membership/projections/register-replay.js';
import { FixedClock } from '../../src/platform/clock.js';
import { addDays } from '../../src/platform/dates.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import type { NewEvent } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { deterministicId } from '../../src/platform/ids.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { collect } from '../support/test-events.js';

const MEMBERS = 10_000;
const START = '2021-01-04';

/** A seeded generator of five years of a cooperative's register: admissions, category changes, shares, exits. */
function history(seed: number) {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const categories: MemberCategory[] = ['worker', 'worker', 'worker', 'user', 'volunteer', 'financing'];
  const applications: Array<[string, MembershipEvent]> = [];
  const register: Array<{ date: string; event: MembershipEvent }> = [];
  const shares: Array<[string, MembershipEvent]> = [];
  for (let i = 1; i <= MEMBERS; i++) {
    const applicationId = deterministicId('app', String(i));
    const memberId = deterministicId('member', String(i));
    const category = categories[Math.floor(random() * categories.length)]!;
    const appliedOn = addDays(START, Math.floor((i / MEMBERS) * 1_700));
    const admittedOn = addDays(appliedOn, 5 + Math.floor(random() * 40));
    applications.push([
      applicationStream(applicationId),
      {
        type: 'MembershipApplied',
        data: {
          applicationId,
          applicantKind: 'natural',
          applicant: { subject: applicationId, scheme: 'none', fields: { familyName: `F${i}` } },
          category,
          requestedShares: { count: 1, nominalValueCents: 2_500 },
          appliedOn,
        },
      },
    ]);
    register.push({
      date: admittedOn,
      event: {
        type: 'MemberAdmitted',
        data: {
          memberId,
          applicationId,
          memberNumber: i,
          category,
          admittedOn,
          boardResolutionId: `cda-${admittedOn}`,
          fiscalCodeIndex: i.toString(16).padStart(64, '0'),
        },
      },
    });
    const subscribedOn = addDays(admittedOn, 1);
    const count = 1 + Math.floor(random() * 8);
    shares.push([
      memberStream(memberId),
      { type: 'SharesSubscribed', data: { memberId, count, nominalValueCents: 2_500, subscribedOn } },
    ]);
    shares.push([
      memberStream(memberId),
      {
        type: 'SharesPaid',
        data: { memberId, amountCents: count * 2_500, paidOn: addDays(subscribedOn, Math.floor(random() * 90)) },
      },
    ]);
    let since = admittedOn;
    if (random() < 0.15) {
      since = addDays(admittedOn, 30 + Math.floor(random() * 300));
      const to: MemberCategory = category === 'worker' ? 'user' : 'worker';
      register.push({
        date: since,
        event: {
          type: 'MemberCategoryChanged',
          data: { memberId, from: category, to, boardResolutionId: `cda-${since}`, changedOn: since },
        },
      });
    }
    if (random() < 0.25) {
      const endedOn = addDays(since, 10 + Math.floor(random() * 500));
      register.push({
        date: endedOn,
        event: { type: 'MembershipEnded', data: { memberId, endedOn, cause: random() < 0.8 ? 'withdrawal' : 'death' } },
      });
    }
  }
  register.sort((a, b) => a.date.localeCompare(b.date));
  return { applications, register: register.map((r) => r.event), shares };
}

describe('the register as of a date (10,000 members over five years)', () => {
  let dir: string;
  let events: ChainedEventStore;
  let readModels: EmbeddedReadModelStore;
  let runner: ProjectionRunner;
  let recorded: MembershipEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-asof-'));
    events = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite')),
      new EventRegistry().register(...membershipEvents),
      new FixedClock('2026-01-31T12:00:00Z'),
    );
    const generated = history(20_260_301);
    const envelope = (event: MembershipEvent, n: number): NewEvent => ({
      id: deterministicId('asof', String(n)),
      type: event.type,
      data: event.data,
      metadata: { actor: { keyId: 'test', role: 'secretary' }, commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}` },
    });
    let n = 0;
    for (let i = 0; i < generated.applications.length; i += 500)
      await Promise.all(
        generated.applications
          .slice(i, i + 500)
          .map(([stream, event]) => events.append(stream, [envelope(event, n++)], 'no_stream')),
      );
    for (let i = 0; i < generated.register.length; i += 1_000)
      await events.append(
        REGISTER_STREAM,
        generated.register.slice(i, i + 1_000).map((e) => envelope(e, n++)),
        i === 0 ? 'no_stream' : BigInt(i - 1),
      );
    for (let i = 0; i < generated.shares.length; i += 500)
      await Promise.all(
        generated.shares.slice(i, i + 500).map(([stream, event]) => events.append(stream, [envelope(event, n++)], 'any')),
      );
    readModels = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(events, readModels, [memberRegisterProjector], { batchSize: 2_000 });
    await runner.start();
    expect(await runner.catchUp(120_000)).toBe(true);
    recorded = (await collect(events.readAll())).map((e) => ({ type: e.type, data: e.data }) as MembershipEvent);
  }, 300_000);

  afterAll(async () => {
    await runner?.stop();
    await readModels?.close();
    await events?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['2021-03-31', '2022-06-30', '2023-12-31', '2025-02-14', '2026-01-31'])(
    'as of %s equals a replay of the history up to that date',
    async (asOf) => {
      const docs = await (await runner.collection<MemberDoc>(MEMBER_REGISTER, 'members')).find({}, { sort: { memberNumber: 1 } });
      const fromReadModel = docs.map((doc) => registerLine(doc, asOf)).filter((line) => line !== null);
      const fromReplay = replayRegisterAsOf(recorded, asOf);
      expect(fromReadModel.length).toBeGreaterThan(0);
      expect(fromReadModel).toEqual(fromReplay);
    },
  );

  it('has the whole generated register', async () => {
    const members = await runner.collection<MemberDoc>(MEMBER_REGISTER, 'members');
    expect(await members.count()).toBe(MEMBERS);
  });
});
