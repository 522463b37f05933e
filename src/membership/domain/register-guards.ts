import { invalidField, NotFoundError, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { Register, RegisteredMember } from './register-state.js';

/**
 * The checks the member register's commands share: M1 (decided once), M4 (volunteers at most
 * half), a member known and still active, and the order and dates of what a command records.
 */

const M1 = 'c.c. art. 2528 c. 1';
const M4 = 'L. 381/1991 art. 2 c. 2';

/** M1: the board decides an application once, on the applicant's request; again only after an upheld appeal. */
export function assertUndecided(state: Register, applicationId: string): void {
  const decision = state.applications.get(applicationId);
  if (decision && decision.status !== 'appeal-upheld')
    throw refusal('M1', M1, `application ${applicationId} has already been decided (${decision.status})`);
}

/** M4: volunteers may not exceed half of all members (L. 381/1991 art. 2 c. 2). */
export function assertVolunteerCap(volunteers: number, members: number): void {
  if (volunteers * 2 > members)
    throw refusal('M4', M4, `volunteers would be ${volunteers} of ${members} members, more than half`, { volunteers, members });
}

/**
 * c.c. art. 2532 c. 3: the mutual relationship ends with the financial year (the calendar
 * year here) if the request came at least three months before its close, else with the next.
 */
export function mutualRelationshipEnd(requestedOn: string): string {
  const year = Number(requestedOn.slice(0, 4));
  return requestedOn <= `${year}-09-30` ? `${year}-12-31` : `${year + 1}-12-31`;
}

export function knownMember(state: Register, memberId: string): RegisteredMember {
  const member = state.members.get(memberId);
  if (!member) throw new NotFoundError('member', memberId);
  return member;
}

export function activeMember(state: Register, memberId: string): RegisteredMember {
  const member = knownMember(state, memberId);
  if (member.status !== 'active')
    throw stateConflict('MEMBER_NOT_ACTIVE', `member ${memberId} is no longer a member (since ${member.endedOn})`);
  return member;
}

/** A date that would precede what is recorded (the application, the admission, the request): 409. */
export function notBefore(date: string, earliest: string, what: string, reference: string): void {
  if (date < earliest) throw stateConflict('DATE_ORDER', `${what} (${date}) cannot precede ${reference} (${earliest})`);
}

/** Within one request: a decision is communicated on or after the day it is taken (400 on `communicatedOn`). */
export function communicatedAfterDecision(communicatedOn: string, decidedOn: string): void {
  if (communicatedOn < decidedOn)
    throw invalidField(
      'communicatedOn',
      'DATE_ORDER',
      `its communication (${communicatedOn}) cannot precede the decision (${decidedOn})`,
    );
}

/** A date after today by the injected clock: 400 on the body's `field`. */
export function notInFuture(field: string, date: string, today: string, what: string): void {
  if (date > today) throw invalidField(field, 'DATE_IN_FUTURE', `${what} cannot be dated after today (${today})`);
}
