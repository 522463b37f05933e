import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, NotFoundError, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import {
  DEFAULT_FULL_TIME_WEEKLY_HOURS,
  fullTimeEquivalentAnnualCents,
  inForceOn,
  lastDayOf,
  MAX_PAY_RATIO,
  minimumPayCents,
  payTableOn,
  termsOn,
  withAmendment,
  type ContractHistory,
  type PayTable,
} from './pay.js';
import type { ContractChanges, ContractTerms, WorkEvent, Worker } from './work-events.js';
import { checkRetention, VOLUNTEER_RETENTION, WORK_RETENTION } from './erasure.js';

export interface ContractState extends ContractHistory {
  worker: Worker;
}

export interface Workforce {
  contracts: Map<string, ContractState>;
  payTables: PayTable[];
  /** Non-member workers whose personal data were erased (W6). */
  erased: Set<string>;
}

/** What the work context knows of a member on the contract's first day, from its own view of membership. */
export interface MemberFacts {
  activeOn: boolean;
  category: string | null;
}

export type WorkforceCommand =
  | ({ type: 'RecordPayTable' } & PayTable)
  | {
      type: 'SignContract';
      contractId: string;
      worker: Worker;
      terms: ContractTerms;
      signedOn: string;
      boardResolutionId: string | null;
      /** For a worker member: the member on the start date (W1); null for a non-member. */
      member: MemberFacts | null;
      /** W4c: the same person's enrolments as volunteer (none when not asked, as the seed does). */
      volunteering?: VolunteerSpell[];
    }
  | { type: 'AmendContract'; contractId: string; amendedOn: string; effectiveFrom: string; changes: ContractChanges }
  | { type: 'EndContract'; contractId: string; endedOn: string; reason: WorkEndReason }
  | {
      type: 'EraseWorkerData';
      personId: string;
      erasedOn: string;
      /** W6: the same person's enrolments as volunteer, whose register entries are kept too. */
      volunteering: VolunteerSpell[];
      /** Subjects the person was sealed under besides the ones this stream knows (e.g. their enrolments'). */
      otherSubjects: string[];
    };

type WorkEndReason = Extract<WorkEvent, { type: 'ContractEnded' }>['data']['reason'];

const W1 = 'L. 142/2001 art. 1 c. 3';
const W2 = 'L. 142/2001 art. 3 c. 1';
const W3 = 'D.Lgs. 112/2017 art. 13 c. 1';
const W3B = 'D.P.R. 313/2002 art. 25-bis';
const W4C = 'D.Lgs. 117/2017 (CTS) art. 17 c. 5';

/** One enrolment of a person as volunteer, from its date to their exit (null: still volunteering). */
export interface VolunteerSpell {
  volunteerId: string;
  enrolledOn: string;
  leftOn: string | null;
}

/**
 * Contracts and pay tables, in the `workforce-main` stream: W1 (a worker member's contract
 * needs an active worker member), W2 (not below the collective agreement's minimum), W3 (pay
 * ratio at most 8 to 1) and W3b (criminal-record check before work with minors).
 */
export const workforceDecider: Decider<WorkforceCommand, Workforce, WorkEvent> = {
  initialState: () => ({ contracts: new Map(), payTables: [], erased: new Set() }),
  evolve(state, event) {
    switch (event.type) {
      case 'PayTableRecorded':
        state.payTables.push(event.data);
        return state;
      case 'ContractSigned': {
        const { contractId, worker, signedOn: _, boardResolutionId: __, ...terms } = event.data;
        state.contracts.set(contractId, { contractId, worker, terms, amendments: [], endedOn: null });
        return state;
      }
      case 'ContractAmended': {
        const contract = state.contracts.get(event.data.contractId);
        if (contract)
          contract.amendments = withAmendment(contract.amendments, {
            effectiveFrom: event.data.effectiveFrom,
            changes: event.data.changes,
          });
        return state;
      }
      case 'ContractEnded': {
        const contract = state.contracts.get(event.data.contractId);
        if (contract) contract.endedOn = event.data.endedOn;
        return state;
      }
      case 'WorkerDataErased':
        state.erased.add(event.data.personId);
        return state;
    }
  },
  decide(command, state, { now }) {
    const today = businessDate(now);
    switch (command.type) {
      case 'RecordPayTable':
        return recordPayTable(command, state, today);
      case 'SignContract':
        return signContract(command, state, today);
      case 'AmendContract':
        return amendContract(command, state, today);
      case 'EraseWorkerData':
        return eraseWorkerData(command, state, today);
      case 'EndContract':
        return endContract(command, state, today);
      default:
        return exhaustive(command);
    }
  },
};

