import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { EventRegistry } from '../../platform/event-store/event-registry.js';
import { applicationDecider, type Application } from './application.js';
import { isValidEntityFiscalCode, isValidPersonFiscalCode } from './fiscal-code.js';
import { MembershipApplied, membershipEvents, type MembershipAppliedData, type MembershipEvent } from './membership-events.js';
import { registerDecider } from './register.js';

const applicationId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const applied = (overrides: Partial<MembershipAppliedData> = {}): MembershipAppliedData => ({
  applicationId,
  applicantKind: 'natural',
  applicant: { subject: applicationId, scheme: 'none', fields: { givenName: 'Maria', familyName: 'Rossi' } },
  category: 'worker',
  requestedShares: { count: 2, nominalValueCents: 2_500 },
  appliedOn: '2026-02-01',
  ...overrides,
});
const pending: Application = { status: 'pending', applicationId, category: 'worker', appliedOn: '2026-02-01' };
const admission = (overrides: Partial<{ memberId: string; admittedOn: string; application: Application }> = {}) => ({
  type: 'AdmitMember' as const,
  memberId: '5a7c3d2e-0000-4000-8000-000000000001',
  application: pending,
  admittedOn: '2026-03-01',
  boardResolutionId: 'board-2026-03-01-1',
  ...overrides,
});
const admitted = (n: number, id = applicationId): MembershipEvent => ({
  type: 'MemberAdmitted',
  data: {
    memberId: `5a7c3d2e-0000-4000-8000-00000000000${n}`,
    applicationId: id,
    memberNumber: n,
    category: 'worker',
    admittedOn: '2026-03-01',
    boardResolutionId: 'b',
  },
});

describe('a membership application', () => {
  it('is recorded as MembershipApplied', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied() })
      .then([{ type: 'MembershipApplied', data: applied() }]));

  it('cannot be dated after today', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied({ appliedOn: '2026-03-03' }) })
      .thenRefuses('DATE_IN_FUTURE'));

  it('in the legal-person category must come from a legal person', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied({ category: 'legal_person' }) })
      .thenRefuses('LEGAL_PERSON_CATEGORY', 'L. 381/1991 art. 11'));

  it('is made once', () =>
    given(applicationDecider, [{ type: 'MembershipApplied', data: applied() }])
      .when({ type: 'ApplyForMembership', data: applied() })
      .thenRefuses('APPLICATION_EXISTS'));
});

describe('the member register', () => {
  describe('when it is empty', () => {
    it('admits the first member with number 1', () =>
      given(registerDecider)
        .when(admission())
        .then([
          {
            type: 'MemberAdmitted',
            data: {
              memberId: '5a7c3d2e-0000-4000-8000-000000000001',
              applicationId,
              memberNumber: 1,
              category: 'worker',
              admittedOn: '2026-03-01',
              boardResolutionId: 'board-2026-03-01-1',
            },
          },
        ]));

    it('M1 refuses an admission without a pending application', () =>
      given(registerDecider)
        .when(admission({ application: { status: 'none' } }))
        .thenRefuses('M1', 'c.c. art. 2528 c. 1'));

    it('refuses an admission dated before the application', () =>
      given(registerDecider)
        .when(admission({ admittedOn: '2026-01-31' }))
        .thenRefuses('ADMISSION_BEFORE_APPLICATION'));
  });

  describe('when members have been admitted', () => {
    const history = [admitted(1, 'a1000000-0000-4000-8000-000000000001'), admitted(2, 'a1000000-0000-4000-8000-000000000002')];

    it('numbers the next member progressively', () => {
      const [event] = given(registerDecider, history).when(admission()).events();
      expect((event!.data as { memberNumber: number }).memberNumber).toBe(3);
    });

    it('M1 refuses to decide the same application twice', () =>
      given(registerDecider, [...history, admitted(3)])
        .when(admission())
        .thenRefuses('M1'));
  });
});

describe('MembershipApplied schema versions', () => {
  it('lifts version 1 (a bare share count) to version 2 with the nominal value of the time', () => {
    const registry = new EventRegistry().register(...membershipEvents);
    const { requestedShares: _, ...rest } = applied();
    const v1 = { ...rest, requestedShares: 3 };
    expect(registry.upcastAndValidate(MembershipApplied.type, 1, v1)).toEqual({
      ...rest,
      requestedShares: { count: 3, nominalValueCents: 2_500 },
    });
  });
});

describe('fiscal codes', () => {
  it('accepts valid codes and rejects a wrong check character', () => {
    expect(isValidPersonFiscalCode('RSSMRA80A01H501U')).toBe(true);
    expect(isValidPersonFiscalCode('RSSMRA80A01H501X')).toBe(false);
    expect(isValidPersonFiscalCode('RSSMRA80A01H5')).toBe(false);
    expect(isValidEntityFiscalCode('12345678903')).toBe(true);
    expect(isValidEntityFiscalCode('12345678901')).toBe(false);
  });
});
