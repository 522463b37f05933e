import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, NotFoundError, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { MemberFacts } from './workforce.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { RecordedExpense, VolunteerEvent, VolunteerPerson } from './volunteer-events.js';
import { personIdOf } from './work-events.js';
import { checkRetention, VOLUNTEER_RETENTION, WORK_RETENTION } from './erasure.js';

export interface Coverage {
  coveredFrom: string;
  coveredUntil: string;
}

export type Volunteer =
  | { enrolled: false }
  | {
      enrolled: true;
      personId: string;
      kind: 'member' | 'non_member';
      /** The subject the person's data are sealed under (null for a member, whose data are the register's). */
      subject: string | null;
      enrolledOn: string;
      leftOn: string | null;
      erased: boolean;
      contactWithMinors: boolean;
      criminalRecordCheckedOn: string | null;
      coverage: Coverage[];
      activities: Set<string>;
      activityDays: Set<string>;
      reimbursements: Set<string>;
      /** Every document already reimbursed: none is paid twice. */
      documents: Set<string>;
    };

export type VolunteerCommand =
  | {
      type: 'EnrollVolunteer';
      volunteerId: string;
      volunteer: VolunteerPerson;
      enrolledOn: string;
      unit: string;
      activity?: string | undefined;
      contactWithMinors: boolean;
      criminalRecordCheckedOn: string | null;
      /** For a member: the member on the enrolment date; null for a non-member. */
      member: MemberFacts | null;
      /** W4c: the same person's contracts with the cooperative not ended before the enrolment date. */
      paidWork: PaidWork[];
    }
  | {
      type: 'EraseVolunteerData';
      volunteerId: string;
      erasedOn: string;
      /** W6: the same person's contracts with the cooperative, whose records are kept too. */
      paidWork: PaidWork[];
      /** W6: the same person's other enrolments, erased with this one (one person, one key). */
      otherEnrolments: Array<{ volunteerId: string; leftOn: string | null }>;
    }
  | {
      type: 'EndVolunteering';
      volunteerId: string;
      leftOn: string;
      reason: Extract<VolunteerEvent, { type: 'VolunteerLeft' }>['data']['reason'];
    }
  | ({ type: 'InsureVolunteer'; volunteerId: string; insurer: string; policy: SealedPersonalData } & Coverage)
  | {
      type: 'LogVolunteerActivity';
      volunteerId: string;
      activityId: string;
      date: string;
      minutes: number;
      unit: string;
      activity: string;
    }
  | {
      type: 'ReimburseVolunteerExpenses';
      volunteerId: string;
      reimbursementId: string;
      paidOn: string;
      expenses: RecordedExpense[];
    };

const W4_PAY = 'L. 381/1991 art. 2 c. 3';
const W4_INSURANCE = 'L. 381/1991 art. 2 c. 4; CTS art. 18';
const W3B = 'D.P.R. 313/2002 art. 25-bis';
/** W4c: volunteering is incompatible with any paid work for the body one volunteers for. */
export const W4C = 'D.Lgs. 117/2017 (CTS) art. 17 c. 5';

/** A contract of the person's, as W4c sees it: from its start to its end (null: open-ended or not ended). */
export interface PaidWork {
  contractId: string;
  startsOn: string;
  until: string | null;
}

export const isCoveredOn = (coverage: readonly Coverage[], date: string) =>
  coverage.some((c) => c.coveredFrom <= date && c.coveredUntil >= date);