function recordPayTable(
  command: Extract<WorkforceCommand, { type: 'RecordPayTable' }>,
  state: Workforce,
  today: string,
): WorkEvent[] {
  const { type: _, ...table } = command;
  if (state.payTables.some((t) => t.agreement === table.agreement && t.effectiveFrom === table.effectiveFrom))
    throw stateConflict('PAY_TABLE_EXISTS', `the table of ${table.agreement} from ${table.effectiveFrom} is already recorded`);
  if (Object.keys(table.minimumMonthlyPayCents).length === 0)
    throw invalidField('minimumMonthlyPayCents', 'PAY_TABLE_EMPTY', 'a pay table lists the minimum of at least one level');
  return [{ type: 'PayTableRecorded', data: table }];
}

function signContract(
  command: Extract<WorkforceCommand, { type: 'SignContract' }>,
  state: Workforce,
  today: string,
): WorkEvent[] {
  const { contractId, worker, terms, signedOn, boardResolutionId } = command;
  if (state.contracts.has(contractId)) throw stateConflict('CONTRACT_EXISTS', `contract ${contractId} is already signed`);
  if (signedOn > today) throw invalidField('signedOn', 'DATE_IN_FUTURE', 'a contract cannot be signed after today');
  if (terms.endsOn !== null && terms.endsOn < terms.startsOn)
    throw invalidField('endsOn', 'DATE_ORDER', 'a contract cannot end before it starts');
  if (command.worker.kind === 'member') {
    const member = command.member;
    if (!member?.activeOn)
      throw refusal('W1', W1, `the worker is not a member of the cooperative on ${terms.startsOn}`, {
        memberId: command.worker.memberId,
      });
    if (member.category !== 'worker')
      throw refusal(
        'W1',
        W1,
        `a worker member's contract needs a member of the worker category; this member is ${member.category}`,
        { memberId: command.worker.memberId, category: member.category },
      );
  }
  const volunteering = (command.volunteering ?? []).find(
    (v) => (terms.endsOn === null || v.enrolledOn <= terms.endsOn) && (v.leftOn === null || v.leftOn >= terms.startsOn),
  );
  if (volunteering)
    throw refusal(
      'W4c',
      W4C,
      `the worker is a volunteer of the cooperative from ${volunteering.enrolledOn}${volunteering.leftOn ? ` to ${volunteering.leftOn}` : ''}: a volunteer gives no paid work to the body they volunteer for`,
      { volunteerId: volunteering.volunteerId },
    );
  const contract: ContractState = { contractId, worker, terms, amendments: [], endedOn: null };
  checkMinors(terms);
  checkMinimumPay(state, contract, terms.startsOn);
  checkPayRatio(state, contract, terms.startsOn);
  return [{ type: 'ContractSigned', data: { contractId, worker, ...terms, signedOn, boardResolutionId } }];
}

