import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import type { ServiceEvent } from './service-events.js';
import { unitDayDecider, type DeliveryFacts, type UnitDayCommand } from './unit-day.js';

const uuid = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const unitId = uuid('a1', 1);
const agreementId = uuid('a2', 1);
const child = (n: number) => uuid('b1', n);
const educator = (n: number) => uuid('c1', n);
const contract = (n: number) => uuid('c2', n);
const volunteer = uuid('c3', 1);

/** A delivery's free text as the events hold it: sealed (here in the plain scheme tests use). */
const note = (text: string) => ({ subject: uuid('d1', 0), scheme: 'none' as const, fields: { text } });

const facts = (overrides: Partial<DeliveryFacts> = {}, children = [1]): DeliveryFacts => ({
  unit: { childrenPerStaff: 6 },
  agreement: {
    unitId,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    budgetMinutes: 100 * 60,
    overBudget: 'refuse',
    usedMinutesElsewhere: 0,
  },
  beneficiaries: children.map((n) => ({ beneficiaryId: child(n), registered: true, erased: false, minor: true, enrolled: true })),
  operator: { personId: educator(1), inForce: true, insured: false, criminalRecordCheckedOn: '2026-01-02' },
  operatorElsewhere: [],
  ...overrides,
});

const deliver = (
  n: number,
  options: { children?: number[]; start?: string; minutes?: number; by?: 'staff' | 'volunteer'; operator?: number } = {},
  overrides: Partial<DeliveryFacts> = {},
): UnitDayCommand => {
  const children = options.children ?? [1];
  const by = options.by ?? 'staff';
  const base = facts(overrides, children);
  return {
    type: 'DeliverService',
    delivery: {
      deliveryId: uuid('d1', n),
      agreementId,
      unitId,
      beneficiaries: children.map(child),
      operator:
        by === 'staff'
          ? { kind: 'staff', contractId: contract(options.operator ?? 1) }
          : { kind: 'volunteer', volunteerId: volunteer },
      date: '2026-03-02',
      start: options.start ?? '08:00',
      minutes: options.minutes ?? 240,
      activity: note('attività educative'),
    },
    facts: {
      ...base,
      operator:
        overrides.operator !== undefined
          ? overrides.operator
          : by === 'staff'
            ? { ...base.operator!, personId: educator(options.operator ?? 1) }
            : { personId: uuid('c4', 1), inForce: true, insured: true, criminalRecordCheckedOn: '2026-01-02' },
    },
  };
};

/** What a command throws: a refusal, a conflict with the recorded state, an invalid field or a missing resource. */
const thrown = (command: UnitDayCommand, history: ServiceEvent[] = []): unknown => {
  try {
    given(unitDayDecider, history).when(command).events();
  } catch (error) {
    return error;
  }
  throw new Error('the command was accepted');
};

/** The event a command records: what the decider returns for it on an empty day. */
const recorded = (command: UnitDayCommand, history: ServiceEvent[] = []) => given(unitDayDecider, history).when(command).events();

