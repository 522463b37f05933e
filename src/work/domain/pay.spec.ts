import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { belowMinimumOn, payTableOn, type ContractHistory, type PayTable } from './pay.js';
import type { ContractTerms, WorkEvent } from './work-events.js';
import { workforceDecider, type WorkforceCommand } from './workforce.js';

const social: PayTable = {
  agreement: 'CCNL cooperative sociali',
  effectiveFrom: '2024-02-01',
  fullTimeWeeklyHours: 38,
  minimumMonthlyPayCents: { A1: 130_722 },
};
const raised: PayTable = { ...social, effectiveFrom: '2026-04-01', minimumMonthlyPayCents: { A1: 140_000 } };
const other: PayTable = {
  agreement: 'CCNL sanità privata',
  effectiveFrom: '2025-01-01',
  fullTimeWeeklyHours: 36,
  minimumMonthlyPayCents: { A1: 150_000 },
};
const terms = (overrides: Partial<ContractTerms> = {}): ContractTerms => ({
  form: 'subordinate',
  level: 'A1',
  weeklyHours: 38,
  startsOn: '2026-03-01',
  endsOn: null,
  grossMonthlyPayCents: 131_000,
  unit: 'Nido',
  contactWithMinors: false,
  criminalRecordCheckedOn: null,
  ...overrides,
});
const contract = (t: ContractTerms, amendments: ContractHistory['amendments'] = []): ContractHistory => ({
  contractId: 'c0000000-0000-4000-8000-000000000001',
  terms: t,
  amendments,
  endedOn: null,
});
const tableRecorded = (table: PayTable): WorkEvent => ({ type: 'PayTableRecorded', data: table });
const worker = {
  kind: 'non_member' as const,
  personId: 'c0000000-0000-4000-8000-000000000009',
  person: { subject: 'c0000000-0000-4000-8000-000000000009', scheme: 'none' as const },
};
const sign = (t: ContractTerms): WorkforceCommand => ({
  type: 'SignContract',
  contractId: 'c0000000-0000-4000-8000-000000000001',
  worker,
  terms: t,
  signedOn: '2026-02-20',
  boardResolutionId: null,
  member: null,
});

describe('W2: a pay table per collective agreement', () => {
  it('W2 chooses the table by the contract’s agreement and the date; another CCNL’s table does not override it', () => {
    expect(payTableOn([social, other], '2026-03-01', social.agreement)).toBe(social);
    expect(payTableOn([social, other], '2026-03-01', other.agreement)).toBe(other);
    expect(payTableOn([social, other], '2026-03-01')).toBe(social);
    expect(payTableOn([social, other, raised], '2026-04-01', social.agreement)).toBe(raised);
  });

  it('W2 signs at the minimum of the contract’s own agreement, though a later CCNL’s table is higher', () => {
    const signed: WorkEvent = {
      type: 'ContractSigned',
      data: {
        contractId: 'c0000000-0000-4000-8000-000000000001',
        worker,
        ...terms(),
        signedOn: '2026-02-20',
        boardResolutionId: null,
      },
    };
    given(workforceDecider, [tableRecorded(social), tableRecorded(other)])
      .when(sign(terms()))
      .then([signed]);
    given(workforceDecider, [tableRecorded(social), tableRecorded(other)])
      .when(sign(terms({ agreement: other.agreement })))
      .thenRefuses('W2', 'L. 142/2001 art. 3 c. 1');
  });
});

describe('W2: a raised minimum reaches the contracts in force', () => {
  it('W2 reports a contract below its level’s new minimum from the new table’s date, until it is amended', () => {
    const tables = [social, other, raised];
    expect(belowMinimumOn(contract(terms()), tables, '2026-03-31')).toBeNull();
    expect(belowMinimumOn(contract(terms()), tables, '2026-04-01')).toMatchObject({
      agreement: social.agreement,
      tableEffectiveFrom: '2026-04-01',
      minimumCents: 140_000,
      grossMonthlyPayCents: 131_000,
    });
    const amended = contract(terms(), [{ effectiveFrom: '2026-04-10', changes: { grossMonthlyPayCents: 140_000 } }]);
    expect(belowMinimumOn(amended, tables, '2026-04-09')).not.toBeNull();
    expect(belowMinimumOn(amended, tables, '2026-04-10')).toBeNull();
  });

  it('W2 does not report a contract of one agreement against another’s higher table', () =>
    expect(belowMinimumOn(contract(terms()), [social, other], '2026-06-01')).toBeNull());
});
