import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { given } from '../../../test/support/decider-spec.js';
import { failureOf } from '../../../test/support/failure-of.js';
import type { ContractTerms, WorkEvent } from './work-events.js';
import { workforceDecider, type WorkforceCommand } from './workforce.js';

const id = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const memberId = 'a0000000-0000-4000-8000-000000000001';

/** The CCNL for social cooperatives from 1 February 2024 (two of its levels, as DOMAIN.md quotes them). */
const ccnl: WorkEvent = {
  type: 'PayTableRecorded',
  data: {
    agreement: 'CCNL cooperative sociali 2023-2025',
    effectiveFrom: '2024-02-01',
    fullTimeWeeklyHours: 38,
    minimumMonthlyPayCents: { A1: 130_722, F2: 240_725 },
  },
};

const terms = (overrides: Partial<ContractTerms> = {}): ContractTerms => ({
  form: 'subordinate',
  level: 'A1',
  weeklyHours: 38,
  startsOn: '2026-03-01',
  endsOn: null,
  grossMonthlyPayCents: 130_722,
  unit: 'Nido Girasole',
  contactWithMinors: false,
  criminalRecordCheckedOn: null,
  ...overrides,
});

const nonMember = (n: number) => ({
  kind: 'non_member' as const,
  personId: id(100 + n),
  person: { subject: id(100 + n), scheme: 'none' as const, fields: { name: `Worker ${n}` } },
});

const sign = (contractId: string, contractTerms: ContractTerms, n = 1): WorkforceCommand => ({
  type: 'SignContract',
  contractId,
  worker: nonMember(n),
  terms: contractTerms,
  signedOn: '2026-02-20',
  boardResolutionId: null,
  member: null,
});

const signed = (contractId: string, contractTerms: ContractTerms, n = 1): WorkEvent => ({
  type: 'ContractSigned',
  data: { contractId, worker: nonMember(n), ...contractTerms, signedOn: '2026-02-20', boardResolutionId: null },
});

const signMember = (member: { activeOn: boolean; category: string | null }): WorkforceCommand => ({
  type: 'SignContract',
  contractId: id(1),
  worker: { kind: 'member', memberId },
  terms: terms(),
  signedOn: '2026-02-20',
  boardResolutionId: 'cda-2026-02-18-3',
  member,
});

