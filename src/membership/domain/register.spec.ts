import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { registerDecider, mutualRelationshipEnd, type RegisterCommand } from './register.js';
import {
  admitted,
  appId,
  ended,
  facts,
  fiscalIndex,
  memberId,
  members,
  rejected,
} from '../../../test/support/membership-history.js';

const admit = (n: number, overrides: Partial<Extract<RegisterCommand, { type: 'AdmitMember' }>> = {}): RegisterCommand => ({
  type: 'AdmitMember',
  memberId: memberId(n),
  application: facts(n),
  fiscalCodeIndex: fiscalIndex(n),
  admittedOn: '2026-02-01',
  boardResolutionId: `cda-${n}`,
  ...overrides,
});
const reject = (n: number, overrides: Partial<Extract<RegisterCommand, { type: 'RejectAdmission' }>> = {}): RegisterCommand => ({
  type: 'RejectAdmission',
  application: facts(n),
  reasons: 'lacks the professional requisites of the statute',
  boardResolutionId: 'cda-9',
  decidedOn: '2026-01-30',
  communicatedOn: '2026-02-01',
  ...overrides,
});

describe('admission (M1)', () => {
  it('enters the applicant with the next number', () => {
    given(registerDecider, members(2))
      .when(admit(3))
      .then([admitted(3)]);
  });

  it('M1 refuses to decide an application twice', () =>
    given(registerDecider, [admitted(1)])
      .when(admit(1, { memberId: memberId(99) }))
      .thenRefuses('M1', 'c.c. art. 2528 c. 1'));

  it('M1 refuses to admit a rejected application unless the assembly upheld the appeal', () => {
    given(registerDecider, [rejected(1)])
      .when(admit(1))
      .thenRefuses('M1');
    given(registerDecider, [
      rejected(1),
      { type: 'AdmissionAppealed', data: { applicationId: appId(1), appealedOn: '2026-02-10' } },
      {
        type: 'AdmissionAppealDecided',
        data: { applicationId: appId(1), assemblyResolutionId: 'ass-1', outcome: 'upheld', decidedOn: '2026-02-20' },
      },
    ])
      .when(admit(1, { admittedOn: '2026-02-25' }))
      .then([admitted(1, 'worker', '2026-02-25')]);
  });

  it('refuses an admission dated before the application or after today', () => {
    given(registerDecider)
      .when(admit(1, { admittedOn: '2026-01-01' }))
      .thenConflicts('DATE_ORDER');
    given(registerDecider)
      .when(admit(1, { admittedOn: '2026-03-03' }))
      .thenInvalid('admittedOn', 'DATE_IN_FUTURE');
  });
});

describe('rejection (M2)', () => {
  it('records a motivated rejection', () => {
    const [event] = given(registerDecider).when(reject(1)).events();
    expect(event).toMatchObject({
      type: 'AdmissionRejected',
      data: { reasons: 'lacks the professional requisites of the statute' },
    });
  });

  it('M2 refuses a rejection without reasons', () =>
    given(registerDecider)
      .when(reject(1, { reasons: '   ' }))
      .thenRefuses('M2', 'c.c. art. 2528 c. 2'));

  it('refuses a communication before the decision', () =>
    given(registerDecider)
      .when(reject(1, { communicatedOn: '2026-01-29' }))
      .thenInvalid('communicatedOn', 'DATE_ORDER'));
});

describe('appeal to the assembly (M3)', () => {
  const appeal = (appealedOn: string): RegisterCommand => ({ type: 'AppealRejection', applicationId: appId(1), appealedOn });

  it('is recorded within 60 days of the communication', () =>
    given(registerDecider, [rejected(1, '2026-01-01')])
      .when(appeal('2026-03-02'))
      .then([{ type: 'AdmissionAppealed', data: { applicationId: appId(1), appealedOn: '2026-03-02' } }]));

  it('M3 refuses an appeal after 60 days from the communication', () => {
    given(registerDecider, [rejected(1, '2025-12-31')])
      .when(appeal('2026-03-02'))
      .thenRefuses('M3', 'c.c. art. 2528 c. 3');
  });

  it('M3 refuses an appeal of an application that was not rejected', () =>
    given(registerDecider, [admitted(1)])
      .when(appeal('2026-02-10'))
      .thenRefuses('M3'));
});

