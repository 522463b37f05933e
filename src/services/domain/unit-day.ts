import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, NotFoundError, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import { S1, S2, S3, S4, S5, W3B } from './rules.js';
import { MINUTES_PER_DAY, type DeliveryData, type Operator, type ServiceEvent } from './service-events.js';

/** One delivery as the day's decisions need it. */
export interface Slot {
  deliveryId: string;
  agreementId: string;
  beneficiaries: string[];
  minors: string[];
  operatorPersonId: string;
  professional: boolean;
  /** Minutes from midnight. */
  from: number;
  to: number;
  voided: boolean;
}

export interface UnitDay {
  deliveries: Map<string, Slot>;
}

/** What the day's deciding needs from elsewhere, gathered by the handler from the services context's own views. */
export interface DeliveryFacts {
  /** S5: the unit's setting; null if no such unit is open. */
  unit: { childrenPerStaff: number } | null;
  /** S3: the agreement and the professional minutes already used on other days; null if none. */
  agreement: {
    unitId: string;
    startsOn: string;
    endsOn: string;
    budgetMinutes: number;
    overBudget: 'refuse' | 'flag';
    usedMinutesElsewhere: number;
  } | null;
  /** S4 and enrolment, per beneficiary named. */
  beneficiaries: Array<{ beneficiaryId: string; registered: boolean; erased: boolean; minor: boolean; enrolled: boolean }>;
  /** S1 and W3b: the operator on the date; null if the contract or volunteer is unknown. */
  operator: {
    personId: string;
    inForce: boolean;
    /** Volunteers only: insured on the date. */
    insured: boolean;
    criminalRecordCheckedOn: string | null;
  } | null;
  /** S3: the same person's deliveries elsewhere that day, `[from, to)` in minutes. */
  operatorElsewhere: Array<{ from: number; to: number }>;
}

export type UnitDayCommand =
  | {
      type: 'DeliverService';
      delivery: Omit<DeliveryData, 'operatorPersonId' | 'professional' | 'overBudget' | 'minors'>;
      facts: DeliveryFacts;
    }
  | {
      type: 'CorrectDelivery';
      deliveryId: string;
      changes: Data<'ServiceDeliveryCorrected'>['changes'];
      reason: Data<'ServiceDeliveryCorrected'>['reason'];
      facts: Pick<DeliveryFacts, 'unit' | 'agreement' | 'operatorElsewhere'> & {
        operator: { criminalRecordCheckedOn: string | null } | null;
      };
    }
  | ({ type: 'VoidDelivery' } & Data<'ServiceDeliveryVoided'>);

type Data<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Every delivery of one unit on one day, in `unitDay-<unit>-<date>`: S1 (operator in force,
 * volunteers insured), S2 (volunteers never count as professionals), S3 (one operator in one
 * place at a time, inside the agreement's period, within its budget or flagged), S4 (nothing
 * for an erased beneficiary), S5 (children per professional present, at every moment), W3b.
 */
export const unitDayDecider: Decider<UnitDayCommand, UnitDay, ServiceEvent> = {
  initialState: () => ({ deliveries: new Map() }),
  evolve(state, event) {
    switch (event.type) {
      case 'ServiceDelivered': {
        const d = event.data;
        const from = minutesOf(d.start);
        state.deliveries.set(d.deliveryId, {
          deliveryId: d.deliveryId,
          agreementId: d.agreementId,
          beneficiaries: d.beneficiaries,
          minors: d.minors,
          operatorPersonId: d.operatorPersonId,
          professional: d.professional,
          from,
          to: from + d.minutes,
          voided: false,
        });
        return state;
      }
      case 'ServiceDeliveryCorrected': {
        const slot = state.deliveries.get(event.data.deliveryId);
        if (!slot) return state;
        const from = event.data.changes.start !== undefined ? minutesOf(event.data.changes.start) : slot.from;
        const minutes = event.data.changes.minutes ?? slot.to - slot.from;
        state.deliveries.set(slot.deliveryId, { ...slot, from, to: from + minutes });
        return state;
      }
      case 'ServiceDeliveryVoided': {
        const slot = state.deliveries.get(event.data.deliveryId);
        if (slot) state.deliveries.set(slot.deliveryId, { ...slot, voided: true });
        return state;
      }
      default:
        return state;
    }
  },
  decide(command, state, { now }) {
    switch (command.type) {
      case 'DeliverService':
        return deliverService(command, state, now);
      case 'CorrectDelivery':
        return correctDelivery(command, state, now);
      case 'VoidDelivery':
        return voidDelivery(command, state, now);
      default:
        return exhaustive(command);
    }
  },
};