function amendContract(
  command: Extract<WorkforceCommand, { type: 'AmendContract' }>,
  state: Workforce,
  today: string,
): WorkEvent[] {
  const contract = existing(state, command.contractId);
  const { amendedOn, effectiveFrom, changes } = command;
  if (Object.keys(changes).length === 0)
    throw invalidField('changes', 'NOTHING_TO_AMEND', 'an amendment changes at least one term');
  if (amendedOn > today) throw invalidField('amendedOn', 'DATE_IN_FUTURE', 'an amendment cannot be dated after today');
  if (effectiveFrom < contract.terms.startsOn)
    throw stateConflict(
      'BEFORE_CONTRACT_START',
      `the contract starts on ${contract.terms.startsOn}; an amendment cannot take effect before`,
    );
  if (contract.endedOn !== null && effectiveFrom > contract.endedOn)
    throw stateConflict('CONTRACT_ENDED', `the contract ended on ${contract.endedOn}`);
  const amended: ContractState = {
    ...contract,
    amendments: withAmendment(contract.amendments, { effectiveFrom, changes }),
  };
  const terms = termsOn(amended, effectiveFrom);
  if (terms.endsOn !== null && terms.endsOn < terms.startsOn)
    throw stateConflict('BEFORE_CONTRACT_START', `the contract starts on ${terms.startsOn}; it cannot end before`);
  checkMinimumPay(state, amended, effectiveFrom);
  checkPayRatio(state, amended, effectiveFrom);
  return [{ type: 'ContractAmended', data: { contractId: command.contractId, amendedOn, effectiveFrom, changes } }];
}

function eraseWorkerData(
  command: Extract<WorkforceCommand, { type: 'EraseWorkerData' }>,
  state: Workforce,
  today: string,
): WorkEvent[] {
  const contracts = [...state.contracts.values()].filter(
    (c) => c.worker.kind === 'non_member' && c.worker.personId === command.personId,
  );
  if (contracts.length === 0) throw new NotFoundError('non-member worker', command.personId);
  if (state.erased.has(command.personId)) throw stateConflict('ALREADY_ERASED', 'these personal data have already been erased');
  if (command.erasedOn > today) throw invalidField('erasedOn', 'DATE_IN_FUTURE', 'an erasure is recorded once made');
  for (const c of contracts) checkRetention(`contract ${c.contractId}`, lastDayOf(c), today, WORK_RETENTION);
  for (const v of command.volunteering) checkRetention(`volunteering ${v.volunteerId}`, v.leftOn, today, VOLUNTEER_RETENTION);
  const subjects = new Set([command.personId, ...command.otherSubjects]);
  for (const c of contracts) if (c.worker.kind === 'non_member') subjects.add(c.worker.person.subject);
  return [
    { type: 'WorkerDataErased', data: { personId: command.personId, erasedOn: command.erasedOn, subjects: [...subjects] } },
  ];
}

function endContract(command: Extract<WorkforceCommand, { type: 'EndContract' }>, state: Workforce, today: string): WorkEvent[] {
  const contract = existing(state, command.contractId);
  if (contract.endedOn !== null) throw stateConflict('CONTRACT_ENDED', `the contract ended on ${contract.endedOn}`);
  if (command.endedOn < contract.terms.startsOn)
    throw stateConflict('BEFORE_CONTRACT_START', `the contract starts on ${contract.terms.startsOn}; it cannot end before`);
  if (command.endedOn > today) throw invalidField('endedOn', 'DATE_IN_FUTURE', 'an ending cannot be recorded before it happens');
  return [{ type: 'ContractEnded', data: { contractId: command.contractId, endedOn: command.endedOn, reason: command.reason } }];
}

function existing(state: Workforce, contractId: string): ContractState {
  const contract = state.contracts.get(contractId);
  if (!contract) throw new NotFoundError('contract', contractId);
  return contract;
}

/** W3b: work in regular contact with minors starts only after the criminal-record certificate was checked. */
function checkMinors(terms: ContractTerms): void {
  if (!terms.contactWithMinors) return;
  if (terms.criminalRecordCheckedOn === null)
    throw refusal(
      'W3b',
      W3B,
      'work in direct and regular contact with minors needs the criminal-record certificate checked first',
    );
  if (terms.criminalRecordCheckedOn > terms.startsOn)
    throw refusal(
      'W3b',
      W3B,
      `the criminal-record certificate was checked on ${terms.criminalRecordCheckedOn}, after the start on ${terms.startsOn}`,
    );
}