/** One volunteer, in `volunteer-<id>`: enrolment, insurance, activity and reimbursements (W3b, W4). */
export const volunteerDecider: Decider<VolunteerCommand, Volunteer, VolunteerEvent> = {
  initialState: () => ({ enrolled: false }),
  evolve(state, event) {
    if (event.type === 'VolunteerEnrolled')
      return {
        enrolled: true,
        personId: personIdOf(event.data.volunteer),
        kind: event.data.volunteer.kind,
        subject: event.data.volunteer.kind === 'non_member' ? event.data.volunteer.person.subject : null,
        enrolledOn: event.data.enrolledOn,
        leftOn: null,
        erased: false,
        contactWithMinors: event.data.contactWithMinors,
        criminalRecordCheckedOn: event.data.criminalRecordCheckedOn,
        coverage: [],
        activities: new Set(),
        activityDays: new Set(),
        reimbursements: new Set(),
        documents: new Set(),
      };
    if (!state.enrolled) return state;
    switch (event.type) {
      case 'VolunteerInsured':
        state.coverage.push({ coveredFrom: event.data.coveredFrom, coveredUntil: event.data.coveredUntil });
        return state;
      case 'VolunteerActivityLogged':
        state.activities.add(event.data.activityId);
        state.activityDays.add(event.data.date);
        return state;
      case 'VolunteerExpenseReimbursed':
        state.reimbursements.add(event.data.reimbursementId);
        for (const expense of event.data.expenses) state.documents.add(expense.documentRef);
        return state;
      case 'VolunteerLeft':
        state.leftOn = event.data.leftOn;
        return state;
      case 'VolunteerDataErased':
        state.erased = true;
        return state;
    }
  },
  decide(command, state, { now }) {
    const today = businessDate(now);
    if (command.type === 'EnrollVolunteer') return enrollVolunteer(command, state, today);
    if (!state.enrolled) throw new NotFoundError('volunteer', command.volunteerId);
    switch (command.type) {
      case 'EraseVolunteerData':
        return eraseVolunteerData(command, state, today);
      case 'EndVolunteering':
        return endVolunteering(command, state, today);
      case 'InsureVolunteer':
        return insureVolunteer(command, state, today);
      case 'LogVolunteerActivity':
        return logVolunteerActivity(command, state, today);
      case 'ReimburseVolunteerExpenses':
        return reimburseVolunteerExpenses(command, state, today);
      default:
        return exhaustive(command);
    }
  },
};

/** An enrolled volunteer's state: what every command but the enrolment reads. */
type Enrolled = Extract<Volunteer, { enrolled: true }>;

function enrollVolunteer(
  command: Extract<VolunteerCommand, { type: 'EnrollVolunteer' }>,
  state: Volunteer,
  today: string,
): VolunteerEvent[] {
  if (state.enrolled) throw stateConflict('VOLUNTEER_EXISTS', `volunteer ${command.volunteerId} is already enrolled`);
  if (command.enrolledOn > today) throw invalidField('enrolledOn', 'DATE_IN_FUTURE', 'an enrolment cannot be dated after today');
  if (command.volunteer.kind === 'member') {
    if (!command.member?.activeOn)
      throw refusal('W4', 'L. 381/1991 art. 2 c. 1', `the volunteer is not a member on ${command.enrolledOn}`);
    if (command.member.category !== 'volunteer')
      throw refusal(
        'W4',
        'L. 381/1991 art. 2 c. 1',
        `a member volunteers as a member of the volunteer category, never unpaid in another (this member is ${command.member.category})`,
      );
  }
  if (command.contactWithMinors && command.criminalRecordCheckedOn === null)
    throw refusal(
      'W3b',
      W3B,
      'activity in direct and regular contact with minors needs the criminal-record certificate checked first',
    );
  if (command.criminalRecordCheckedOn !== null && command.criminalRecordCheckedOn > command.enrolledOn)
    throw refusal('W3b', W3B, 'the criminal-record certificate is checked before the volunteer starts');
  const paid = command.paidWork.find((c) => c.until === null || c.until >= command.enrolledOn);
  if (paid)
    throw refusal(
      'W4c',
      W4C,
      `the person has a contract with the cooperative in force from ${paid.startsOn}${paid.until ? ` to ${paid.until}` : ''}: a volunteer gives no paid work to the body they volunteer for`,
      { contractId: paid.contractId },
    );
  const { type: _, member: __, paidWork: ___, ...data } = command;
  return [{ type: 'VolunteerEnrolled', data }];
}

function eraseVolunteerData(
  command: Extract<VolunteerCommand, { type: 'EraseVolunteerData' }>,
  state: Enrolled,
  today: string,
): VolunteerEvent[] {
  if (state.kind === 'member' || state.subject === null)
    throw stateConflict(
      'MEMBER_VOLUNTEER',
      'a member volunteer’s personal data are the member register’s: they are erased with the member’s (POST /membership/…/erasure)',
    );
  if (state.erased) throw stateConflict('ALREADY_ERASED', 'these personal data have already been erased');
  if (command.erasedOn > today) throw invalidField('erasedOn', 'DATE_IN_FUTURE', 'an erasure is recorded once made');
  checkRetention(`volunteering ${command.volunteerId}`, state.leftOn, today, VOLUNTEER_RETENTION);
  for (const other of command.otherEnrolments)
    checkRetention(`volunteering ${other.volunteerId}`, other.leftOn, today, VOLUNTEER_RETENTION);
  for (const contract of command.paidWork)
    checkRetention(`contract ${contract.contractId}`, contract.until, today, WORK_RETENTION);
  const subjects = [...new Set([state.personId, state.subject])];
  return [
    {
      type: 'VolunteerDataErased',
      data: { volunteerId: command.volunteerId, personId: state.personId, erasedOn: command.erasedOn, subjects },
    },
  ];
}