describe('M4: volunteers are never more than half of the members', () => {
  describe('when the volunteers are already half of the members', () => {
    const half = members(3, 3);
    it('M4 refuses admitting one more volunteer', () =>
      given(registerDecider, half)
        .when(admit(7, { application: facts(7, 'volunteer') }))
        .thenRefuses('M4', 'L. 381/1991 art. 2 c. 2'));
    it('admits a worker', () => expect(given(registerDecider, half).when(admit(7)).events()).toHaveLength(1));
    it('M4 refuses changing a worker into a volunteer', () =>
      given(registerDecider, half)
        .when({
          type: 'ChangeCategory',
          memberId: memberId(1),
          to: 'volunteer',
          boardResolutionId: 'cda-c',
          changedOn: '2026-02-10',
        })
        .thenRefuses('M4'));
  });

  describe('when there is room', () => {
    it('admits a volunteer up to exactly half', () =>
      expect(
        given(registerDecider, members(4, 3))
          .when(admit(8, { application: facts(8, 'volunteer') }))
          .events(),
      ).toHaveLength(1));
    it('counts only active members: after a worker’s exit, one more volunteer would exceed half', () =>
      given(registerDecider, [...members(3, 2), ended(1)])
        .when(admit(7, { application: facts(7, 'volunteer') }))
        .thenRefuses('M4'));
  });
});

describe('M6: one fiscal code is at most once an active member', () => {
  it('M6 refuses admitting a person who is already an active member', () =>
    given(registerDecider, [admitted(1)])
      .when(admit(2, { fiscalCodeIndex: fiscalIndex(1) }))
      .thenRefuses('M6'));

  it('admits the same person again after their membership ended', () =>
    expect(
      given(registerDecider, [admitted(1), ended(1)])
        .when(admit(2, { fiscalCodeIndex: fiscalIndex(1), admittedOn: '2026-03-01' }))
        .events(),
    ).toHaveLength(1));
});

describe('M7: withdrawal and exclusion are decided by the board', () => {
  const requested: RegisterCommand = {
    type: 'RequestWithdrawal',
    memberId: memberId(1),
    requestedOn: '2026-02-10',
    grounds: 'moving abroad',
  };
  const accept: RegisterCommand = {
    type: 'AcceptWithdrawal',
    memberId: memberId(1),
    boardResolutionId: 'cda-w',
    decidedOn: '2026-02-20',
    communicatedOn: '2026-02-22',
  };

  it('M7 refuses accepting a withdrawal nobody requested', () =>
    given(registerDecider, [admitted(1)])
      .when(accept)
      .thenRefuses('M7', 'c.c. art. 2532'));

  it('an accepted withdrawal ends the membership when communicated, and the mutual relationship with the year', () => {
    const history = [
      admitted(1),
      ...given(registerDecider, [admitted(1)])
        .when(requested)
        .events(),
    ];
    given(registerDecider, history)
      .when(accept)
      .then([
        {
          type: 'WithdrawalAccepted',
          data: {
            memberId: memberId(1),
            boardResolutionId: 'cda-w',
            decidedOn: '2026-02-20',
            communicatedOn: '2026-02-22',
            mutualRelationshipEndsOn: '2026-12-31',
          },
        },
        { type: 'MembershipEnded', data: { memberId: memberId(1), endedOn: '2026-02-22', cause: 'withdrawal' } },
      ]);
  });

  it('M7 a request less than three months before the year closes ends the relationship with the next year', () => {
    expect(mutualRelationshipEnd('2026-09-30')).toBe('2026-12-31');
    expect(mutualRelationshipEnd('2026-10-01')).toBe('2027-12-31');
  });

  const excluded = given(registerDecider, [admitted(1)])
    .when({
      type: 'ExcludeMember',
      memberId: memberId(1),
      grounds: 'serious breach of the statute',
      boardResolutionId: 'cda-x',
      decidedOn: '2026-02-05',
      communicatedOn: '2026-02-05',
    })
    .events();

  it('records the exclusion and ends the membership', () =>
    expect(excluded.map((e) => e.type)).toEqual(['MemberExcluded', 'MembershipEnded']));

  it('M7 records an opposition filed within 60 days of the communication', () =>
    expect(
      given(registerDecider, [admitted(1), ...excluded])
        .when({ type: 'RecordExclusionOpposition', memberId: memberId(1), filedOn: '2026-03-01', court: 'Tribunale di Genova' })
        .events(),
    ).toHaveLength(1));

  it('M7 refuses an opposition filed after 60 days', () =>
    given(registerDecider, [admitted(1), ...excluded])
      .when(
        { type: 'RecordExclusionOpposition', memberId: memberId(1), filedOn: '2026-04-07', court: 'Tribunale di Genova' },
        new Date('2026-05-01T10:00:00Z'),
      )
      .thenRefuses('M7', 'c.c. art. 2533 c. 3'));
});

