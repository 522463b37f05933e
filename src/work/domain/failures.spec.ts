import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { failureOf } from '../../../test/support/failure-of.js';
import type { ContractTerms } from './work-events.js';
import { workforceDecider } from './workforce.js';
import { volunteerDecider } from './volunteer.js';
import { labourCostDecider, regulationDecider, trainingDecider } from './workplace.js';

/**
 * What is not a rule of law is not a 422: a date after today or an end before its start in
 * the same request is a 400 naming the body's field; a clash with the recorded state a 409.
 */
const id = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const terms: ContractTerms = {
  form: 'occasional',
  level: null,
  weeklyHours: 10,
  startsOn: '2026-03-01',
  endsOn: null,
  grossMonthlyPayCents: 50_000,
  unit: 'Nido',
  contactWithMinors: false,
  criminalRecordCheckedOn: null,
};
const worker = { kind: 'non_member' as const, personId: id(50), person: { subject: id(50), scheme: 'none' as const } };
const signed = {
  type: 'ContractSigned' as const,
  data: { contractId: id(1), worker, ...terms, signedOn: '2026-02-20', boardResolutionId: null },
};
const enrolled = {
  type: 'VolunteerEnrolled' as const,
  data: {
    volunteerId: id(2),
    volunteer: worker,
    enrolledOn: '2026-02-01',
    unit: 'Nido',
    contactWithMinors: false,
    criminalRecordCheckedOn: null,
  },
};

describe('work: a field a schema cannot judge is a 400 with its body path', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    [
      'a contract signed after today',
      given(workforceDecider).when({
        type: 'SignContract',
        contractId: id(1),
        worker,
        terms,
        signedOn: '2026-03-03',
        boardResolutionId: null,
        member: null,
      }).events,
      'signedOn',
      'DATE_IN_FUTURE',
    ],
    [
      'a contract that ends before it starts',
      given(workforceDecider).when({
        type: 'SignContract',
        contractId: id(1),
        worker,
        terms: { ...terms, endsOn: '2026-02-01' },
        signedOn: '2026-02-20',
        boardResolutionId: null,
        member: null,
      }).events,
      'endsOn',
      'DATE_ORDER',
    ],
    [
      'an amendment dated after today',
      given(workforceDecider, [signed]).when({
        type: 'AmendContract',
        contractId: id(1),
        amendedOn: '2026-03-05',
        effectiveFrom: '2026-03-05',
        changes: { weeklyHours: 12 },
      }).events,
      'amendedOn',
      'DATE_IN_FUTURE',
    ],
    [
      'an ending after today',
      given(workforceDecider, [signed]).when({ type: 'EndContract', contractId: id(1), endedOn: '2026-04-01', reason: 'term' })
        .events,
      'endedOn',
      'DATE_IN_FUTURE',
    ],
    [
      'an enrolment after today',
      given(volunteerDecider).when({
        type: 'EnrollVolunteer',
        ...enrolled.data,
        enrolledOn: '2026-03-03',
        member: null,
        paidWork: [],
      }).events,
      'enrolledOn',
      'DATE_IN_FUTURE',
    ],
    [
      'a cover that ends before it starts',
      given(volunteerDecider, [enrolled]).when({
        type: 'InsureVolunteer',
        volunteerId: id(2),
        insurer: 'Mutua',
        policy: { subject: id(50), scheme: 'none' },
        coveredFrom: '2026-02-10',
        coveredUntil: '2026-02-01',
      }).events,
      'coveredUntil',
      'DATE_ORDER',
    ],
    [
      'a figure recorded after today',
      given(labourCostDecider).when({
        type: 'RecordLabourCost',
        period: '2025',
        memberCostCents: 1,
        nonMemberCostCents: 1,
        recordedOn: '2026-03-03',
        correctionOf: null,
      }).events,
      'recordedOn',
      'DATE_IN_FUTURE',
    ],
    [
      'a regulation adopted after today',
      given(regulationDecider).when({
        type: 'AdoptInternalRegulation',
        regulationId: id(3),
        title: 'Regolamento',
        adoptedOn: '2026-03-03',
        assemblyResolutionId: 'ass-1',
        textSha256: '0'.repeat(64),
      }).events,
      'adoptedOn',
      'DATE_IN_FUTURE',
    ],
    [
      'training completed after today',
      given(trainingDecider).when({
        type: 'RecordTraining',
        trainingId: id(4),
        personId: id(50),
        course: 'Sicurezza',
        hours: 4,
        completedOn: '2026-03-03',
        unit: null,
        kind: 'mandatory',
      }).events,
      'completedOn',
      'DATE_IN_FUTURE',
    ],
  ];
  it.each(cases)('refuses %s', (_, run, field, code) => expect(failureOf(run)).toEqual({ status: 400, code, field }));
});

describe('work: a date that contradicts the recorded state is a 409', () => {
  it('refuses an amendment effective before the contract starts, and activity before the enrolment', () => {
    expect(
      failureOf(
        given(workforceDecider, [signed]).when({
          type: 'AmendContract',
          contractId: id(1),
          amendedOn: '2026-03-01',
          effectiveFrom: '2026-02-01',
          changes: { weeklyHours: 12 },
        }).events,
      ),
    ).toEqual({ status: 409, code: 'BEFORE_CONTRACT_START' });
    expect(
      failureOf(
        given(volunteerDecider, [enrolled]).when({
          type: 'LogVolunteerActivity',
          volunteerId: id(2),
          activityId: id(5),
          date: '2026-01-20',
          minutes: 60,
          unit: 'Nido',
          activity: 'lettura',
        }).events,
      ),
    ).toEqual({ status: 409, code: 'BEFORE_ENROLMENT' });
  });
});