function endVolunteering(
  command: Extract<VolunteerCommand, { type: 'EndVolunteering' }>,
  state: Enrolled,
  today: string,
): VolunteerEvent[] {
  if (state.leftOn !== null) throw stateConflict('VOLUNTEER_LEFT', `the volunteer left on ${state.leftOn}`);
  if (command.leftOn > today) throw invalidField('leftOn', 'DATE_IN_FUTURE', 'an exit is recorded once it happened');
  if (command.leftOn < state.enrolledOn)
    throw stateConflict('BEFORE_ENROLMENT', `the volunteer was enrolled on ${state.enrolledOn}`);
  const { volunteerId, leftOn, reason } = command;
  return [{ type: 'VolunteerLeft', data: { volunteerId, personId: state.personId, leftOn, reason } }];
}

function insureVolunteer(
  command: Extract<VolunteerCommand, { type: 'InsureVolunteer' }>,
  state: Enrolled,
  today: string,
): VolunteerEvent[] {
  if (command.coveredUntil < command.coveredFrom)
    throw invalidField('coveredUntil', 'DATE_ORDER', 'the cover cannot end before it starts');
  const { type: _, ...data } = command;
  return [{ type: 'VolunteerInsured', data }];
}

function logVolunteerActivity(
  command: Extract<VolunteerCommand, { type: 'LogVolunteerActivity' }>,
  state: Enrolled,
  today: string,
): VolunteerEvent[] {
  if (state.activities.has(command.activityId))
    throw stateConflict('ACTIVITY_EXISTS', `activity ${command.activityId} is already logged`);
  if (command.date > today) throw invalidField('date', 'DATE_IN_FUTURE', 'activity is logged once it happened');
  if (command.date < state.enrolledOn)
    throw stateConflict('BEFORE_ENROLMENT', `the volunteer was enrolled on ${state.enrolledOn}`);
  if (state.leftOn !== null && command.date > state.leftOn)
    throw stateConflict('VOLUNTEER_LEFT', `the volunteer left on ${state.leftOn}`);
  if (!isCoveredOn(state.coverage, command.date))
    throw refusal('W4', W4_INSURANCE, `the volunteer is not insured on ${command.date}: no activity before the cover`, {
      date: command.date,
    });
  const { type: _, ...data } = command;
  return [{ type: 'VolunteerActivityLogged', data }];
}

function reimburseVolunteerExpenses(
  command: Extract<VolunteerCommand, { type: 'ReimburseVolunteerExpenses' }>,
  state: Enrolled,
  today: string,
): VolunteerEvent[] {
  if (state.reimbursements.has(command.reimbursementId))
    throw stateConflict('REIMBURSEMENT_EXISTS', `reimbursement ${command.reimbursementId} is already recorded`);
  if (command.paidOn > today) throw invalidField('paidOn', 'DATE_IN_FUTURE', 'a reimbursement is recorded once paid');
  const documents = new Set<string>();
  for (const [index, expense] of command.expenses.entries()) {
    if (!state.activityDays.has(expense.date))
      throw refusal(
        'W4',
        W4_PAY,
        `an expense of ${expense.date} has no activity logged that day: only expenses of the volunteer's activity are reimbursed`,
        { date: expense.date },
      );
    if (expense.date > command.paidOn)
      throw invalidField(`expenses.${index}.date`, 'DATE_ORDER', 'an expense is reimbursed after it was incurred');
    if (documents.has(expense.documentRef) || state.documents.has(expense.documentRef))
      throw refusal('W4', W4_PAY, `document ${expense.documentRef} is already reimbursed`, {
        documentRef: expense.documentRef,
      });
    documents.add(expense.documentRef);
  }
  const totalCents = command.expenses.reduce((sum, e) => sum + e.amountCents, 0);
  const { type: _, ...data } = command;
  return [{ type: 'VolunteerExpenseReimbursed', data: { ...data, totalCents } }];
}
