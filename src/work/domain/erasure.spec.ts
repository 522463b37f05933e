import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { failureOf } from '../../../test/support/failure-of.js';
import type { VolunteerEvent } from './volunteer-events.js';
import { volunteerDecider } from './volunteer.js';
import type { WorkEvent } from './work-events.js';
import { workforceDecider } from './workforce.js';

const personId = 'e3000000-0000-4000-8000-000000000001';
const volunteerId = 'e0000000-0000-4000-8000-000000000001';
const worker = { kind: 'non_member' as const, personId, person: { subject: personId, scheme: 'none' as const } };
const signed = (contractId: string, endsOn: string | null): WorkEvent => ({
  type: 'ContractSigned',
  data: {
    contractId,
    worker,
    form: 'occasional',
    level: null,
    weeklyHours: 10,
    startsOn: '2014-01-01',
    endsOn,
    grossMonthlyPayCents: 40_000,
    unit: 'Nido',
    contactWithMinors: false,
    criminalRecordCheckedOn: null,
    signedOn: '2014-01-01',
    boardResolutionId: null,
  },
});
const eraseWorker = { type: 'EraseWorkerData' as const, personId, erasedOn: '2026-03-02', volunteering: [], otherSubjects: [] };
const enrolled: VolunteerEvent = {
  type: 'VolunteerEnrolled',
  data: {
    volunteerId,
    volunteer: worker,
    enrolledOn: '2014-02-01',
    unit: 'Nido',
    contactWithMinors: false,
    criminalRecordCheckedOn: null,
  },
};
const left = (leftOn: string): VolunteerEvent => ({
  type: 'VolunteerLeft',
  data: { volunteerId, personId, leftOn, reason: 'resignation' },
});
const eraseVolunteer = {
  type: 'EraseVolunteerData' as const,
  volunteerId,
  erasedOn: '2026-03-02',
  paidWork: [],
  otherEnrolments: [],
};
const WORK = 'c.c. art. 2220 c. 1; D.L. 112/2008 art. 39; GDPR art. 17 c. 3 lett. b';
const REGISTER = 'CTS art. 17 c. 1; DM 6 ottobre 2021; c.c. art. 2220 c. 1; GDPR art. 17 c. 3 lett. b';

describe('W6: erasure after the retention of the work records', () => {
  it('W6 erases a non-member worker 10 years after their last contract, with every subject they were sealed under', () =>
    given(workforceDecider, [signed('c0000000-0000-4000-8000-000000000001', '2016-03-02')])
      .when({ ...eraseWorker, otherSubjects: ['legacy-subject'] })
      .then([{ type: 'WorkerDataErased', data: { personId, erasedOn: '2026-03-02', subjects: [personId, 'legacy-subject'] } }]));

  it('W6 refuses while a contract lasts, within 10 years of its end, or while the register keeps their volunteering', () => {
    given(workforceDecider, [signed('c0000000-0000-4000-8000-000000000001', null)])
      .when(eraseWorker)
      .thenRefuses('W6', WORK);
    given(workforceDecider, [signed('c0000000-0000-4000-8000-000000000001', '2016-03-03')])
      .when(eraseWorker)
      .thenRefuses('W6', WORK);
    given(workforceDecider, [signed('c0000000-0000-4000-8000-000000000001', '2015-01-01')])
      .when({ ...eraseWorker, volunteering: [{ volunteerId, enrolledOn: '2015-02-01', leftOn: '2017-01-01' }] })
      .thenRefuses('W6', REGISTER);
  });

  it('erases once, and only someone the workforce knows', () => {
    const history = [signed('c0000000-0000-4000-8000-000000000001', '2015-01-01')];
    const erased: WorkEvent = { type: 'WorkerDataErased', data: { personId, erasedOn: '2026-03-01', subjects: [personId] } };
    expect(failureOf(given(workforceDecider, [...history, erased]).when(eraseWorker).events)).toEqual({
      status: 409,
      code: 'ALREADY_ERASED',
    });
    expect(failureOf(given(workforceDecider).when(eraseWorker).events)).toEqual({ status: 404, resource: 'non-member worker' });
  });

  it('W6 erases a non-member volunteer 10 years after they left, and refuses before, while active, or while paid work is kept', () => {
    given(volunteerDecider, [enrolled, left('2016-03-02')])
      .when(eraseVolunteer)
      .then([{ type: 'VolunteerDataErased', data: { volunteerId, personId, erasedOn: '2026-03-02', subjects: [personId] } }]);
    given(volunteerDecider, [enrolled]).when(eraseVolunteer).thenRefuses('W6', REGISTER);
    given(volunteerDecider, [enrolled, left('2016-03-03')])
      .when(eraseVolunteer)
      .thenRefuses('W6', REGISTER);
    given(volunteerDecider, [enrolled, left('2015-03-02')])
      .when({ ...eraseVolunteer, paidWork: [{ contractId: 'c1', startsOn: '2018-01-01', until: '2019-01-01' }] })
      .thenRefuses('W6', WORK);
  });

  it('leaves a member volunteer to the member register’s erasure', () =>
    expect(
      failureOf(
        given(volunteerDecider, [
          { ...enrolled, data: { ...enrolled.data, volunteer: { kind: 'member', memberId: personId } } } as VolunteerEvent,
          left('2015-01-01'),
        ]).when(eraseVolunteer).events,
      ),
    ).toEqual({ status: 409, code: 'MEMBER_VOLUNTEER' }));
});