describe('erasing personal data', () => {
  const erase: RegisterCommand = { type: 'EraseMemberData', applicationId: appId(1), erasedOn: '2026-03-01' };
  it('is refused while the membership lasts', () =>
    given(registerDecider, [admitted(1)])
      .when(erase)
      .thenRefuses('ERASURE_BEFORE_END'));
  it('is recorded once the membership has ended', () =>
    given(registerDecider, [admitted(1), ended(1)])
      .when(erase)
      .then([{ type: 'MemberDataErased', data: { applicationId: appId(1), memberId: memberId(1), erasedOn: '2026-03-01' } }]));
  it('is refused for an undecided application', () => given(registerDecider).when(erase).thenRefuses('ERASURE_UNDECIDED'));
  it('is a conflict (409) once already erased', () =>
    given(registerDecider, [
      admitted(1),
      ended(1),
      { type: 'MemberDataErased', data: { applicationId: appId(1), memberId: memberId(1), erasedOn: '2026-03-01' } },
    ])
      .when(erase)
      .thenConflicts('ALREADY_ERASED'));
});

describe('what clashes with the register is a conflict (409), not a rule of law', () => {
  it('a change into the category the member is in already', () =>
    given(registerDecider, [admitted(1)])
      .when({ type: 'ChangeCategory', memberId: memberId(1), to: 'worker', boardResolutionId: 'cda-c', changedOn: '2026-02-10' })
      .thenConflicts('SAME_CATEGORY'));
  it('a second withdrawal request while one awaits the board', () =>
    given(registerDecider, [
      admitted(1),
      { type: 'WithdrawalRequested', data: { memberId: memberId(1), requestedOn: '2026-02-05', grounds: 'moving' } },
    ])
      .when({ type: 'RequestWithdrawal', memberId: memberId(1), requestedOn: '2026-02-06', grounds: 'moving' })
      .thenConflicts('WITHDRAWAL_PENDING'));
  it('a death dated before the admission', () =>
    given(registerDecider, [admitted(1)])
      .when({ type: 'RecordDeath', memberId: memberId(1), diedOn: '2026-01-15' })
      .thenConflicts('DATE_ORDER'));
});

describe('a field the schema cannot judge is invalid (400 on its body path)', () => {
  it('an exclusion communicated before it was decided', () =>
    given(registerDecider, [admitted(1)])
      .when({
        type: 'ExcludeMember',
        memberId: memberId(1),
        grounds: 'serious breach',
        boardResolutionId: 'cda-x',
        decidedOn: '2026-02-20',
        communicatedOn: '2026-02-19',
      })
      .thenInvalid('communicatedOn', 'DATE_ORDER'));
  it('a withdrawal request dated after today', () =>
    given(registerDecider, [admitted(1)])
      .when({ type: 'RequestWithdrawal', memberId: memberId(1), requestedOn: '2026-03-03', grounds: 'moving' })
      .thenInvalid('requestedOn', 'DATE_IN_FUTURE'));
});

