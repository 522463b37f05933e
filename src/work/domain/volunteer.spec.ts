import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { failureOf } from '../../../test/support/failure-of.js';
import type { VolunteerEvent } from './volunteer-events.js';
import { volunteerDecider, type VolunteerCommand } from './volunteer.js';

const volunteerId = 'e0000000-0000-4000-8000-000000000001';
const activityId = (n: number) => `e1000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const reimbursementId = 'e2000000-0000-4000-8000-000000000001';
const memberId = 'a0000000-0000-4000-8000-000000000001';
const person = {
  kind: 'non_member' as const,
  personId: 'e3000000-0000-4000-8000-000000000001',
  person: { subject: 'p', scheme: 'none' as const, fields: {} },
};

const enroll = (overrides: Partial<Extract<VolunteerCommand, { type: 'EnrollVolunteer' }>> = {}): VolunteerCommand => ({
  type: 'EnrollVolunteer',
  volunteerId,
  volunteer: person,
  enrolledOn: '2026-02-01',
  unit: 'Centro estivo',
  contactWithMinors: true,
  criminalRecordCheckedOn: '2026-01-25',
  member: null,
  paidWork: [],
  ...overrides,
});
const enrolled: VolunteerEvent = {
  type: 'VolunteerEnrolled',
  data: {
    volunteerId,
    volunteer: person,
    enrolledOn: '2026-02-01',
    unit: 'Centro estivo',
    contactWithMinors: true,
    criminalRecordCheckedOn: '2026-01-25',
  },
};
const insured: VolunteerEvent = {
  type: 'VolunteerInsured',
  data: {
    volunteerId,
    insurer: 'Mutua',
    policy: { subject: 'p', scheme: 'none', fields: { policyNumber: 'RC-1' } },
    coveredFrom: '2026-02-10',
    coveredUntil: '2026-12-31',
  },
};
const log = (date: string, n = 1): VolunteerCommand => ({
  type: 'LogVolunteerActivity',
  volunteerId,
  activityId: activityId(n),
  date,
  minutes: 120,
  unit: 'Centro estivo',
  activity: 'laboratorio di lettura',
});
const logged = (date: string, n = 1): VolunteerEvent => ({
  type: 'VolunteerActivityLogged',
  data: { volunteerId, activityId: activityId(n), date, minutes: 120, unit: 'Centro estivo', activity: 'laboratorio di lettura' },
});
const expense = (date: string, documentRef = 'scontrino-1') => ({
  date,
  amountCents: 350,
  documentRef,
  details: { subject: 'p', scheme: 'none' as const, fields: { description: 'bus ticket' } },
});
const reimburse = (...expenses: ReturnType<typeof expense>[]): VolunteerCommand => ({
  type: 'ReimburseVolunteerExpenses',
  volunteerId,
  reimbursementId,
  paidOn: '2026-03-01',
  expenses,
});

describe('work: volunteers', () => {
  it('enrols a non-member volunteer with the criminal-record check of work with minors', () =>
    given(volunteerDecider).when(enroll()).then([enrolled]));

  it('W3b refuses a volunteer with minors without the criminal-record check, or checked after the start', () => {
    given(volunteerDecider)
      .when(enroll({ criminalRecordCheckedOn: null }))
      .thenRefuses('W3b', 'D.P.R. 313/2002 art. 25-bis');
    given(volunteerDecider)
      .when(enroll({ criminalRecordCheckedOn: '2026-02-02' }))
      .thenRefuses('W3b');
  });

  describe('when the person has a contract with the cooperative', () => {
    const contract = { contractId: 'c0000000-0000-4000-8000-000000000001', startsOn: '2025-09-01', until: null };
    it('W4c refuses enrolling as a volunteer a person with a contract in force or to come (CTS art. 17 c. 5)', () => {
      given(volunteerDecider)
        .when(enroll({ paidWork: [contract] }))
        .thenRefuses('W4c', 'D.Lgs. 117/2017 (CTS) art. 17 c. 5');
      given(volunteerDecider)
        .when(enroll({ paidWork: [{ ...contract, startsOn: '2026-06-01', until: '2026-08-31' }] }))
        .thenRefuses('W4c');
      given(volunteerDecider)
        .when(
          enroll({
            volunteer: { kind: 'member', memberId },
            member: { activeOn: true, category: 'volunteer' },
            paidWork: [contract],
          }),
        )
        .thenRefuses('W4c');
    });
    it('W4c enrols once the contract has ended', () =>
      given(volunteerDecider)
        .when(enroll({ paidWork: [{ ...contract, until: '2026-01-31' }] }))
        .then([enrolled]));
  });

  describe('when the volunteer leaves', () => {
    const left: VolunteerEvent = {
      type: 'VolunteerLeft',
      data: { volunteerId, personId: person.personId, leftOn: '2026-02-20', reason: 'resignation' },
    };
    const leave = (leftOn: string): VolunteerCommand => ({ type: 'EndVolunteering', volunteerId, leftOn, reason: 'resignation' });
    it('W4b records the exit once, never before the enrolment, and no activity after it', () => {
      given(volunteerDecider, [enrolled]).when(leave('2026-02-20')).then([left]);
      expect(failureOf(given(volunteerDecider, [enrolled, left]).when(leave('2026-02-21')).events)).toEqual({
        status: 409,
        code: 'VOLUNTEER_LEFT',
      });
      expect(failureOf(given(volunteerDecider, [enrolled]).when(leave('2026-01-31')).events)).toEqual({
        status: 409,
        code: 'BEFORE_ENROLMENT',
      });
      expect(failureOf(given(volunteerDecider, [enrolled, insured, left]).when(log('2026-02-21')).events)).toEqual({
        status: 409,
        code: 'VOLUNTEER_LEFT',
      });
      given(volunteerDecider, [enrolled, insured, left])
        .when(log('2026-02-20'))
        .then([logged('2026-02-20')]);
    });
  });

  it('W4 enrols a member only as a member of the volunteer category', () => {
    const member = { kind: 'member' as const, memberId };
    given(volunteerDecider)
      .when(enroll({ volunteer: member, member: { activeOn: true, category: 'worker' } }))
      .thenRefuses('W4', 'L. 381/1991 art. 2 c. 1');
    given(volunteerDecider)
      .when(enroll({ volunteer: member, member: { activeOn: false, category: null } }))
      .thenRefuses('W4');
    given(volunteerDecider)
      .when(enroll({ volunteer: member, member: { activeOn: true, category: 'volunteer' } }))
      .then([{ type: 'VolunteerEnrolled', data: { ...enrolled.data, volunteer: member } as never }]);
  });

  it('W4 refuses any activity before the volunteer is insured, and logs it once covered', () => {
    given(volunteerDecider, [enrolled]).when(log('2026-02-05')).thenRefuses('W4', 'L. 381/1991 art. 2 c. 4; CTS art. 18');
    given(volunteerDecider, [enrolled, insured]).when(log('2026-02-09')).thenRefuses('W4');
    given(volunteerDecider, [enrolled, insured])
      .when(log('2026-02-10'))
      .then([logged('2026-02-10')]);
    expect(failureOf(given(volunteerDecider, [enrolled, insured, logged('2026-02-10')]).when(log('2026-02-11')).events)).toEqual({
      status: 409,
      code: 'ACTIVITY_EXISTS',
    });
  });

  it('W4 reimburses only documented expenses of days with activity, each document once', () => {
    const history = [enrolled, insured, logged('2026-02-10'), logged('2026-02-12', 2)];
    given(volunteerDecider, history)
      .when(reimburse(expense('2026-02-10'), expense('2026-02-12', 'scontrino-2')))
      .then([
        {
          type: 'VolunteerExpenseReimbursed',
          data: {
            volunteerId,
            reimbursementId,
            paidOn: '2026-03-01',
            expenses: [expense('2026-02-10'), expense('2026-02-12', 'scontrino-2')],
            totalCents: 700,
          },
        },
      ]);
    given(volunteerDecider, history)
      .when(reimburse(expense('2026-02-11')))
      .thenRefuses('W4', 'L. 381/1991 art. 2 c. 3');
    given(volunteerDecider, history)
      .when(reimburse(expense('2026-02-10'), expense('2026-02-12')))
      .thenRefuses('W4');
    const paid: VolunteerEvent = {
      type: 'VolunteerExpenseReimbursed',
      data: {
        volunteerId,
        reimbursementId: activityId(9),
        paidOn: '2026-02-20',
        expenses: [expense('2026-02-10')],
        totalCents: 350,
      },
    };
    given(volunteerDecider, [...history, paid])
      .when(reimburse(expense('2026-02-12')))
      .thenRefuses('W4');
  });

  it('refuses what names a volunteer never enrolled', () =>
    expect(failureOf(given(volunteerDecider).when(log('2026-02-10')).events)).toEqual({ status: 404, resource: 'volunteer' }));
});