describe('work: contracts and pay tables', () => {
  it('records a pay table, once per agreement and date', () => {
    given(workforceDecider)
      .when({ type: 'RecordPayTable', ...(ccnl.data as Extract<WorkEvent, { type: 'PayTableRecorded' }>['data']) })
      .then([ccnl]);
    expect(
      failureOf(
        given(workforceDecider, [ccnl]).when({
          type: 'RecordPayTable',
          ...(ccnl.data as Extract<WorkEvent, { type: 'PayTableRecorded' }>['data']),
        }).events,
      ),
    ).toEqual({ status: 409, code: 'PAY_TABLE_EXISTS' });
  });

  it('signs a subordinate contract at the minimum of its level', () =>
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms()))
      .then([signed(id(1), terms())]));

  it('W1 signs a worker member’s contract and keeps the resolution that approved it', () =>
    expect(
      given(workforceDecider, [ccnl])
        .when(signMember({ activeOn: true, category: 'worker' }))
        .events(),
    ).toEqual([
      {
        type: 'ContractSigned',
        data: {
          contractId: id(1),
          worker: { kind: 'member', memberId },
          ...terms(),
          signedOn: '2026-02-20',
          boardResolutionId: 'cda-2026-02-18-3',
        },
      },
    ]));

  it('W1 refuses a member contract for someone who is not a member on the start date', () =>
    given(workforceDecider, [ccnl])
      .when(signMember({ activeOn: false, category: null }))
      .thenRefuses('W1', 'L. 142/2001 art. 1 c. 3'));

  it('W1 refuses a member contract for a member who is not of the worker category', () =>
    given(workforceDecider, [ccnl])
      .when(signMember({ activeOn: true, category: 'volunteer' }))
      .thenRefuses('W1', 'L. 142/2001 art. 1 c. 3'));

  it('W1 allows a contract with a non-member (the statute provides it)', () =>
    expect(
      given(workforceDecider, [ccnl])
        .when(sign(id(1), terms()))
        .events(),
    ).toHaveLength(1));

  it('W2 refuses pay one cent below the minimum of the level', () =>
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms({ grossMonthlyPayCents: 130_721 })))
      .thenRefuses('W2', 'L. 142/2001 art. 3 c. 1'));

  it('W2 prorates the minimum for part-time work, rounding up to the cent', () => {
    // 130,722 × 19 / 38 = 65,361
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms({ weeklyHours: 19, grossMonthlyPayCents: 65_361 })))
      .then([signed(id(1), terms({ weeklyHours: 19, grossMonthlyPayCents: 65_361 }))]);
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms({ weeklyHours: 19, grossMonthlyPayCents: 65_360 })))
      .thenRefuses('W2');
  });

  it('W2 refuses subordinate work before any pay table is in force, or at a level the table lacks', () => {
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms({ startsOn: '2024-01-31' })))
      .thenRefuses('W2');
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms({ level: 'C1' })))
      .thenRefuses('W2');
    given(workforceDecider, [ccnl])
      .when(sign(id(1), terms({ level: null })))
      .thenRefuses('W2');
  });

  it('W2 applies the table in force on the start date, not the newest', () => {
    const raised: WorkEvent = {
      type: 'PayTableRecorded',
      data: { ...(ccnl.data as object), effectiveFrom: '2026-06-01', minimumMonthlyPayCents: { A1: 140_000 } } as never,
    };
    expect(
      given(workforceDecider, [ccnl, raised])
        .when(sign(id(1), terms()))
        .events(),
    ).toHaveLength(1);
    given(workforceDecider, [ccnl, raised])
      .when(sign(id(1), terms({ startsOn: '2026-06-01' })))
      .thenRefuses('W2');
  });

  it('W2 does not apply the collective agreement’s levels to autonomous work', () =>
    expect(
      given(workforceDecider)
        .when(sign(id(1), terms({ form: 'autonomous', level: null, grossMonthlyPayCents: 50_000 })))
        .events(),
    ).toHaveLength(1));

  it('W2 refuses an amendment that lowers pay below the minimum from its date', () =>
    given(workforceDecider, [ccnl, signed(id(1), terms())])
      .when({
        type: 'AmendContract',
        contractId: id(1),
        amendedOn: '2026-03-01',
        effectiveFrom: '2026-04-01',
        changes: { grossMonthlyPayCents: 120_000 },
      })
      .thenRefuses('W2'));

  describe('W3: the pay ratio', () => {
    const lowest = signed(id(1), terms());
    it('W3 allows a highest pay of exactly 8 times the lowest', () =>
      expect(
        given(workforceDecider, [ccnl, lowest])
          .when(sign(id(2), terms({ level: 'F2', grossMonthlyPayCents: 8 * 130_722 }), 2))
          .events(),
      ).toHaveLength(1));

    it('W3 refuses a contract that would make the highest pay more than 8 times the lowest', () =>
      given(workforceDecider, [ccnl, lowest])
        .when(sign(id(2), terms({ level: 'F2', grossMonthlyPayCents: 8 * 130_722 + 1 }), 2))
        .thenRefuses('W3', 'D.Lgs. 112/2017 art. 13 c. 1'));

    it('W3 compares full-time equivalents: a part-timer at the minimum is not low paid', () =>
      expect(
        given(workforceDecider, [ccnl, signed(id(1), terms({ weeklyHours: 19, grossMonthlyPayCents: 65_361 }))])
          .when(sign(id(2), terms({ level: 'F2', grossMonthlyPayCents: 8 * 130_722 }), 2))
          .events(),
      ).toHaveLength(1));

    it('W3 counts only contracts in force: one that ended before the start does not count', () =>
      expect(
        given(workforceDecider, [
          ccnl,
          lowest,
          { type: 'ContractEnded', data: { contractId: id(1), endedOn: '2026-03-31', reason: 'resignation' } },
        ])
          .when(sign(id(2), terms({ level: 'F2', startsOn: '2026-04-01', grossMonthlyPayCents: 9 * 130_722 }), 2))
          .events(),
      ).toHaveLength(1));

    it('W3 looks ahead: a contract starting later with low pay is compared too', () =>
      given(workforceDecider, [ccnl, signed(id(1), terms({ startsOn: '2026-05-01' }))])
        .when(sign(id(2), terms({ level: 'F2', grossMonthlyPayCents: 9 * 130_722 }), 2))
        .thenRefuses('W3'));

    it('W3 refuses a raise that breaks the ratio from its date', () =>
      given(workforceDecider, [ccnl, lowest, signed(id(2), terms({ level: 'F2', grossMonthlyPayCents: 8 * 130_722 }), 2)])
        .when({
          type: 'AmendContract',
          contractId: id(2),
          amendedOn: '2026-03-02',
          effectiveFrom: '2026-04-01',
          changes: { grossMonthlyPayCents: 8 * 130_722 + 100 },
        })
        .thenRefuses('W3'));

    it('W3 does not count autonomous work', () =>
      expect(
        given(workforceDecider, [ccnl, lowest])
          .when(sign(id(2), terms({ form: 'autonomous', level: null, grossMonthlyPayCents: 20 * 130_722 }), 2))
          .events(),
      ).toHaveLength(1));
  });

  describe('W4c: when the worker is a volunteer of the cooperative', () => {
    const spell = { volunteerId: id(70), enrolledOn: '2025-10-01', leftOn: null };
    it('W4c refuses a contract with an active volunteer (CTS art. 17 c. 5)', () => {
      given(workforceDecider, [ccnl])
        .when({ ...sign(id(1), terms()), volunteering: [spell] } as WorkforceCommand)
        .thenRefuses('W4c', 'D.Lgs. 117/2017 (CTS) art. 17 c. 5');
      given(workforceDecider, [ccnl])
        .when({
          ...sign(id(1), terms({ endsOn: '2026-12-31' })),
          volunteering: [{ ...spell, enrolledOn: '2026-06-01' }],
        } as WorkforceCommand)
        .thenRefuses('W4c');
    });
    it('W4c signs with a person whose volunteering ended before the start, or begins after the term', () => {
      given(workforceDecider, [ccnl])
        .when({ ...sign(id(1), terms()), volunteering: [{ ...spell, leftOn: '2026-02-28' }] } as WorkforceCommand)
        .then([signed(id(1), terms())]);
      given(workforceDecider, [ccnl])
        .when({
          ...sign(id(1), terms({ endsOn: '2026-05-31' })),
          volunteering: [{ ...spell, enrolledOn: '2026-06-01' }],
        } as WorkforceCommand)
        .then([signed(id(1), terms({ endsOn: '2026-05-31' }))]);
    });
  });

  describe('W3b: work with minors', () => {
    it('W3b refuses work in contact with minors without the criminal-record check', () =>
      given(workforceDecider, [ccnl])
        .when(sign(id(1), terms({ contactWithMinors: true })))
        .thenRefuses('W3b', 'D.P.R. 313/2002 art. 25-bis'));

    it('W3b refuses a check dated after the start', () =>
      given(workforceDecider, [ccnl])
        .when(sign(id(1), terms({ contactWithMinors: true, criminalRecordCheckedOn: '2026-03-02' })))
        .thenRefuses('W3b'));

    it('W3b records the date of the check', () =>
      given(workforceDecider, [ccnl])
        .when(sign(id(1), terms({ contactWithMinors: true, criminalRecordCheckedOn: '2026-02-25' })))
        .then([signed(id(1), terms({ contactWithMinors: true, criminalRecordCheckedOn: '2026-02-25' }))]));
  });

  describe('amendments and endings', () => {
    const contract = signed(id(1), terms({ endsOn: '2026-12-31' }));
    it('amends from a date and ends once', () => {
      given(workforceDecider, [ccnl, contract])
        .when({
          type: 'AmendContract',
          contractId: id(1),
          amendedOn: '2026-03-01',
          effectiveFrom: '2026-03-01',
          changes: { weeklyHours: 30, grossMonthlyPayCents: 110_000 },
        })
        .then([
          {
            type: 'ContractAmended',
            data: {
              contractId: id(1),
              amendedOn: '2026-03-01',
              effectiveFrom: '2026-03-01',
              changes: { weeklyHours: 30, grossMonthlyPayCents: 110_000 },
            },
          },
        ]);
      const ended: WorkEvent = {
        type: 'ContractEnded',
        data: { contractId: id(1), endedOn: '2026-03-01', reason: 'mutual_agreement' },
      };
      given(workforceDecider, [ccnl, contract])
        .when({ type: 'EndContract', contractId: id(1), endedOn: '2026-03-01', reason: 'mutual_agreement' })
        .then([ended]);
      expect(
        failureOf(
          given(workforceDecider, [ccnl, contract, ended]).when({
            type: 'EndContract',
            contractId: id(1),
            endedOn: '2026-03-02',
            reason: 'other',
          }).events,
        ),
      ).toEqual({ status: 409, code: 'CONTRACT_ENDED' });
    });

    it('refuses what names an unknown contract, a date before the start, or a contract signed twice', () => {
      expect(
        failureOf(
          given(workforceDecider, [ccnl]).when({ type: 'EndContract', contractId: id(9), endedOn: '2026-03-01', reason: 'other' })
            .events,
        ),
      ).toEqual({ status: 404, resource: 'contract' });
      expect(
        failureOf(
          given(workforceDecider, [ccnl, contract]).when({
            type: 'EndContract',
            contractId: id(1),
            endedOn: '2026-02-28',
            reason: 'other',
          }).events,
        ),
      ).toEqual({ status: 409, code: 'BEFORE_CONTRACT_START' });
      expect(failureOf(given(workforceDecider, [ccnl, contract]).when(sign(id(1), terms())).events)).toEqual({
        status: 409,
        code: 'CONTRACT_EXISTS',
      });
    });
  });
});

