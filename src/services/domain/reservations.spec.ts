import { describe, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { agreementHoursDecider, operatorDayDecider, type ReservationEvent } from './reservations.js';
import { S3 } from './rules.js';

const uuid = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const unit = (n: number) => uuid('a1', n);
const delivery = (n: number) => uuid('d1', n);
const date = '2026-03-02';

const reserved = (n: number, from: number, to: number, unitN = 1): ReservationEvent => ({
  type: 'OperatorSlotReserved',
  data: { deliveryId: delivery(n), unitId: unit(unitN), date, from, to },
});
const reserve = (n: number, from: number, to: number, unitN = 2) =>
  ({ type: 'ReserveOperatorSlot', deliveryId: delivery(n), unitId: unit(unitN), date, from, to }) as const;

describe('an operator’s day (operatorDay-<person>-<date>)', () => {
  describe('when the operator is in a delivery from 08:00 to 12:00 in one unit', () => {
    const morning = [reserved(1, 480, 720)];

    it('S3 refuses a slot that overlaps it in another unit', () =>
      given(operatorDayDecider, morning)
        .when(reserve(2, 600, 780))
        .thenRefuses('S3', S3));

    it('S3 reserves a slot that starts when it ends', () =>
      given(operatorDayDecider, morning)
        .when(reserve(2, 720, 780))
        .then([reserved(2, 720, 780, 2)]));

    it('S3 a correction of the same delivery replaces its slot, and the same slot again writes nothing', () => {
      given(operatorDayDecider, morning)
        .when(reserve(1, 540, 780, 1))
        .then([reserved(1, 540, 780)]);
      given(operatorDayDecider, morning)
        .when(reserve(1, 480, 720, 1))
        .then([]);
    });

    it('S3 a released slot is free again', () =>
      given(operatorDayDecider, [...morning, { type: 'OperatorSlotReleased', data: { deliveryId: delivery(1) } }])
        .when(reserve(2, 600, 780))
        .then([reserved(2, 600, 780, 2)]));
  });

  it('releases only what it holds', () =>
    given(operatorDayDecider, [])
      .when({ type: 'ReleaseOperatorSlot', deliveryId: delivery(1) })
      .then([]));
});

const signed = (overBudget: 'refuse' | 'flag'): ReservationEvent => ({
  type: 'ServiceAgreementSigned',
  data: {
    agreementId: uuid('a2', 1),
    client: { kind: 'municipality', name: 'Comune di Genova' },
    unitId: unit(1),
    service: 'asilo nido',
    hoursBudget: 10,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    legalForm: { kind: 'accreditation' },
    overBudget,
    signedOn: '2026-01-01',
  },
});
const hours = (n: number, minutes: number, overBudget = false): ReservationEvent => ({
  type: 'AgreementHoursReserved',
  data: { deliveryId: delivery(n), unitId: unit(1), date, minutes, overBudget },
});
const reserveHours = (n: number, minutes: number) =>
  ({ type: 'ReserveAgreementHours', deliveryId: delivery(n), unitId: unit(1), date, minutes }) as const;

describe('an agreement’s hours (its own stream)', () => {
  describe('when 8 of its 10 professional hours are reserved', () => {
    it('S3 refuses 3 more hours when the agreement refuses beyond the budget', () =>
      given(agreementHoursDecider, [signed('refuse'), hours(1, 480)])
        .when(reserveHours(2, 180))
        .thenRefuses('S3', S3));

    it('S3 reserves the last 2 hours', () =>
      given(agreementHoursDecider, [signed('refuse'), hours(1, 480)])
        .when(reserveHours(2, 120))
        .then([hours(2, 120)]));

    it('S3 flags 3 more hours when the agreement flags beyond the budget', () =>
      given(agreementHoursDecider, [signed('flag'), hours(1, 480)])
        .when(reserveHours(2, 180))
        .then([hours(2, 180, true)]));

    it('S3 counts a correction in place of the delivery’s earlier minutes', () =>
      given(agreementHoursDecider, [signed('refuse'), hours(1, 480)])
        .when(reserveHours(1, 600))
        .then([hours(1, 600)]));

    it('S3 released minutes are free again', () =>
      given(agreementHoursDecider, [
        signed('refuse'),
        hours(1, 480),
        { type: 'AgreementHoursReleased', data: { deliveryId: delivery(1) } },
      ])
        .when(reserveHours(2, 600))
        .then([hours(2, 600)]));
  });
});

describe('S3 over deliveries recorded before reservations existed', () => {
  const old = (n: number, from: number, to: number, unitN = 1) => ({ deliveryId: delivery(n), unitId: unit(unitN), from, to });
  const oldHours = (n: number, minutes: number, overBudget = false) => ({
    deliveryId: delivery(n),
    unitId: unit(1),
    date,
    minutes,
    overBudget,
  });

  describe('an operator’s day not written yet', () => {
    it('S3 refuses a slot that overlaps an older delivery, and writes nothing', () =>
      given(operatorDayDecider, [])
        .when({ ...reserve(2, 600, 780), existing: [old(1, 480, 720)] })
        .thenRefuses('S3', S3));

    it('S3 records the older deliveries’ slots first, in the same append, then the new one', () =>
      given(operatorDayDecider, [])
        .when({ ...reserve(2, 720, 780), existing: [old(1, 480, 720)] })
        .then([reserved(1, 480, 720), reserved(2, 720, 780, 2)]));

    it('S3 a day that has recorded a reservation holds its older deliveries already: what it is told of them is not recorded again', () =>
      given(operatorDayDecider, [reserved(1, 480, 720)])
        .when({ ...reserve(2, 720, 780), existing: [old(1, 480, 720), old(3, 600, 660)] })
        .then([reserved(2, 720, 780, 2)]));

    it('S3 a day whose only reservation was released has recorded one: the older deliveries are not carried again', () =>
      given(operatorDayDecider, [reserved(1, 480, 720), { type: 'OperatorSlotReleased', data: { deliveryId: delivery(1) } }])
        .when({ ...reserve(2, 600, 780), existing: [old(1, 480, 720)] })
        .then([reserved(2, 600, 780, 2)]));

    it('S3 a correction of an older delivery records its slot, then the corrected one', () =>
      given(operatorDayDecider, [])
        .when({ ...reserve(1, 540, 780, 1), existing: [old(1, 480, 720)] })
        .then([reserved(1, 480, 720), reserved(1, 540, 780)]));
  });

  describe('an agreement that has reserved no hours yet', () => {
    it('S3 counts the older deliveries’ professional minutes against the budget', () =>
      given(agreementHoursDecider, [signed('refuse')])
        .when({ ...reserveHours(2, 180), existing: [oldHours(1, 480)] })
        .thenRefuses('S3', S3));

    it('S3 records the older deliveries’ minutes first, then the new ones', () =>
      given(agreementHoursDecider, [signed('refuse')])
        .when({ ...reserveHours(2, 120), existing: [oldHours(1, 480)] })
        .then([hours(1, 480), hours(2, 120)]));

    it('S3 flags beyond the budget the older minutes fill', () =>
      given(agreementHoursDecider, [signed('flag')])
        .when({ ...reserveHours(2, 180), existing: [oldHours(1, 480)] })
        .then([hours(1, 480), hours(2, 180, true)]));

    it('S3 an agreement that has reserved hours holds its older deliveries already', () =>
      given(agreementHoursDecider, [signed('refuse'), hours(1, 480)])
        .when({ ...reserveHours(2, 120), existing: [oldHours(1, 480), oldHours(3, 300)] })
        .then([hours(2, 120)]));
  });
});
