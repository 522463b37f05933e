import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { contexts } from '../../src/contexts.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { createRuntime } from '../../src/platform/runtime.js';
import { ASSEMBLY_BOOK, type AssemblyDoc } from '../../src/governance/projections/assembly-book.projection.js';
import { BOARD_DECISIONS, type DecisionOutcomeDoc } from '../../src/governance/projections/board-decisions.process.js';
import {
  DECISION_TRAIL,
  type MeetingDoc,
  type ResolutionDoc,
} from '../../src/governance/projections/decision-trail.projection.js';
import { replayBook } from '../../src/audit/book-replay.js';
import { addDays } from '../../src/platform/dates.js';
import type { MembershipAppliedData } from '../../src/membership/domain/membership-events.js';
import { MEMBER_REGISTER, type MemberDoc } from '../../src/membership/projections/member-register.projection.js';
import { SEED_STATUTE } from '../../src/seed/governance.js';
import { seedHistory } from '../../src/seed/history.js';
import { admissionSharesCommandId } from '../../src/membership/commands/decide-application.handler.js';
import { memberStream } from '../../src/membership/domain/membership-events.js';
import {
  SERVICE_DELIVERIES,
  type DeliveryDoc,
  type ServedDoc,
  type UnitDoc,
} from '../../src/services/projections/deliveries.projection.js';
import { payRatioOn } from '../../src/work/domain/pay.js';
import { WORK_CONTRACTS, type ContractDoc, type PayTableDoc } from '../../src/work/projections/contracts.projection.js';
import { memberOn, WORK_MEMBERS, type WorkMemberDoc } from '../../src/work/projections/work-members.projection.js';
import { collect } from '../support/test-events.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { operatorDayStream } from '../../src/services/domain/reservations.js';
import { agreementStream } from '../../src/services/domain/service-events.js';

