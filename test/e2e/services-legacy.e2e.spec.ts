import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { agreementStream, unitDayStream } from '../../src/services/domain/service-events.js';
import { operatorDayStream } from '../../src/services/domain/reservations.js';
import { SERVICE_OPERATORS, type StaffDoc } from '../../src/services/projections/operators.projection.js';
import { bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';
import { collect } from '../support/test-events.js';

/**
 * S3 over a history written before reservations existed: deliveries on their unit-days and
 * nothing on the operator's day or the agreement's reserved minutes. New deliveries through
 * the service still see them.
 */
describe('S3 over deliveries recorded before reservations existed', () => {
  let t: TestApp;
  let secretary: string;
  let educatorContract: string;
  let personId: string;
  const units: string[] = [];
  const agreements: string[] = [];
  const children: string[] = [];

  const post = async (path: string, body: object, status = 201) =>
    t.http().post(path).set(bearer(secretary)).send(body).expect(status);
  const deliver = (n: 0 | 1, body: object, status: number) =>
    post(
      '/services/deliveries',
      {
        agreementId: agreements[n],
        unitId: units[n],
        beneficiaries: [children[n]],
        operator: { kind: 'staff', contractId: educatorContract },
        activity: 'attività educative',
        ...body,
      },
      status,
    );
  /** A delivery as the service recorded it before reservations: on its unit-day alone. */
  const oldDelivery = async (date: string, start: string, minutes: number) => {
    const deliveryId = randomUUID();
    const commandId = randomUUID();
    await t.runtime.events.append(
      unitDayStream(units[0]!, date),
      [
        {
          id: randomUUID(),
          type: 'ServiceDelivered',
          data: {
            deliveryId,
            agreementId: agreements[0],
            unitId: units[0],
            beneficiaries: [children[0]],
            minors: [children[0]],
            operator: { kind: 'staff', contractId: educatorContract },
            operatorPersonId: personId,
            date,
            start,
            minutes,
            activity: { subject: deliveryId, scheme: 'none', fields: { text: 'accoglienza' } },
            professional: true,
            overBudget: false,
          },
          metadata: {
            actor: { keyId: 'legacy', role: 'secretary' },
            commandId,
            correlationId: commandId,
            causationId: commandId,
          },
        },
      ],
      'no_stream',
    );
    return deliveryId;
  };

  beforeAll(async () => {
    t = await startTestApp();
    secretary = await t.keyFor('secretary');
    await post('/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2024-02-01',
      minimumMonthlyPayCents: { D1: 170_000 },
    });
    educatorContract = (
      await post('/work/contracts', {
        worker: { kind: 'non_member', givenName: 'Sara', familyName: 'Neri', fiscalCode: fiscalCodeOf(600) },
        form: 'subordinate',
        level: 'D1',
        weeklyHours: 38,
        startsOn: '2026-01-07',
        grossMonthlyPayCents: 170_000,
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-01-02',
      })
    ).body.contractId;
    for (const [n, name] of ['Nido Girasole', 'Nido Arcobaleno'].entries()) {
      units.push(
        (await post('/services/units', { name, kind: 'nursery', capacity: 30, childrenPerStaff: 6, openedOn: '2025-09-01' })).body
          .unitId,
      );
      agreements.push(
        (
          await post('/services/agreements', {
            client: { kind: 'municipality', name: 'Comune di Genova' },
            unitId: units[n],
            service: 'asilo nido',
            hoursBudget: n === 0 ? 10 : 100,
            startsOn: '2026-01-01',
            endsOn: '2026-12-31',
            legalForm: { kind: 'public_tender', cig: `A1B2C3D4E${n}` },
            overBudget: 'refuse',
            signedOn: '2025-12-15',
          })
        ).body.agreementId,
      );
      const child = (
        await post('/services/beneficiaries', {
          person: { givenName: `Bimbo ${n}`, familyName: 'Bianchi' },
          ageBand: '0-2',
          registeredOn: '2026-01-05',
        })
      ).body.beneficiaryId;
      await post(`/services/beneficiaries/${child}/enrolments`, { agreementId: agreements[n], enrolledOn: '2026-01-02' });
      children.push(child);
    }
    expect(await t.runtime.projections.catchUp(10_000)).toBe(true);
    const staff = await (
      await t.runtime.projections.collection<StaffDoc>(SERVICE_OPERATORS, 'staff')
    ).findOne({
      _id: educatorContract,
    });
    personId = staff!.personId;
    // The old history: 4 h on 2 March from 08:00 and 5 h on 26 February, 9 of the agreement's 10 h.
    await oldDelivery('2026-03-02', '08:00', 240);
    await oldDelivery('2026-02-26', '08:00', 300);
  });
  afterAll(() => t.close());

  it('S3 refuses the educator in another unit during an older delivery, and the day records the older slot', async () => {
    const refused = await deliver(1, { date: '2026-03-02', start: '10:00', minutes: 60 }, 422);
    expect(refused.body).toMatchObject({ rule: 'S3' });
    // Refused, nothing was written on the operator's day; an adjacent hour is recorded, with the older slot first.
    await deliver(1, { date: '2026-03-02', start: '12:00', minutes: 60 }, 201);
    const day = await collect(t.runtime.events.readStream(operatorDayStream(personId, '2026-03-02')));
    expect(day.map((e) => [e.type, (e.data as { from: number }).from])).toEqual([
      ['OperatorSlotReserved', 480],
      ['OperatorSlotReserved', 720],
    ]);
  });

  it('S3 counts the agreement’s older hours against its budget', async () => {
    // 9 h of 10 used by the older deliveries: 2 more are refused, 1 fits.
    expect((await deliver(0, { date: '2026-02-27', start: '08:00', minutes: 120 }, 422)).body).toMatchObject({ rule: 'S3' });
    await deliver(0, { date: '2026-02-27', start: '08:00', minutes: 60 }, 201);
    expect((await deliver(0, { date: '2026-02-27', start: '10:00', minutes: 30 }, 422)).body).toMatchObject({ rule: 'S3' });
    const reserved = (await collect(t.runtime.events.readStream(agreementStream(agreements[0]!))))
      .filter((e) => e.type === 'AgreementHoursReserved')
      .map((e) => (e.data as { minutes: number }).minutes);
    expect(reserved.sort()).toEqual([240, 300, 60].sort());
  });
});
