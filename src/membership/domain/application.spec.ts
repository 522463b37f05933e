import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { EventRegistry } from '../../platform/event-store/event-registry.js';
import { applicationDecider } from './application.js';
import { isValidEntityFiscalCode, isValidPersonFiscalCode } from '../../shared-kernel/fiscal-code.js';
import { MembershipApplied, membershipEvents } from './membership-events.js';
import { applied } from '../../../test/support/membership-history.js';

describe('a membership application', () => {
  it('is recorded as MembershipApplied', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied(1) })
      .then([{ type: 'MembershipApplied', data: applied(1) }]));

  it('cannot be dated after today', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied(1, { appliedOn: '2026-03-03' }) })
      .thenInvalid('appliedOn', 'DATE_IN_FUTURE'));

  it('in the legal-person category must come from a legal person', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied(1, { category: 'legal_person' }) })
      .thenRefuses('LEGAL_PERSON_CATEGORY', 'L. 381/1991 art. 11'));

  it('M6 refuses the application of a person who is an active member', () =>
    given(applicationDecider)
      .when({ type: 'ApplyForMembership', data: applied(1), activeMemberWithFiscalCode: 'member-7' })
      .thenRefuses('M6', 'c.c. art. 2527 c. 1'));

  it('is made once', () =>
    given(applicationDecider, [{ type: 'MembershipApplied', data: applied(1) }])
      .when({ type: 'ApplyForMembership', data: applied(1) })
      .thenConflicts('APPLICATION_EXISTS'));
});

describe('MembershipApplied schema versions', () => {
  it('lifts version 1 (a bare share count) to version 2 with the nominal value of the time', () => {
    const registry = new EventRegistry().register(...membershipEvents);
    const { requestedShares: _, ...rest } = applied(1);
    expect(registry.upcastAndValidate(MembershipApplied.type, 1, { ...rest, requestedShares: 3 })).toEqual({
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