describe('the remaining register events', () => {
  it('records the assembly’s decision on an appeal', () =>
    given(registerDecider, [
      rejected(1, '2026-02-01'),
      { type: 'AdmissionAppealed', data: { applicationId: appId(1), appealedOn: '2026-02-10' } },
    ])
      .when({
        type: 'DecideAppeal',
        applicationId: appId(1),
        assemblyResolutionId: 'ass-2026-1',
        outcome: 'dismissed',
        decidedOn: '2026-02-28',
      })
      .then([
        {
          type: 'AdmissionAppealDecided',
          data: { applicationId: appId(1), assemblyResolutionId: 'ass-2026-1', outcome: 'dismissed', decidedOn: '2026-02-28' },
        },
      ]));

  it('changes a member’s category by a board resolution', () =>
    given(registerDecider, members(3))
      .when({ type: 'ChangeCategory', memberId: memberId(2), to: 'user', boardResolutionId: 'cda-c', changedOn: '2026-02-10' })
      .then([
        {
          type: 'MemberCategoryChanged',
          data: { memberId: memberId(2), from: 'worker', to: 'user', boardResolutionId: 'cda-c', changedOn: '2026-02-10' },
        },
      ]));

  it('records a refused withdrawal with its reasons, and the member stays', () => {
    const requested = {
      type: 'WithdrawalRequested' as const,
      data: { memberId: memberId(1), requestedOn: '2026-02-10', grounds: 'moving' },
    };
    given(registerDecider, [admitted(1), requested])
      .when({
        type: 'RefuseWithdrawal',
        memberId: memberId(1),
        boardResolutionId: 'cda-w',
        decidedOn: '2026-02-20',
        reasons: 'the statute binds for three years',
      })
      .then([
        {
          type: 'WithdrawalRefused',
          data: {
            memberId: memberId(1),
            boardResolutionId: 'cda-w',
            decidedOn: '2026-02-20',
            reasons: 'the statute binds for three years',
          },
        },
      ]);
  });

  it('records a death, which ends the membership', () =>
    given(registerDecider, [admitted(1)])
      .when({ type: 'RecordDeath', memberId: memberId(1), diedOn: '2026-02-25' })
      .then([
        { type: 'MemberDied', data: { memberId: memberId(1), diedOn: '2026-02-25' } },
        { type: 'MembershipEnded', data: { memberId: memberId(1), endedOn: '2026-02-25', cause: 'death' } },
      ]));

  it('refuses any change to a member whose membership has ended', () =>
    given(registerDecider, [admitted(1), ended(1)])
      .when({ type: 'RequestWithdrawal', memberId: memberId(1), requestedOn: '2026-02-26', grounds: 'late' })
      .thenConflicts('MEMBER_NOT_ACTIVE'));
});

describe('M7c: the special category for training or insertion', () => {
  const special = (n: number, allowed = true) => admit(n, { application: facts(n, 'special'), specialCategory: allowed });
  it('M7c refuses it when the statute does not provide it', () =>
    given(registerDecider, members(5)).when(special(6, false)).thenRefuses('M7c', 'c.c. art. 2527 c. 3'));
  it('admits into it where the statute provides it', () =>
    expect(given(registerDecider, members(5)).when(special(6)).events()).toHaveLength(1));
  it('M7c refuses a special member beyond a third of all members', () =>
    given(registerDecider, [...members(3), admitted(4, 'special')])
      .when(special(5))
      .thenRefuses('M7c'));
  it('M7c refuses moving an existing member into it', () =>
    given(registerDecider, members(5))
      .when({ type: 'ChangeCategory', memberId: memberId(1), to: 'special', boardResolutionId: 'cda-s', changedOn: '2026-02-10' })
      .thenRefuses('M7c'));
});