describe('services: deliveries of a unit on a day', () => {
  it('records a delivery with its minors, its operator as a person, and whether it is professional time', () =>
    expect(recorded(deliver(1, { children: [1, 2] }))).toEqual([
      {
        type: 'ServiceDelivered',
        data: expect.objectContaining({
          beneficiaries: [child(1), child(2)],
          minors: [child(1), child(2)],
          operatorPersonId: educator(1),
          professional: true,
          overBudget: false,
        }),
      },
    ]));

  it('S1 refuses an operator whose contract is not in force that day, or an uninsured volunteer', () => {
    given(unitDayDecider)
      .when(
        deliver(
          1,
          {},
          { operator: { personId: educator(1), inForce: false, insured: false, criminalRecordCheckedOn: '2026-01-02' } },
        ),
      )
      .thenRefuses('S1', 'L. 142/2001 art. 1 c. 3; L. 381/1991 art. 2 c. 4');
    given(unitDayDecider)
      .when(
        deliver(
          1,
          { by: 'volunteer' },
          { operator: { personId: uuid('c4', 1), inForce: true, insured: false, criminalRecordCheckedOn: '2026-01-02' } },
        ),
      )
      .thenRefuses('S1');
  });

  it('S2 never counts a volunteer as staff or their time as professional hours', () => {
    const byVolunteer = deliver(2, { by: 'volunteer', children: [3] });
    const alone = given(unitDayDecider).when(byVolunteer);
    alone.thenRefuses('S5', 'the unit’s setting under its regional rules; L. 381/1991 art. 2 c. 5');
    const withEducator = recorded(deliver(1, { children: [1] }));
    const events = given(unitDayDecider, withEducator).when(byVolunteer).events();
    expect(events[0]!.data).toMatchObject({ professional: false, overBudget: false });
  });

  it('S3 refuses an operator in two deliveries at once, here or in another unit', () => {
    const first = recorded(deliver(1));
    given(unitDayDecider, first)
      .when(deliver(2, { start: '11:00', children: [2] }))
      .thenRefuses('S3');
    expect(
      given(unitDayDecider, first)
        .when(deliver(2, { start: '12:00', children: [2] }))
        .events(),
    ).toHaveLength(1);
    given(unitDayDecider)
      .when(deliver(1, {}, { operatorElsewhere: [{ from: 9 * 60, to: 10 * 60 }] }))
      .thenRefuses('S3');
  });

  it('S3 refuses a delivery outside the agreement’s period', () =>
    given(unitDayDecider)
      .when(deliver(1, {}, { agreement: { ...facts().agreement!, endsOn: '2026-03-01' } }))
      .thenRefuses('S3', 'the service agreement (c.c. art. 1372)'));

  it('S3 refuses professional hours beyond the budget, or records them flagged, as the agreement says', () => {
    const nearlyFull = { ...facts().agreement!, budgetMinutes: 300, usedMinutesElsewhere: 100 };
    given(unitDayDecider)
      .when(deliver(1, {}, { agreement: nearlyFull }))
      .thenRefuses('S3', 'the service agreement (c.c. art. 1372)');
    expect(recorded(deliver(1, {}, { agreement: { ...nearlyFull, overBudget: 'flag' } }))[0]!.data).toMatchObject({
      overBudget: true,
    });
    expect(recorded(deliver(1, { minutes: 200 }, { agreement: nearlyFull }))[0]!.data).toMatchObject({ overBudget: false });
  });

  it('S4 refuses a delivery to an erased beneficiary', () =>
    given(unitDayDecider)
      .when(
        deliver(
          1,
          {},
          { beneficiaries: [{ beneficiaryId: child(1), registered: true, erased: true, minor: true, enrolled: true }] },
        ),
      )
      .thenRefuses('S4', 'Reg. (UE) 2016/679 art. 17'));

  it('S5 allows six children for one educator, refuses the seventh, and counts a second educator', () => {
    const six = recorded(deliver(1, { children: [1, 2, 3, 4, 5, 6] }));
    given(unitDayDecider, six)
      .when(deliver(2, { by: 'volunteer', children: [7], start: '09:00' }))
      .thenRefuses('S5');
    expect(
      given(unitDayDecider, six)
        .when(deliver(2, { children: [7], start: '09:00', operator: 2 }))
        .events(),
    ).toHaveLength(1);
    // After the first group leaves at 12:00, one educator may take six again.
    expect(
      given(unitDayDecider, six)
        .when(deliver(3, { children: [7], start: '12:00', operator: 1 }))
        .events(),
    ).toHaveLength(1);
  });

  it('S5 counts only minors', () =>
    expect(
      given(unitDayDecider)
        .when(
          deliver(
            1,
            { children: [1, 2, 3, 4, 5, 6, 7] },
            {
              beneficiaries: [1, 2, 3, 4, 5, 6, 7].map((n) => ({
                beneficiaryId: child(n),
                registered: true,
                erased: false,
                minor: n <= 6,
                enrolled: true,
              })),
            },
          ),
        )
        .events(),
    ).toHaveLength(1));

  it('W3b refuses a delivery to minors by an operator whose criminal record was not checked by then', () =>
    given(unitDayDecider)
      .when(
        deliver(
          1,
          {},
          { operator: { personId: educator(1), inForce: true, insured: false, criminalRecordCheckedOn: '2026-03-03' } },
        ),
      )
      .thenRefuses('W3b', 'D.P.R. 313/2002 art. 25-bis'));

  it('refuses beneficiaries not enrolled in the agreement (409 NOT_ENROLLED: the recorded enrolments say no)', () =>
    expect(
      thrown(
        deliver(
          1,
          {},
          { beneficiaries: [{ beneficiaryId: child(1), registered: true, erased: false, minor: true, enrolled: false }] },
        ),
      ),
    ).toMatchObject({ name: 'StateConflict', code: 'NOT_ENROLLED' }));

  it('corrects a delivery under the same rules, and voids it once', () => {
    const first = recorded(deliver(1));
    const second = recorded(deliver(2, { start: '12:00', children: [2] }), first);
    const correct = (start: string): UnitDayCommand => ({
      type: 'CorrectDelivery',
      deliveryId: uuid('d1', 2),
      changes: { start },
      reason: note('wrong time'),
      facts: { unit: { childrenPerStaff: 6 }, agreement: facts().agreement, operatorElsewhere: [], operator: null },
    });
    given(unitDayDecider, [...first, ...second])
      .when(correct('11:00'))
      .thenRefuses('S3');
    expect(
      given(unitDayDecider, [...first, ...second])
        .when(correct('12:30'))
        .events()[0]!.type,
    ).toBe('ServiceDeliveryCorrected');
    const voided: ServiceEvent = {
      type: 'ServiceDeliveryVoided',
      data: { deliveryId: uuid('d1', 1), reason: note('recorded twice') },
    };
    expect(thrown({ type: 'VoidDelivery', deliveryId: uuid('d1', 1), reason: note('again') }, [...first, voided])).toMatchObject({
      name: 'StateConflict',
      code: 'DELIVERY_VOIDED',
    });
    // Once void, its time is free again.
    expect(
      given(unitDayDecider, [...first, voided])
        .when(deliver(3, { children: [3] }))
        .events(),
    ).toHaveLength(1);
  });

  describe('references and fields the schema cannot check', () => {
    const unknownBeneficiary = { beneficiaryId: child(2), registered: false, erased: false, minor: false, enrolled: false };
    it.each<[string, UnitDayCommand, string]>([
      ['no such unit', deliver(1, {}, { unit: null }), 'unitId'],
      ['no such agreement', deliver(1, {}, { agreement: null }), 'agreementId'],
      [
        'no such beneficiary (the second named)',
        deliver(1, { children: [1, 2] }, { beneficiaries: [facts().beneficiaries[0]!, unknownBeneficiary] }),
        'beneficiaries.1',
      ],
      ['no such contract', deliver(1, {}, { operator: null }), 'operator.contractId'],
      ['no such volunteer', deliver(1, { by: 'volunteer' }, { operator: null }), 'operator.volunteerId'],
    ])('UNKNOWN_REFERENCE: %s is a 400 on the body field, never recorded', (_, command, field) =>
      expect(thrown(command)).toMatchObject({ name: 'InvalidCommandField', code: 'UNKNOWN_REFERENCE', field }),
    );

    it('DATE_IN_FUTURE, DATE_ORDER and DUPLICATE_BENEFICIARY are invalid fields', () => {
      const future = deliver(1);
      if (future.type === 'DeliverService') future.delivery.date = '2026-03-03';
      expect(thrown(future)).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'date' });
      expect(thrown(deliver(1, { start: '23:00', minutes: 120 }))).toMatchObject({ code: 'DATE_ORDER', field: 'minutes' });
      const twice = deliver(1, { children: [1, 1] });
      expect(thrown(twice)).toMatchObject({ code: 'DUPLICATE_BENEFICIARY', field: 'beneficiaries.1' });
    });

    it('a delivery recorded already, or an agreement of another unit, clashes with the recorded state (409)', () => {
      expect(thrown(deliver(1), recorded(deliver(1)))).toMatchObject({ name: 'StateConflict', code: 'DELIVERY_EXISTS' });
      expect(thrown(deliver(1, {}, { agreement: { ...facts().agreement!, unitId: uuid('a1', 2) } }))).toMatchObject({
        name: 'StateConflict',
        code: 'AGREEMENT_UNIT',
      });
    });

    it('a correction or void of a delivery not on this unit-day is a 404', () =>
      expect(thrown({ type: 'VoidDelivery', deliveryId: uuid('d1', 9), reason: note('x') })).toMatchObject({
        name: 'NotFoundError',
        resource: 'delivery',
      }));
  });
});