describe('W3 property: deciding pair by pair equals checking every day over everyone', () => {
  /** The oracle: on every day a contract starts, highest over lowest pay per hour among the employees in force. */
  const breaksRatio = (contracts: ContractTerms[]) =>
    contracts.some(({ startsOn: day }) => {
      const rates = contracts
        .filter((c) => c.form === 'subordinate' && c.startsOn <= day && (c.endsOn === null || c.endsOn >= day))
        .map((c) => c.grossMonthlyPayCents / c.weeklyHours);
      return rates.length > 1 && Math.max(...rates) > 8 * Math.min(...rates);
    });

  const proposal = fc
    .record({
      start: fc.integer({ min: 1, max: 28 }),
      length: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      hours: fc.integer({ min: 10, max: 38 }),
      factor: fc.double({ min: 1, max: 12, noNaN: true }),
      subordinate: fc.boolean(),
    })
    .map(({ start, length, hours, factor, subordinate }): ContractTerms => {
      const startsOn = new Date(Date.UTC(2026, 3, start)).toISOString().slice(0, 10);
      return terms({
        form: subordinate ? 'subordinate' : 'autonomous',
        level: subordinate ? 'A1' : null,
        weeklyHours: hours,
        startsOn,
        endsOn: length === null ? null : new Date(Date.UTC(2026, 3, start + length)).toISOString().slice(0, 10),
        grossMonthlyPayCents: Math.ceil(((130_722 * hours) / 38) * factor),
      });
    });

  it('W3 refuses exactly the contracts that would break the ratio on some day', () =>
    fc.assert(
      fc.property(fc.array(proposal, { minLength: 1, maxLength: 12 }), (proposals) => {
        let history: WorkEvent[] = [ccnl];
        const accepted: ContractTerms[] = [];
        proposals.forEach((t, n) => {
          const result = given(workforceDecider, history).when(sign(id(n + 1), t, n), new Date('2026-03-02T10:00:00Z'));
          if (breaksRatio([...accepted, t])) result.thenRefuses('W3');
          else {
            history = [...history, ...result.events()];
            accepted.push(t);
          }
        });
      }),
      { numRuns: 200, seed: 7 },
    ));
});