describe('a seeded history with its governance, work contracts and services', () => {
  let t: TestApp;
  let dir: string;
  let result: Awaited<ReturnType<typeof seedHistory>>;
  let before: number;

  // Seeded as `npm run seed` does it: into a store the service is not running on, then served.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-seed-gov-'));
    const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dir }), contexts, { logger: pino({ level: 'silent' }) });
    result = await seedHistory({
      events: runtime.events,
      members: 150,
      years: 2,
      seed: 7,
      batchSize: 40,
      governance: true,
      statute: SEED_STATUTE,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
    });
    before = (await collect(runtime.events.readAll())).length;
    await runtime.close();
    t = await startTestApp({ COOP_DATA_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the statute the founding deed adopts, with who the cooperative is, before the first board is elected', async () => {
    const all = await collect(t.runtime.events.readAll());
    const adopted = all.findIndex((e) => e.type === 'StatuteSettingsAdopted');
    const elected = all.findIndex((e) => e.type === 'BoardElected');
    expect(adopted).toBeGreaterThan(-1);
    expect(adopted).toBeLessThan(elected);
    expect(all[adopted]!.data).toMatchObject({
      adoptedOn: (all[elected]!.data as { electedOn: string }).electedOn,
      settings: { ...SEED_STATUTE, shareValueCents: 2_500, minimumMembers: 9 },
    });
    const answer = await t
      .http()
      .get('/governance/statute-settings')
      .set(bearer(await t.keyFor('secretary')))
      .expect(200);
    expect(answer.body).toMatchObject({
      adopted: true,
      settings: { name: SEED_STATUTE.name, registeredOffice: SEED_STATUTE.registeredOffice },
    });
  });

  it('links every admission after the founders to the board resolution that decided it, and the process manager recognises them', async () => {
    expect(await t.runtime.projections.catchUp(30_000)).toBe(true);

    const outcomes = await (await t.runtime.projections.collection<DecisionOutcomeDoc>(BOARD_DECISIONS, 'outcomes')).find();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
    // Replayed, not written again: the process manager found its own command ids (the
    // service added only its bootstrap key and the first administrator's invitation).
    const after = await collect(t.runtime.events.readAll());
    expect(after.filter((e) => e.type !== 'ApiKeyIssued' && e.type !== 'PersonInvited')).toHaveLength(before);

    const resolutions = await (await t.runtime.projections.collection<ResolutionDoc>(DECISION_TRAIL, 'resolutions')).find();
    const caused = resolutions.reduce((n, r) => n + r.caused.length, 0);
    expect(caused).toBe(outcomes.length);
    expect(caused).toBeLessThan(result.members); // the founders came before the board

    const assemblies = await (await t.runtime.projections.collection<AssemblyDoc>(ASSEMBLY_BOOK, 'assemblies')).find();
    expect(assemblies.length).toBeGreaterThan(0);
    for (const assembly of assemblies)
      expect(assembly).toMatchObject({
        opening: { call: 'second', quorumReached: true },
        motions: [{ outcome: { adopted: expect.any(Boolean) } }],
        minutes: { minutesSha256: expect.any(String) },
      });
  });

  it('replays the seeded books by business date: the meetings held by then, in date order, whenever recorded', async () => {
    expect(await t.runtime.projections.catchUp(30_000)).toBe(true);
    const meetings = await (await t.runtime.projections.collection<MeetingDoc>(DECISION_TRAIL, 'meetings')).find();
    const days = meetings.map((m) => m.heldOn).sort();
    const asOf = days[Math.floor(days.length / 2)]!;
    // Recorded all at once, long after: selecting by recording date would replay nothing.
    const recordedOn = (await collect(t.runtime.events.readAll({ types: ['BoardMeetingConvened'] })))[0]!.metadata.recordedAt;
    expect(recordedOn.slice(0, 10) > asOf).toBe(true);

    const board = (await replayBook(t.runtime.events, 'board', asOf)) as { meetings: MeetingDoc[] };
    const held = board.meetings.map((m) => m.heldOn);
    expect(held).toEqual(days.filter((d) => d <= asOf));
    expect(held.length).toBeGreaterThan(0);

    const assemblies = await (await t.runtime.projections.collection<AssemblyDoc>(ASSEMBLY_BOOK, 'assemblies')).find();
    const lastHeld = assemblies
      .map((a) => a.opening!.heldOn)
      .sort()
      .at(-1)!;
    const replayed = (await replayBook(t.runtime.events, 'assemblies', lastHeld)) as { assemblies: AssemblyDoc[] };
    expect(replayed.assemblies.map((a) => a.opening!.heldOn)).toEqual(assemblies.map((a) => a.opening!.heldOn).sort());
    const before = (await replayBook(t.runtime.events, 'assemblies', addDays(lastHeld, -1))) as { assemblies: AssemblyDoc[] };
    expect(before.assemblies).toHaveLength(assemblies.length - 1);

    // With the vault, the names sealed in the books read as names: directors, the minutes' signatories.
    const named = (await replayBook(t.runtime.events, 'board', asOf, t.runtime.vault)) as {
      meetings: Array<{ presentDirectors: Array<{ name: string }>; resolutions: Array<{ resolution: { votes: unknown[] } }> }>;
    };
    // The first two founders by their own names (not their offices), and the director from outside.
    const [president, vice, outside] = named.meetings[0]!.presentDirectors.map((d) => d.name);
    for (const name of [president, vice]) expect(name).toMatch(/^\p{Lu}\S* .*\p{Lu}/u);
    expect([president, vice]).not.toContain('Presidente');
    expect(outside).toBe('Giovanna Ferraris');
    expect(named.meetings[0]!.resolutions[0]!.resolution.votes[0]).toMatchObject({ name: president, vote: 'for' });
    const signed = (await replayBook(t.runtime.events, 'assemblies', lastHeld, t.runtime.vault)) as {
      assemblies: Array<{ minutes: { president: string; secretary: string } }>;
    };
    expect(signed.assemblies[0]!.minutes).toMatchObject({ president, secretary: vice });
    expect(JSON.stringify(named)).not.toContain('"scheme"');

    const admissions = (await replayBook(t.runtime.events, 'admissions', asOf)) as { admissions: Array<{ admittedOn: string }> };
    const admitted = admissions.admissions.map((a) => a.admittedOn);
    expect(admitted.length).toBeGreaterThan(0);
    expect(admitted.every((d) => d <= asOf && d.startsWith(asOf.slice(0, 4)))).toBe(true);
    expect([...admitted].sort()).toEqual(admitted);
  });

  it('refuses to seed a full history into a store that already holds a cooperative, writing nothing', async () => {
    const head = await t.runtime.events.headPosition();
    await expect(
      seedHistory({
        events: t.runtime.events,
        members: 10,
        years: 1,
        seed: 8,
        governance: true,
        vault: t.runtime.vault,
        blindIndex: t.runtime.blindIndex,
      }),
    ).rejects.toThrow(/already holds a cooperative/);
    expect(await t.runtime.events.headPosition()).toBe(head);
  });

  it('gives every member the shares its application asked for, subscribed on admission and paid within a month (M5)', async () => {
    expect(await t.runtime.projections.catchUp(30_000)).toBe(true);
    const members = await (await t.runtime.projections.collection<MemberDoc>(MEMBER_REGISTER, 'members')).find();
    expect(members).toHaveLength(result.members);
    const asked = new Map(
      (await collect(t.runtime.events.readAll({ types: ['MembershipApplied'] }))).map((e) => {
        const data = e.data as MembershipAppliedData;
        return [data.applicationId, data.requestedShares];
      }),
    );
    const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    for (const member of members) {
      const requested = asked.get(member.applicationId)!;
      expect(member.shares).toEqual({
        count: requested.count,
        subscribedCents: requested.count * requested.nominalValueCents,
        paidCents: requested.count * requested.nominalValueCents,
        refundedCents: 0,
      });
      const [subscribed, paid] = member.shareMovements;
      expect(subscribed).toMatchObject({ kind: 'subscribed', date: member.admittedOn, count: requested.count });
      expect(paid).toMatchObject({ kind: 'paid', amountCents: requested.count * requested.nominalValueCents });
      expect(day(paid!.date) - day(member.admittedOn)).toBeGreaterThanOrEqual(0);
      expect(day(paid!.date) - day(member.admittedOn)).toBeLessThanOrEqual(30);
    }
    // The paid-up capital is not the same for everyone: worker, financing and legal-person members ask for more.
    expect(new Set(members.map((m) => m.shares.count)).size).toBeGreaterThan(1);
  });

  it('subscribes the shares on admission as the admission handler does: its command id, actor and correlation, caused by the MemberAdmitted', async () => {
    const admissions = await collect(t.runtime.events.readAll({ types: ['MemberAdmitted'] }));
    expect(admissions).toHaveLength(result.members);
    for (const admitted of admissions) {
      const [subscribed] = await collect(
        t.runtime.events.readStream(memberStream((admitted.data as { memberId: string }).memberId)),
      );
      expect(subscribed).toMatchObject({
        type: 'SharesSubscribed',
        metadata: {
          commandId: admissionSharesCommandId(admitted.metadata.commandId),
          actor: admitted.metadata.actor,
          correlationId: admitted.metadata.correlationId,
          causationId: admitted.id,
        },
      });
    }
  });

  it('records each board meeting as the secretariat would, one command each: convened, attended, resolved; the admissions decided name the resolution as their cause', async () => {
    const recorded = await collect(
      t.runtime.events.readAll({ types: ['BoardMeetingConvened', 'BoardMeetingHeld', 'BoardResolutionAdopted'] }),
    );
    const meetings = new Map<string, typeof recorded>();
    for (const event of recorded) meetings.set(event.stream, [...(meetings.get(event.stream) ?? []), event]);
    expect(meetings.size).toBeGreaterThan(0);
    for (const events of meetings.values()) {
      expect(events.map((e) => e.type)).toEqual(['BoardMeetingConvened', 'BoardMeetingHeld', 'BoardResolutionAdopted']);
      expect(new Set(events.map((e) => e.metadata.commandId)).size).toBe(3);
    }
    const resolutions = new Set(recorded.filter((e) => e.type === 'BoardResolutionAdopted').map((e) => e.id));
    const decided = (await collect(t.runtime.events.readAll({ types: ['MemberAdmitted'] }))).filter((e) =>
      resolutions.has(e.metadata.causationId),
    );
    expect(decided.length).toBeGreaterThan(0);
  });

  it('gives worker members contracts the workforce decider accepted, served by the work read models', async () => {
    expect(await t.runtime.projections.catchUp(30_000)).toBe(true);
    const contracts = await (await t.runtime.projections.collection<ContractDoc>(WORK_CONTRACTS, 'contracts')).find();
    expect(contracts.length).toBeGreaterThan(10);
    const members = await (await t.runtime.projections.collection<WorkMemberDoc>(WORK_MEMBERS, 'members')).find();
    const byId = new Map(members.map((m) => [m._id, m]));
    for (const contract of contracts) {
      expect(contract.worker.kind).toBe('member');
      const member = byId.get((contract.worker as { memberId: string }).memberId) ?? null;
      expect(memberOn(member, contract.terms.startsOn)).toEqual({ activeOn: true, category: 'worker' });
    }
    expect(contracts.some((c) => c.endedOn !== null)).toBe(true);
    const tables = await (await t.runtime.projections.collection<PayTableDoc>(WORK_CONTRACTS, 'payTables')).find();
    const ratio = payRatioOn(contracts, tables, '2025-12-31');
    expect(ratio.employees).toBeGreaterThan(0);
    expect(ratio.ratio).toBeLessThanOrEqual(8);
  });

  it('delivers services the services deciders accepted: units, agreements, children, deliveries within S5', async () => {
    expect(await t.runtime.projections.catchUp(30_000)).toBe(true);
    const deliveries = await (await t.runtime.projections.collection<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')).find();
    expect(deliveries.length).toBeGreaterThan(20);
    const units = await (await t.runtime.projections.collection<UnitDoc>(SERVICE_DELIVERIES, 'units')).find();
    const perStaff = new Map(units.map((u) => [u._id, u.childrenPerStaff]));
    const byUnitDay = new Map<string, DeliveryDoc[]>();
    for (const d of deliveries) byUnitDay.set(d.stream, [...(byUnitDay.get(d.stream) ?? []), d]);
    for (const day of byUnitDay.values()) {
      const children = new Set(day.flatMap((d) => d.minors)).size;
      const staff = new Set(day.filter((d) => d.professional).map((d) => d.operatorPersonId)).size;
      expect(children).toBeLessThanOrEqual(staff * perStaff.get(day[0]!.unitId)!);
    }
    const served = await (await t.runtime.projections.collection<ServedDoc>(SERVICE_DELIVERIES, 'served')).find();
    expect(served.length).toBeGreaterThan(0);
  });
  it('S3 holds for new deliveries: the seed wrote the reservations the service would, and a delivery overlapping a seeded one is refused', async () => {
    expect(await t.runtime.projections.catchUp(30_000)).toBe(true);
    const deliveries = await (await t.runtime.projections.collection<DeliveryDoc>(SERVICE_DELIVERIES, 'deliveries')).find();
    // Every seeded delivery holds its operator's slot and its agreement's minutes, as through the service.
    const slots = new Map(
      (await collect(t.runtime.events.readAll({ types: ['OperatorSlotReserved'] }))).map((e) => [
        (e.data as { deliveryId: string }).deliveryId,
        e.stream,
      ]),
    );
    const hours = new Map(
      (await collect(t.runtime.events.readAll({ types: ['AgreementHoursReserved'] }))).map((e) => [
        (e.data as { deliveryId: string }).deliveryId,
        e.stream,
      ]),
    );
    for (const d of deliveries) {
      expect(slots.get(d._id)).toBe(operatorDayStream(d.operatorPersonId, d.date));
      if (d.professional) expect(hours.get(d._id)).toBe(agreementStream(d.agreementId));
    }
    // The same educator, at the same hour, in another unit (whose agreement and children are in force that day).
    const seeded = deliveries.find(
      (d) =>
        d.professional &&
        d.date <= '2026-03-02' &&
        deliveries.some((o) => o.unitId !== d.unitId && o.date.slice(0, 4) === d.date.slice(0, 4) && o.date >= d.date),
    )!;
    const elsewhere = deliveries.find(
      (o) => o.unitId !== seeded.unitId && o.date.slice(0, 4) === seeded.date.slice(0, 4) && o.date >= seeded.date,
    )!;
    const [recorded] = (await collect(t.runtime.events.readStream(seeded.stream))).filter(
      (e) => (e.data as { deliveryId?: string }).deliveryId === seeded._id,
    );
    const operator = (recorded!.data as { operator: { kind: 'staff'; contractId: string } }).operator;
    const secretary = await t.keyFor('secretary');
    const refused = await t
      .http()
      .post('/services/deliveries')
      .set(bearer(secretary))
      .send({
        agreementId: elsewhere.agreementId,
        unitId: elsewhere.unitId,
        beneficiaries: [elsewhere.beneficiaries[0]],
        operator,
        date: seeded.date,
        start: seeded.start,
        minutes: 60,
        activity: 'attività educative',
      });
    expect(refused.body).toMatchObject({ rule: 'S3' });
    expect(refused.status).toBe(422);
  });
});