function deliverService(command: Extract<UnitDayCommand, { type: 'DeliverService' }>, state: UnitDay, now: Date): ServiceEvent[] {
  const { delivery, facts } = command;
  if (state.deliveries.has(delivery.deliveryId))
    throw stateConflict('DELIVERY_EXISTS', `delivery ${delivery.deliveryId} is recorded`);
  if (delivery.date > businessDate(now)) throw invalidField('date', 'DATE_IN_FUTURE', 'a delivery is recorded once given');
  if (!facts.unit) throw invalidField('unitId', 'UNKNOWN_REFERENCE', `no unit ${delivery.unitId} is open`);
  const agreement = facts.agreement;
  if (!agreement) throw invalidField('agreementId', 'UNKNOWN_REFERENCE', `no agreement ${delivery.agreementId} is signed`);
  if (agreement.unitId !== delivery.unitId)
    throw stateConflict('AGREEMENT_UNIT', `agreement ${delivery.agreementId} is for another unit`);
  if (delivery.date < agreement.startsOn || delivery.date > agreement.endsOn)
    throw refusal(
      'S3',
      S3,
      `the agreement runs from ${agreement.startsOn} to ${agreement.endsOn}: ${delivery.date} is outside it`,
    );
  const twice = delivery.beneficiaries.findIndex((id, i) => delivery.beneficiaries.indexOf(id) !== i);
  if (twice >= 0) throw invalidField(`beneficiaries.${twice}`, 'DUPLICATE_BENEFICIARY', 'a beneficiary is named twice');
  for (const [i, b] of facts.beneficiaries.entries()) {
    if (!b.registered)
      throw invalidField(`beneficiaries.${i}`, 'UNKNOWN_REFERENCE', `no beneficiary ${b.beneficiaryId} is registered`);
    if (b.erased) throw refusal('S4', S4, `beneficiary ${b.beneficiaryId}’s data are erased: no delivery is recorded for them`);
    if (!b.enrolled)
      throw stateConflict('NOT_ENROLLED', `beneficiary ${b.beneficiaryId} is not enrolled in the agreement on ${delivery.date}`);
  }
  const operator = facts.operator;
  const kind = delivery.operator.kind;
  if (!operator)
    throw invalidField(
      kind === 'staff' ? 'operator.contractId' : 'operator.volunteerId',
      'UNKNOWN_REFERENCE',
      `no ${kind === 'staff' ? 'contract' : 'volunteer'} ${operatorRef(delivery.operator)} is recorded`,
    );
  if (!operator.inForce)
    throw refusal(
      'S1',
      S1,
      kind === 'staff'
        ? `contract ${operatorRef(delivery.operator)} is not in force on ${delivery.date}`
        : `volunteer ${operatorRef(delivery.operator)} is not enrolled on ${delivery.date}`,
    );
  if (kind === 'volunteer' && !operator.insured) throw refusal('S1', S1, `the volunteer is not insured on ${delivery.date}`);
  const minors = facts.beneficiaries.filter((b) => b.minor).map((b) => b.beneficiaryId);
  checkRecord(minors.length > 0, operator.criminalRecordCheckedOn, delivery.date);
  const from = minutesOf(delivery.start);
  const slot: Slot = {
    deliveryId: delivery.deliveryId,
    agreementId: delivery.agreementId,
    beneficiaries: delivery.beneficiaries,
    minors,
    operatorPersonId: operator.personId,
    professional: kind === 'staff',
    from,
    to: from + delivery.minutes,
    voided: false,
  };
  if (slot.to > MINUTES_PER_DAY) throw invalidField('minutes', 'DATE_ORDER', 'a delivery ends on the day it starts');
  checkOverlap(state, slot, facts.operatorElsewhere);
  checkRatio(state, slot, facts.unit.childrenPerStaff);
  const overBudget = checkBudget(state, slot, agreement, slot.to - slot.from);
  return [
    {
      type: 'ServiceDelivered',
      data: { ...delivery, minors, operatorPersonId: operator.personId, professional: slot.professional, overBudget },
    },
  ];
}

function correctDelivery(
  command: Extract<UnitDayCommand, { type: 'CorrectDelivery' }>,
  state: UnitDay,
  now: Date,
): ServiceEvent[] {
  const slot = live(state, command.deliveryId);
  const { changes, facts } = command;
  if (Object.keys(changes).length === 0) throw invalidField('changes', 'NOTHING_TO_CORRECT', 'a correction changes something');
  const from = changes.start !== undefined ? minutesOf(changes.start) : slot.from;
  const corrected: Slot = { ...slot, from, to: from + (changes.minutes ?? slot.to - slot.from) };
  if (corrected.to > MINUTES_PER_DAY)
    throw invalidField(
      changes.minutes !== undefined ? 'changes.minutes' : 'changes.start',
      'DATE_ORDER',
      'a delivery ends on the day it starts',
    );
  const others: UnitDay = { deliveries: new Map([...state.deliveries].filter(([id]) => id !== slot.deliveryId)) };
  checkOverlap(others, corrected, facts.operatorElsewhere);
  if (facts.unit) checkRatio(others, corrected, facts.unit.childrenPerStaff);
  const overBudget = facts.agreement ? checkBudget(others, corrected, facts.agreement, corrected.to - corrected.from) : false;
  return [
    {
      type: 'ServiceDeliveryCorrected',
      data: { deliveryId: slot.deliveryId, changes, reason: command.reason, overBudget },
    },
  ];
}