/** W2: subordinate work is paid at least the collective agreement's minimum for its level and hours. */
function checkMinimumPay(state: Workforce, contract: ContractState, date: string): void {
  const terms = termsOn(contract, date);
  if (terms.form !== 'subordinate') return;
  if (terms.level === null) throw refusal('W2', W2, 'subordinate work names its level of the collective agreement');
  const table = payTableOn(state.payTables, date, terms.agreement);
  if (!table)
    throw refusal(
      'W2',
      W2,
      `no pay table of ${terms.agreement ?? 'the collective agreement'} is in force on ${date}: record it first at /work/pay-tables`,
    );
  const minimum = minimumPayCents(table, terms.level, terms.weeklyHours);
  if (minimum === undefined)
    throw refusal('W2', W2, `level ${terms.level} is not in the table of ${table.agreement} from ${table.effectiveFrom}`);
  if (terms.grossMonthlyPayCents < minimum)
    throw refusal(
      'W2',
      W2,
      `gross monthly pay ${euros(terms.grossMonthlyPayCents)} is below the minimum of ${euros(minimum)} for level ${terms.level} at ${terms.weeklyHours} hours a week (${table.agreement}, from ${table.effectiveFrom})`,
      { minimumCents: minimum, level: terms.level, agreement: table.agreement, effectiveFrom: table.effectiveFrom },
    );
}

/**
 * W3, kept as an invariant: every recorded state satisfies it, and only this contract's pay
 * changed, so the ratio can break only between this contract and another employee's in force
 * on the same day. Terms are constant between starts and amendments, so each pair is compared
 * on the first common day from `from` and on every amendment date after it: O(contracts).
 * Full-time-equivalent pay compares as pay per weekly hour (the full-time hours cancel out).
 */
function checkPayRatio(state: Workforce, contract: ContractState, from: string): void {
  if (contract.terms.form !== 'subordinate') return;
  const perHour = (c: ContractHistory, date: string) => {
    const terms = termsOn(c, date);
    return terms.grossMonthlyPayCents / terms.weeklyHours;
  };
  for (const other of state.contracts.values()) {
    if (other.contractId === contract.contractId || other.terms.form !== 'subordinate') continue;
    const first = other.terms.startsOn > from ? other.terms.startsOn : from;
    const dates = [first];
    for (const a of [...contract.amendments, ...other.amendments]) if (a.effectiveFrom > first) dates.push(a.effectiveFrom);
    for (const date of dates) {
      if (!inForceOn(contract, date) || !inForceOn(other, date)) continue;
      const [mine, theirs] = [perHour(contract, date), perHour(other, date)];
      const [high, low] = mine >= theirs ? [contract, other] : [other, contract];
      if (Math.max(mine, theirs) > MAX_PAY_RATIO * Math.min(mine, theirs)) {
        const fullTime = payTableOn(state.payTables, date)?.fullTimeWeeklyHours ?? DEFAULT_FULL_TIME_WEEKLY_HOURS;
        const annual = (c: ContractHistory) => fullTimeEquivalentAnnualCents(termsOn(c, date), fullTime);
        throw refusal(
          'W3',
          W3,
          `on ${date} the highest full-time-equivalent gross annual pay (${euros(annual(high))}, contract ${high.contractId}) would be more than ${MAX_PAY_RATIO} times the lowest (${euros(annual(low))}, contract ${low.contractId})`,
          {
            date,
            highest: { contractId: high.contractId, annualCents: annual(high) },
            lowest: { contractId: low.contractId, annualCents: annual(low) },
          },
        );
      }
    }
  }
}

const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;
