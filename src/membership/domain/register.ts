import type { Decider } from '../../platform/commands/decider.js';
import { exhaustive } from '../../platform/commands/exhaustive.js';
import { businessDate } from '../../platform/clock.js';
import { addDays, daysBetween } from '../../platform/dates.js';
import { refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { MemberCategory, MembershipEvent } from './membership-events.js';
import {
  activeMember,
  assertUndecided,
  assertVolunteerCap,
  communicatedAfterDecision,
  knownMember,
  mutualRelationshipEnd,
  notBefore,
  notInFuture,
} from './register-guards.js';
import { emptyRegister, evolveRegister, type Register } from './register-state.js';

export { mutualRelationshipEnd } from './register-guards.js';

export { emptyRegister, type Register } from './register-state.js';

/** The facts of an application, read from its own stream by the handler. */
export interface ApplicationFacts {
  applicationId: string;
  category: MemberCategory;
  appliedOn: string;
  applicantKind: 'natural' | 'legal';
}

export type RegisterCommand =
  | {
      type: 'AdmitMember';
      memberId: string;
      application: ApplicationFacts;
      fiscalCodeIndex: string;
      admittedOn: string;
      boardResolutionId: string;
      /** M7c: whether the statute provides the special category. */
      specialCategory?: boolean;
    }
  | {
      type: 'RejectAdmission';
      application: ApplicationFacts;
      reasons: string;
      boardResolutionId: string;
      decidedOn: string;
      communicatedOn: string;
    }
  | { type: 'AppealRejection'; applicationId: string; appealedOn: string }
  | {
      type: 'DecideAppeal';
      applicationId: string;
      assemblyResolutionId: string;
      outcome: 'upheld' | 'dismissed';
      decidedOn: string;
    }
  | { type: 'ChangeCategory'; memberId: string; to: MemberCategory; boardResolutionId: string; changedOn: string }
  | { type: 'RequestWithdrawal'; memberId: string; requestedOn: string; grounds: string }
  | { type: 'AcceptWithdrawal'; memberId: string; boardResolutionId: string; decidedOn: string; communicatedOn: string }
  | { type: 'RefuseWithdrawal'; memberId: string; boardResolutionId: string; decidedOn: string; reasons: string }
  | {
      type: 'ExcludeMember';
      memberId: string;
      grounds: string;
      boardResolutionId: string;
      decidedOn: string;
      communicatedOn: string;
    }
  | { type: 'RecordExclusionOpposition'; memberId: string; filedOn: string; court: string }
  | { type: 'RecordDeath'; memberId: string; diedOn: string }
  | { type: 'EraseMemberData'; applicationId: string; erasedOn: string };

const M2 = 'c.c. art. 2528 c. 2';
const M3 = 'c.c. art. 2528 c. 3';
const M6 = 'c.c. art. 2527 c. 1';
const M7C = 'c.c. art. 2527 c. 3';
const M7_WITHDRAWAL = 'c.c. art. 2532';
const M7_EXCLUSION = 'c.c. art. 2533 c. 3';
/** Days within which a rejected applicant may appeal, and an excluded member oppose. */
const APPEAL_DAYS = 60;
const OPPOSITION_DAYS = 60;

/** The member register (libro soci): admissions, rejections, appeals, category changes, exits. */
export const registerDecider: Decider<RegisterCommand, Register, MembershipEvent> = {
  initialState: emptyRegister,
  evolve: evolveRegister,
  decide(command, state, { now }) {
    const today = businessDate(now);
    switch (command.type) {
      case 'AdmitMember':
        return admitMember(command, state, today);
      case 'RejectAdmission':
        return rejectAdmission(command, state, today);
      case 'AppealRejection':
        return appealRejection(command, state, today);
      case 'DecideAppeal':
        return decideAppeal(command, state, today);
      case 'ChangeCategory':
        return changeCategory(command, state, today);
      case 'RequestWithdrawal':
        return requestWithdrawal(command, state, today);
      case 'AcceptWithdrawal':
        return acceptWithdrawal(command, state, today);
      case 'RefuseWithdrawal':
        return refuseWithdrawal(command, state, today);
      case 'ExcludeMember':
        return excludeMember(command, state, today);
      case 'RecordExclusionOpposition':
        return recordExclusionOpposition(command, state, today);
      case 'RecordDeath':
        return recordDeath(command, state, today);
      case 'EraseMemberData':
        return eraseMemberData(command, state, today);
      default:
        return exhaustive(command);
    }
  },
};

function admitMember(
  command: Extract<RegisterCommand, { type: 'AdmitMember' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const { application } = command;
  assertUndecided(state, application.applicationId);
  notBefore(command.admittedOn, application.appliedOn, 'an admission', 'the application');
  notInFuture('admittedOn', command.admittedOn, today, 'an admission');
  // M6: one person (fiscal code) is at most once an active member.
  const holder = state.members.activeWithFiscalCode(command.fiscalCodeIndex);
  if (holder) throw refusal('M6', M6, 'this person (fiscal code) is already an active member', { memberId: holder });
  if (application.category === 'volunteer') assertVolunteerCap(state.activeVolunteers + 1, state.active + 1);
  if (application.category === 'special') {
    // M7c: only if the statute provides it, and never more than a third of the members.
    if (!command.specialCategory) throw refusal('M7c', M7C, 'the statute provides no special category for training or insertion');
    if ((state.activeSpecial + 1) * 3 > state.active + 1)
      throw refusal('M7c', M7C, 'members of the special category would be more than a third of all members');
  }
  return [
    {
      type: 'MemberAdmitted',
      data: {
        memberId: command.memberId,
        applicationId: application.applicationId,
        memberNumber: state.lastMemberNumber + 1,
        category: application.category,
        admittedOn: command.admittedOn,
        boardResolutionId: command.boardResolutionId,
        fiscalCodeIndex: command.fiscalCodeIndex,
      },
    },
  ];
}

function rejectAdmission(
  command: Extract<RegisterCommand, { type: 'RejectAdmission' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const { application } = command;
  assertUndecided(state, application.applicationId);
  // M2: a rejection states its reasons.
  if (command.reasons.trim().length === 0) throw refusal('M2', M2, 'a rejection must state its reasons');
  notBefore(command.decidedOn, application.appliedOn, 'a rejection', 'the application');
  communicatedAfterDecision(command.communicatedOn, command.decidedOn);
  notInFuture('communicatedOn', command.communicatedOn, today, 'a communication');
  return [
    {
      type: 'AdmissionRejected',
      data: {
        applicationId: application.applicationId,
        reasons: command.reasons.trim(),
        boardResolutionId: command.boardResolutionId,
        decidedOn: command.decidedOn,
        communicatedOn: command.communicatedOn,
      },
    },
  ];
}

function appealRejection(
  command: Extract<RegisterCommand, { type: 'AppealRejection' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const decision = state.applications.get(command.applicationId);
  if (decision?.status !== 'rejected' || !decision.communicatedOn)
    throw refusal('M3', M3, 'only a rejected application can be appealed to the assembly, once');
  notBefore(command.appealedOn, decision.communicatedOn, 'an appeal', 'the communication of the rejection');
  notInFuture('appealedOn', command.appealedOn, today, 'an appeal');
  // M3: within 60 days of the communication.
  if (daysBetween(decision.communicatedOn, command.appealedOn) > APPEAL_DAYS)
    throw refusal('M3', M3, `an appeal must reach the cooperative within ${APPEAL_DAYS} days of the communication`, {
      deadline: addDays(decision.communicatedOn, APPEAL_DAYS),
    });
  return [{ type: 'AdmissionAppealed', data: { applicationId: command.applicationId, appealedOn: command.appealedOn } }];
}

function decideAppeal(
  command: Extract<RegisterCommand, { type: 'DecideAppeal' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const decision = state.applications.get(command.applicationId);
  if (decision?.status !== 'appealed') throw refusal('M3', M3, 'there is no appeal awaiting the assembly for this application');
  notInFuture('decidedOn', command.decidedOn, today, 'a decision');
  return [
    {
      type: 'AdmissionAppealDecided',
      data: {
        applicationId: command.applicationId,
        assemblyResolutionId: command.assemblyResolutionId,
        outcome: command.outcome,
        decidedOn: command.decidedOn,
      },
    },
  ];
}

function changeCategory(
  command: Extract<RegisterCommand, { type: 'ChangeCategory' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = activeMember(state, command.memberId);
  if (member.category === command.to) throw stateConflict('SAME_CATEGORY', `the member is already in the ${command.to} category`);
  if (member.category === 'legal_person' || command.to === 'legal_person')
    throw refusal(
      'LEGAL_PERSON_CATEGORY',
      'L. 381/1991 art. 11',
      'the legal-person category is only for legal persons, from admission',
    );
  notBefore(command.changedOn, member.categorySince, 'a category change', 'the current category’s start');
  notInFuture('changedOn', command.changedOn, today, 'a category change');
  if (command.to === 'volunteer') assertVolunteerCap(state.activeVolunteers + 1, state.active);
  if (command.to === 'special') throw refusal('M7c', M7C, 'the special category is for new members, at their admission');
  return [
    {
      type: 'MemberCategoryChanged',
      data: {
        memberId: command.memberId,
        from: member.category,
        to: command.to,
        boardResolutionId: command.boardResolutionId,
        changedOn: command.changedOn,
      },
    },
  ];
}

function requestWithdrawal(
  command: Extract<RegisterCommand, { type: 'RequestWithdrawal' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = activeMember(state, command.memberId);
  if (member.withdrawalRequestedOn)
    throw stateConflict('WITHDRAWAL_PENDING', `a withdrawal request of ${member.withdrawalRequestedOn} awaits the board`);
  notBefore(command.requestedOn, member.admittedOn, 'a withdrawal request', 'the admission');
  notInFuture('requestedOn', command.requestedOn, today, 'a withdrawal request');
  return [
    {
      type: 'WithdrawalRequested',
      data: { memberId: command.memberId, requestedOn: command.requestedOn, grounds: command.grounds },
    },
  ];
}

function acceptWithdrawal(
  command: Extract<RegisterCommand, { type: 'AcceptWithdrawal' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = activeMember(state, command.memberId);
  // M7: withdrawal is the board's decision on the member's request.
  if (!member.withdrawalRequestedOn) throw refusal('M7', M7_WITHDRAWAL, 'the member has not requested to withdraw');
  notBefore(command.decidedOn, member.withdrawalRequestedOn, 'the decision', 'the request');
  communicatedAfterDecision(command.communicatedOn, command.decidedOn);
  notInFuture('communicatedOn', command.communicatedOn, today, 'a communication');
  return [
    {
      type: 'WithdrawalAccepted',
      data: {
        memberId: command.memberId,
        boardResolutionId: command.boardResolutionId,
        decidedOn: command.decidedOn,
        communicatedOn: command.communicatedOn,
        mutualRelationshipEndsOn: mutualRelationshipEnd(member.withdrawalRequestedOn),
      },
    },
    { type: 'MembershipEnded', data: { memberId: command.memberId, endedOn: command.communicatedOn, cause: 'withdrawal' } },
  ];
}

function refuseWithdrawal(
  command: Extract<RegisterCommand, { type: 'RefuseWithdrawal' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = activeMember(state, command.memberId);
  if (!member.withdrawalRequestedOn) throw refusal('M7', M7_WITHDRAWAL, 'the member has not requested to withdraw');
  if (command.reasons.trim().length === 0) throw refusal('M7', M7_WITHDRAWAL, 'a refusal must state its reasons');
  notBefore(command.decidedOn, member.withdrawalRequestedOn, 'the decision', 'the request');
  notInFuture('decidedOn', command.decidedOn, today, 'a decision');
  return [
    {
      type: 'WithdrawalRefused',
      data: {
        memberId: command.memberId,
        boardResolutionId: command.boardResolutionId,
        decidedOn: command.decidedOn,
        reasons: command.reasons.trim(),
      },
    },
  ];
}

function excludeMember(
  command: Extract<RegisterCommand, { type: 'ExcludeMember' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = activeMember(state, command.memberId);
  if (command.grounds.trim().length === 0) throw refusal('M7', 'c.c. art. 2533 c. 1', 'an exclusion must state its grounds');
  notBefore(command.decidedOn, member.admittedOn, 'an exclusion', 'the admission');
  communicatedAfterDecision(command.communicatedOn, command.decidedOn);
  notInFuture('communicatedOn', command.communicatedOn, today, 'a communication');
  return [
    {
      type: 'MemberExcluded',
      data: {
        memberId: command.memberId,
        grounds: command.grounds.trim(),
        boardResolutionId: command.boardResolutionId,
        decidedOn: command.decidedOn,
        communicatedOn: command.communicatedOn,
      },
    },
    { type: 'MembershipEnded', data: { memberId: command.memberId, endedOn: command.communicatedOn, cause: 'exclusion' } },
  ];
}

function recordExclusionOpposition(
  command: Extract<RegisterCommand, { type: 'RecordExclusionOpposition' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = knownMember(state, command.memberId);
  if (!member.exclusionCommunicatedOn) throw refusal('M7', M7_EXCLUSION, 'only an excluded member can oppose the exclusion');
  if (member.exclusionOpposed) throw refusal('M7', M7_EXCLUSION, 'the opposition has already been recorded');
  notBefore(command.filedOn, member.exclusionCommunicatedOn, 'an opposition', 'the communication of the exclusion');
  notInFuture('filedOn', command.filedOn, today, 'an opposition');
  // M7: the member may oppose before the court within 60 days of the communication.
  if (daysBetween(member.exclusionCommunicatedOn, command.filedOn) > OPPOSITION_DAYS)
    throw refusal('M7', M7_EXCLUSION, `an opposition must be filed within ${OPPOSITION_DAYS} days of the communication`, {
      deadline: addDays(member.exclusionCommunicatedOn, OPPOSITION_DAYS),
    });
  return [{ type: 'ExclusionOpposed', data: { memberId: command.memberId, filedOn: command.filedOn, court: command.court } }];
}

function recordDeath(
  command: Extract<RegisterCommand, { type: 'RecordDeath' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const member = activeMember(state, command.memberId);
  notBefore(command.diedOn, member.admittedOn, 'a death', 'the admission');
  notInFuture('diedOn', command.diedOn, today, 'a death');
  return [
    { type: 'MemberDied', data: { memberId: command.memberId, diedOn: command.diedOn } },
    { type: 'MembershipEnded', data: { memberId: command.memberId, endedOn: command.diedOn, cause: 'death' } },
  ];
}

function eraseMemberData(
  command: Extract<RegisterCommand, { type: 'EraseMemberData' }>,
  state: Register,
  today: string,
): MembershipEvent[] {
  const decision = state.applications.get(command.applicationId);
  const member = decision?.memberId ? state.members.get(decision.memberId) : undefined;
  if (decision?.erased) throw stateConflict('ALREADY_ERASED', 'these personal data have already been erased');
  if (!decision || decision.status === 'appealed' || decision.status === 'appeal-upheld')
    throw refusal('ERASURE_UNDECIDED', 'GDPR art. 17 c. 3 lett. b', 'the application is still to be decided');
  if (member?.status === 'active')
    throw refusal(
      'ERASURE_BEFORE_END',
      'c.c. art. 2421 c. 1 n. 1; GDPR art. 17 c. 3 lett. b',
      'a member’s data are kept in the register while the membership lasts',
    );
  notInFuture('erasedOn', command.erasedOn, today, 'an erasure');
  return [
    {
      type: 'MemberDataErased',
      data: { applicationId: command.applicationId, memberId: decision.memberId ?? null, erasedOn: command.erasedOn },
    },
  ];
}
