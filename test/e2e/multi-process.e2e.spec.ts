import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { unitDayStream } from '../../src/services/domain/service-events.js';
import { applicant, fiscalCodeOf } from '../support/test-app.js';
import { buildIfNeeded, root, startService, type ServiceProcess } from '../support/service-process.js';

type Answer = { status: number; body: any };

/**
 * Three built service processes on one embedded data directory stand in for three instances
 * behind a load balancer. Conflicting commands are sent at once, spread over the instances:
 * every invariant holds, every loser is refused (409 or 422), none fails (5xx), and the history
 * verifies afterwards. The dates lie in the past of any clock the processes read.
 */
describe('several service processes on one data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coop-multi-'));
  const services: ServiceProcess[] = [];
  const answers: Answer[] = [];
  let last = '0';

  /** The n-th request goes to the n-th instance, round the ring. */
  let turn = 0;
  const any = () => services[turn++ % services.length]!;
  const send = async (method: string, path: string, body?: object, via = any()) => {
    const answer = await via.request(method, path, body);
    answers.push(answer);
    if (answer.body?.position) last = answer.body.position;
    return answer;
  };
  const ok = async (path: string, body: object) => {
    const answer = await send('POST', path, body);
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** Read your writes, on any instance, whoever holds the projection's lease. */
  const read = async (path: string) => {
    const answer = await send('GET', `${path}${path.includes('?') ? '&' : '?'}after=${last}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  /**
   * Sends every request at once, then sends again, as a client does, each one that lost the
   * optimistic race on its stream (409 concurrency-conflict: the stream moved while it was
   * decided, on another instance, more often than the service retries). What is asserted is
   * each request's final answer; every answer, conflicts included, stays in `answers` for the
   * no-5xx check.
   */
  const race = async (requests: Array<() => Promise<Answer>>) => {
    const final = await Promise.all(requests.map((r) => r()));
    for (let round = 0; round < 10; round++) {
      const lost = final.flatMap((a, i) =>
        a.status === 409 && String(a.body?.type).endsWith('concurrency-conflict') ? [i] : [],
      );
      if (lost.length === 0) break;
      const again = await Promise.all(lost.map((i) => requests[i]!()));
      lost.forEach((i, k) => (final[i] = again[k]!));
    }
    return final;
  };
  const statuses = (list: Answer[]) => list.map((a) => a.status).sort();
  const rules = (list: Answer[]) => list.filter((a) => a.status === 422).map((a) => a.body.rule);
  const apply = (n: number, category = 'worker') =>
    ok('/membership/applications', { ...applicant(n, category), appliedOn: '2025-01-05' }).then((b) => b.applicationId);
  const admit = (applicationId: string, via?: ServiceProcess) =>
    send(
      'POST',
      `/membership/applications/${applicationId}/admission`,
      { boardResolutionId: 'cda-1', admittedOn: '2025-01-15' },
      via,
    );

  beforeAll(async () => {
    buildIfNeeded();
    // Started together: the first start's schema, key and bootstrap key are raced for too.
    const env = { COOP_DATA_DIR: dataDir, COOP_LEASE_TTL_MS: '3000', COOP_SEAL_INTERVAL_HOURS: '0' };
    services.push(...(await Promise.all([1, 2, 3].map(() => startService(env)))));
    await Promise.all(services.map((s) => s.ready()));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('each projector runs on one instance; the others stand by and say who holds it', async () => {
    const views = await Promise.all(services.map((s) => s.request('GET', '/projections')));
    const holders = new Map<string, Set<string>>();
    for (const view of views) {
      expect(view.status).toBe(200);
      for (const p of view.body as Array<{ name: string; state: string; lease: { holder: string; mine: boolean } }>) {
        expect(p.lease).toBeTruthy();
        if (!holders.has(p.name)) holders.set(p.name, new Set());
        holders.get(p.name)!.add(p.lease.holder);
        if (!p.lease.mine) expect(p.state).toBe('standby');
      }
    }
    for (const [, holder] of holders) expect(holder.size).toBe(1);
    // Each projector is run by exactly one of the three.
    for (const [name] of holders)
      expect(views.filter((v) => v.body.find((p: { name: string }) => p.name === name).lease.mine)).toHaveLength(1);
  });

  it('M4 and M6 hold when admissions race on three instances', async () => {
    const workers = [];
    for (let n = 0; n < 4; n++) workers.push(await apply(n));
    for (const id of workers) expect((await admit(id)).status).toBe(201);
    // Six volunteers against four workers: at most half of the members may be volunteers (M4).
    const volunteers = [];
    for (let n = 10; n < 16; n++) volunteers.push(await apply(n, 'volunteer'));
    // One person applying twice: one active membership per fiscal code (M6).
    const twice = [await apply(20), await apply(20), await apply(20)];
    const volunteerAnswers = await race(volunteers.map((id) => () => admit(id)));
    const twiceAnswers = await race(twice.map((id) => () => admit(id)));
    expect(volunteerAnswers.filter((a) => a.status === 201)).toHaveLength(4);
    expect(rules(volunteerAnswers)).toEqual(['M4', 'M4']);
    expect(statuses(twiceAnswers)).toEqual([201, 422, 422]);
    expect(rules(twiceAnswers)).toEqual(['M6', 'M6']);
    const register = await read('/membership/register?limit=100');
    expect(register.total).toBe(9);
    expect(register.items.filter((m: { category: string }) => m.category === 'volunteer')).toHaveLength(4);
    expect(register.items.map((m: { memberNumber: number }) => m.memberNumber).sort((a: number, b: number) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('G3 holds when proxies to one holder race on three instances', async () => {
    const more = [];
    for (let n = 30; n < 34; n++) more.push(await apply(n));
    for (const id of more) expect((await admit(id)).status).toBe(201);
    const register = await read('/membership/register?limit=100');
    const members: string[] = register.items.map((m: { memberId: string }) => m.memberId);
    expect(members).toHaveLength(13);
    const assembly = 'aa000000-0000-4000-8000-0000000000b1';
    await ok(`/governance/assemblies/${assembly}`, {
      kind: 'ordinary',
      firstCall: { date: '2025-06-20', place: 'sede' },
      agenda: ['bilancio 2024'],
      noticeSentOn: '2025-06-02',
    });
    const [holder, ...grantors] = members;
    const raced = await race(
      grantors.map((grantor) => () => send('POST', `/governance/assemblies/${assembly}/proxies`, { grantor, holder })),
    );
    expect(raced.filter((a) => a.status === 201)).toHaveLength(10);
    expect(rules(raced)).toEqual(['G3', 'G3']);
  });

  it('S3 holds when one educator is booked in two units at once, and an agreement’s last hour twice', async () => {
    await ok('/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2024-02-01',
      minimumMonthlyPayCents: { A1: 130_000, D1: 170_000 },
    });
    const educator = (
      await ok('/work/contracts', {
        worker: { kind: 'non_member', givenName: 'Sara', familyName: 'Neri', fiscalCode: fiscalCodeOf(500) },
        form: 'subordinate',
        level: 'D1',
        weeklyHours: 38,
        startsOn: '2025-01-07',
        grossMonthlyPayCents: 170_000,
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2025-01-02',
      })
    ).contractId;
    const unitOf = async (name: string) =>
      (await ok('/services/units', { name, kind: 'nursery', capacity: 30, childrenPerStaff: 6, openedOn: '2024-09-01' })).unitId;
    const units = [await unitOf('Nido Girasole'), await unitOf('Nido Arcobaleno')];
    const agreementOf = async (unitId: string, hoursBudget: number, cig: string) =>
      (
        await ok('/services/agreements', {
          client: { kind: 'municipality', name: 'Comune di Genova' },
          unitId,
          service: 'asilo nido',
          hoursBudget,
          startsOn: '2025-01-01',
          endsOn: '2025-12-31',
          legalForm: { kind: 'public_tender', cig },
          overBudget: 'refuse',
          signedOn: '2024-12-15',
        })
      ).agreementId;
    // The third agreement, of the second unit, has a one-hour budget: the race over days below
    // is its own, whichever unit won the race over the 09:00 slot.
    const agreements = [
      await agreementOf(units[0]!, 100, 'A1B2C3D4E5'),
      await agreementOf(units[1]!, 100, 'F6G7H8I9J0'),
      await agreementOf(units[1]!, 1, 'K1L2M3N4O5'),
    ];
    const children: string[] = [];
    for (const [k, agreementId] of agreements.slice(0, 2).entries()) {
      const child = (
        await ok('/services/beneficiaries', {
          person: { givenName: `Bimbo ${k}`, familyName: 'Bianchi' },
          ageBand: '0-2',
          registeredOn: '2025-01-05',
        })
      ).beneficiaryId;
      await ok(`/services/beneficiaries/${child}/enrolments`, { agreementId, enrolledOn: '2025-01-02' });
      children.push(child);
    }
    await ok(`/services/beneficiaries/${children[1]}/enrolments`, { agreementId: agreements[2], enrolledOn: '2025-01-02' });
    const delivery = (k: number, body: object) =>
      send('POST', '/services/deliveries', {
        agreementId: agreements[k],
        unitId: units[k],
        beneficiaries: [children[k]],
        operator: { kind: 'staff', contractId: educator },
        activity: 'accoglienza',
        ...body,
      });
    // The educator at 09:00 in both units, three requests for each, all at once: one is recorded.
    const places = await race(
      [0, 1, 2].flatMap(() => [0, 1].map((k) => () => delivery(k, { date: '2025-03-03', start: '09:00', minutes: 30 }))),
    );
    expect(statuses(places)).toEqual([201, 422, 422, 422, 422, 422]);
    expect(rules(places)).toEqual(['S3', 'S3', 'S3', 'S3', 'S3']);
    // 45 minutes on each of three days against a one-hour budget, at once: one fits.
    const days = await race(
      ['2025-03-04', '2025-03-05', '2025-03-06'].map(
        (date) => () => delivery(1, { agreementId: agreements[2], date, start: '10:00', minutes: 45 }),
      ),
    );
    expect(statuses(days)).toEqual([201, 422, 422]);
    expect(rules(days)).toEqual(['S3', 'S3']);
    const agreement = await read(`/services/agreements/${agreements[2]}`);
    expect(agreement).toMatchObject({ professionalHoursUsed: 0.8, professionalHoursLeft: 0.3 });
  });

  it('S3 sees a delivery recorded before reservations existed, when instances race to record its operator’s day and agreement first', async () => {
    // The old history is written from here, straight to the shared store, as the service wrote it then: on its unit-day alone.
    const events = new ChainedEventStore(
      new SqliteEventStorage(join(dataDir, 'events.sqlite')),
      new EventRegistry().register(...contexts.flatMap((c) => c.events)),
      new FixedClock('2025-03-10T18:00:00Z'),
    );
    try {
      const educator = (
        await ok('/work/contracts', {
          worker: { kind: 'non_member', givenName: 'Anna', familyName: 'Galli', fiscalCode: fiscalCodeOf(520) },
          form: 'subordinate',
          level: 'D1',
          weeklyHours: 38,
          startsOn: '2025-01-07',
          grossMonthlyPayCents: 170_000,
          unit: 'Nido Pettirosso',
          contactWithMinors: true,
          criminalRecordCheckedOn: '2025-01-02',
        })
      ).contractId;
      const units: string[] = [];
      const agreements: string[] = [];
      const children: string[] = [];
      for (const [k, name] of ['Nido Pettirosso', 'Nido Gabbiano'].entries()) {
        const unitId = (
          await ok('/services/units', { name, kind: 'nursery', capacity: 30, childrenPerStaff: 6, openedOn: '2024-09-01' })
        ).unitId;
        const agreementId = (
          await ok('/services/agreements', {
            client: { kind: 'municipality', name: 'Comune di Genova' },
            unitId,
            service: 'asilo nido',
            hoursBudget: k === 0 ? 2.25 : 100,
            startsOn: '2025-01-01',
            endsOn: '2025-12-31',
            legalForm: { kind: 'public_tender', cig: `P1Q2R3S4T${k}` },
            overBudget: 'refuse',
            signedOn: '2024-12-15',
          })
        ).agreementId;
        const child = (
          await ok('/services/beneficiaries', {
            person: { givenName: `Bimba ${k}`, familyName: 'Verdi' },
            ageBand: '0-2',
            registeredOn: '2025-01-05',
          })
        ).beneficiaryId;
        await ok(`/services/beneficiaries/${child}/enrolments`, { agreementId, enrolledOn: '2025-01-02' });
        units.push(unitId);
        agreements.push(agreementId);
        children.push(child);
      }
      let personId: string | undefined;
      for await (const e of events.readAll())
        if ((e.data as { contractId?: string }).contractId === educator && (e.data as { worker?: unknown }).worker)
          personId ??= (e.data as { worker: { personId: string } }).worker.personId;
      // One hour of the first agreement's 2¼, on 10 March from 08:00, before reservations.
      const oldId = randomUUID();
      await events.append(
        unitDayStream(units[0]!, '2025-03-10'),
        [
          {
            id: randomUUID(),
            type: 'ServiceDelivered',
            data: {
              deliveryId: oldId,
              agreementId: agreements[0],
              unitId: units[0],
              beneficiaries: [children[0]],
              minors: [children[0]],
              operator: { kind: 'staff', contractId: educator },
              operatorPersonId: personId,
              date: '2025-03-10',
              start: '08:00',
              minutes: 60,
              activity: { subject: oldId, scheme: 'none', fields: { text: 'accoglienza' } },
              professional: true,
              overBudget: false,
            },
            metadata: {
              actor: { keyId: 'legacy', role: 'secretary' },
              commandId: oldId,
              correlationId: oldId,
              causationId: oldId,
            },
          },
        ],
        'no_stream',
      );
      const delivery = (k: number, body: object) =>
        send('POST', '/services/deliveries', {
          agreementId: agreements[k],
          unitId: units[k],
          beneficiaries: [children[k]],
          operator: { kind: 'staff', contractId: educator },
          activity: 'accoglienza',
          ...body,
        });
      // During the older delivery, in the other unit: refused.
      const during = await delivery(1, { date: '2025-03-10', start: '08:30', minutes: 30 });
      expect([during.status, during.body.rule]).toEqual([422, 'S3']);
      // Right after it, in both units, three requests for each, at once: one is recorded, and the older slot once.
      const places = await race(
        [0, 1, 2].flatMap(() => [0, 1].map((k) => () => delivery(k, { date: '2025-03-10', start: '09:00', minutes: 30 }))),
      );
      expect(statuses(places)).toEqual([201, 422, 422, 422, 422, 422]);
      expect(rules(places)).toEqual(['S3', 'S3', 'S3', 'S3', 'S3']);
      const day = [];
      for await (const e of events.readStream(`operatorDay-${personId}-2025-03-10`)) day.push(e);
      expect(
        day.filter((e) => e.type === 'OperatorSlotReserved').map((e) => (e.data as { deliveryId: string }).deliveryId),
      ).toEqual([oldId, places.find((a) => a.status === 201)!.body.deliveryId]);
      // The first agreement: 45 minutes on each of three other days at once. Used: the older hour, and
      // the 09:00 half-hour if its unit won above (60 or 90 of 135 minutes): one fits either way.
      const days = await race(
        ['2025-03-11', '2025-03-12', '2025-03-13'].map((date) => () => delivery(0, { date, start: '10:00', minutes: 45 })),
      );
      expect(statuses(days)).toEqual([201, 422, 422]);
      expect(rules(days)).toEqual(['S3', 'S3']);
    } finally {
      await events.close();
    }
  });

  it('W3 holds when contracts at the pay-ratio edge race on three instances', async () => {
    const contract = (n: number, level: string, pay: number) =>
      send('POST', '/work/contracts', {
        worker: { kind: 'non_member', givenName: `Persona ${n}`, familyName: 'Blu', fiscalCode: fiscalCodeOf(600 + n) },
        form: 'subordinate',
        level,
        weeklyHours: 38,
        startsOn: '2025-02-01',
        grossMonthlyPayCents: pay,
        unit: 'Nido Girasole',
        contactWithMinors: false,
      });
    // The educator earns 170,000 a month: 8 times that fits alone, and so does 130,000 alone;
    // together they are 10.5 times apart (W3: at most 8).
    const raced = await race([
      () => contract(1, 'D1', 8 * 170_000),
      () => contract(2, 'A1', 130_000),
      () => contract(3, 'D1', 8 * 170_000),
      () => contract(4, 'A1', 130_000),
    ]);
    const recorded = raced.map((a, i) => (a.status === 201 ? i % 2 : null)).filter((k) => k !== null);
    expect(recorded).toHaveLength(2);
    expect(new Set(recorded).size).toBe(1); // the high pay or the low, never both
    expect(rules(raced)).toEqual(['W3', 'W3']);
  });

  it('G7 a board resolution’s decisions are carried out once, by whichever instance holds the process manager', async () => {
    const before = (await read('/membership/register?limit=100')).items as Array<{ memberId: string }>;
    const applications = [await apply(40), await apply(41), await apply(42)];
    await ok('/governance/board', {
      electedOn: '2025-06-25',
      termEndsOn: '2027-12-31',
      assemblyResolutionId: 'ass-2025-1',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: before[0]!.memberId, role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi', memberId: before[1]!.memberId, role: 'director' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
      ],
    });
    const meeting = '9a000000-0000-4000-8000-0000000000c1';
    await ok(`/governance/board-meetings/${meeting}`, {
      convenedOn: '2025-06-30',
      heldOn: '2025-07-03',
      place: 'sede',
      agenda: ['ammissioni'],
    });
    await ok(`/governance/board-meetings/${meeting}/attendance`, { present: ['rossi', 'bianchi', 'verdi'] });
    await ok(`/governance/board-meetings/${meeting}/resolutions`, {
      resolutionId: 'cda-2025-07-03-1',
      item: 1,
      text: 'Ammissione di tre soci',
      votes: ['rossi', 'bianchi', 'verdi'].map((directorId) => ({ directorId, vote: 'for' })),
      decides: applications.map((applicationId) => ({ kind: 'admit', applicationId, admittedOn: '2025-07-03' })),
    });
    let trail: any = { caused: [] };
    for (let i = 0; i < 200 && trail.caused.length < 3; i++) {
      trail = await read('/governance/resolutions/cda-2025-07-03-1');
      if (trail.caused.length < 3) await new Promise((r) => setTimeout(r, 50));
    }
    expect(trail.decisions.map((d: { status: string }) => d.status)).toEqual(['done', 'done', 'done']);
    expect(trail.caused.map((e: { type: string }) => e.type)).toEqual(['MemberAdmitted', 'MemberAdmitted', 'MemberAdmitted']);
    // The admissions were appended by the process manager after the test's last write: read after them.
    last = trail.caused
      .map((e: { position: string }) => e.position)
      .sort((x: string, y: string) => Number(x) - Number(y))
      .at(-1);
    const register = await read('/membership/register?limit=100');
    expect(register.total).toBe(before.length + 3);
    expect(register.items.map((m: { memberNumber: number }) => m.memberNumber).sort((x: number, y: number) => x - y)).toEqual(
      Array.from({ length: before.length + 3 }, (_, i) => i + 1),
    );
  }, 30_000);

  it('no answer was a server error, and the history verifies', async () => {
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    for (const a of answers) expect([200, 201, 409, 422]).toContain(a.status);
    const output = execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'audit', 'verify', '--json'], {
      env: { ...process.env, COOP_DATA_DIR: dataDir, EVENTSTORE_URL: '', MONGODB_URL: '', LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    const report = JSON.parse(output.slice(output.indexOf('{')));
    expect(report).toMatchObject({ ok: true, breaks: 0 });
  }, 30_000);
});