function voidDelivery(command: Extract<UnitDayCommand, { type: 'VoidDelivery' }>, state: UnitDay, now: Date): ServiceEvent[] {
  const slot = live(state, command.deliveryId);
  return [{ type: 'ServiceDeliveryVoided', data: { deliveryId: slot.deliveryId, reason: command.reason } }];
}

const operatorRef = (operator: Operator) => (operator.kind === 'staff' ? operator.contractId : operator.volunteerId);

function live(state: UnitDay, deliveryId: string): Slot {
  const slot = state.deliveries.get(deliveryId);
  if (!slot) throw new NotFoundError('delivery', deliveryId);
  if (slot.voided) throw stateConflict('DELIVERY_VOIDED', `delivery ${deliveryId} is void`);
  return slot;
}

/** W3b: nobody works with minors before the criminal-record certificate is checked. */
function checkRecord(withMinors: boolean, checkedOn: string | null, date: string): void {
  if (withMinors && (checkedOn === null || checkedOn > date))
    throw refusal('W3b', W3B, 'the operator’s criminal-record certificate is not checked: no delivery to minors');
}

/** S3: one operator, one delivery at a time, here and in every other unit. */
function checkOverlap(state: UnitDay, slot: Slot, elsewhere: ReadonlyArray<{ from: number; to: number }>): void {
  const busy = [
    ...[...state.deliveries.values()].filter((d) => !d.voided && d.operatorPersonId === slot.operatorPersonId),
    ...elsewhere,
  ];
  const clash = busy.find((d) => d.from < slot.to && slot.from < d.to);
  if (clash)
    throw refusal(
      'S3',
      S3,
      `the operator is in another delivery from ${timeOf(clash.from)} to ${timeOf(clash.to)}: one operator is not in two at once`,
    );
}

/**
 * S5 (and S2): at every moment of the delivery, the minors present in the unit are at most
 * `childrenPerStaff` for each professional present; volunteers bring children but never count
 * as staff. Presence only grows where a delivery starts, so those moments are enough.
 */
function checkRatio(state: UnitDay, slot: Slot, childrenPerStaff: number): void {
  const all = [...liveSlots(state), slot];
  const moments = new Set([slot.from, ...all.map((d) => d.from).filter((t) => t > slot.from && t < slot.to)]);
  for (const t of moments) {
    const { children, staff, volunteers } = presentAt(all, t);
    if (children <= staff * childrenPerStaff) continue;
    throw refusal(
      'S5',
      volunteers ? `${S5}; ${S2}` : S5,
      `at ${timeOf(t)} ${children} children would be with ${staff} professional${staff === 1 ? '' : 's'}: ` +
        `the unit allows ${childrenPerStaff} per professional${volunteers ? ' (volunteers never count, S2)' : ''}`,
      { time: timeOf(t), children, staff, childrenPerStaff },
    );
  }
}

/** The deliveries of the day that stand (not voided). */
export const liveSlots = (state: UnitDay): Slot[] => [...state.deliveries.values()].filter((d) => !d.voided);

/** S5's count at a moment: distinct minors, professionals and volunteers present. */
export function presentAt(slots: readonly Slot[], t: number): { children: number; staff: number; volunteers: number } {
  const present = slots.filter((d) => d.from <= t && t < d.to);
  return {
    children: new Set(present.flatMap((d) => d.minors)).size,
    staff: new Set(present.filter((d) => d.professional).map((d) => d.operatorPersonId)).size,
    volunteers: new Set(present.filter((d) => !d.professional).map((d) => d.operatorPersonId)).size,
  };
}

/** S3 and S2: professional minutes beyond the budget are refused, or recorded with a flag, as the agreement says. */
function checkBudget(state: UnitDay, slot: Slot, agreement: NonNullable<DeliveryFacts['agreement']>, minutes: number): boolean {
  if (!slot.professional) return false;
  const today = [...state.deliveries.values()]
    .filter((d) => !d.voided && d.professional && d.agreementId === slot.agreementId)
    .reduce((n, d) => n + (d.to - d.from), 0);
  const used = agreement.usedMinutesElsewhere + today + minutes;
  if (used <= agreement.budgetMinutes) return false;
  if (agreement.overBudget === 'refuse')
    throw refusal('S3', S3, `the agreement’s ${agreement.budgetMinutes / 60} professional hours would be exceeded`, {
      budgetMinutes: agreement.budgetMinutes,
      usedMinutes: used - minutes,
    });
  return true;
}
