import { z } from 'zod';
import type { Decider } from '../../platform/commands/decider.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import { S3 } from './rules.js';
import { MINUTES_PER_DAY, ServiceAgreementSigned } from './service-events.js';

/**
 * S3 spans streams: one operator is in one delivery at a time in every unit, and an
 * agreement's professional hours are counted over all its days. Each part has a stream that
 * owns it, so the rule holds across processes by the streams' expected revisions alone:
 *
 * - `operatorDay-<person>-<date>` holds the operator's slots of the day, in every unit;
 * - the agreement's own stream holds the professional minutes reserved against its budget.
 *
 * A delivery reserves both before it is recorded on its unit-day, and releases them if the
 * unit-day then refuses it (or when it is voided).
 */
const Id = z.uuid();
const BusinessDate = z.iso.date();
const MinuteOfDay = z.number().int().min(0).max(MINUTES_PER_DAY);

export const OperatorSlotReserved = defineEvent({
  type: 'OperatorSlotReserved',
  schemaVersion: 1,
  schema: z.object({
    deliveryId: Id,
    unitId: Id,
    date: BusinessDate,
    /** `[from, to)` in minutes from midnight; a later reservation of the same delivery replaces it (a correction). */
    from: MinuteOfDay,
    to: MinuteOfDay,
  }),
});

export const OperatorSlotReleased = defineEvent({
  type: 'OperatorSlotReleased',
  schemaVersion: 1,
  schema: z.object({ deliveryId: Id }),
});

export const AgreementHoursReserved = defineEvent({
  type: 'AgreementHoursReserved',
  schemaVersion: 1,
  schema: z.object({
    deliveryId: Id,
    unitId: Id,
    date: BusinessDate,
    /** Professional minutes; a later reservation of the same delivery replaces it (a correction). */
    minutes: z.number().int().min(1).max(MINUTES_PER_DAY),
    /** With `overBudget: 'flag'`: these minutes went beyond the budget. */
    overBudget: z.boolean(),
  }),
});

export const AgreementHoursReleased = defineEvent({
  type: 'AgreementHoursReleased',
  schemaVersion: 1,
  schema: z.object({ deliveryId: Id }),
});

export const reservationEvents = [OperatorSlotReserved, OperatorSlotReleased, AgreementHoursReserved, AgreementHoursReleased];
export type ReservationEvent = DomainEventOf<(typeof reservationEvents)[number] | typeof ServiceAgreementSigned>;

/** The stream that owns S3's "one place at a time" for one person on one day. */
export const operatorDayStream = (personId: string, date: string) => `operatorDay-${personId}-${date}`;

export interface Reserved {
  unitId: string;
  date: string;
  from: number;
  to: number;
}

export interface OperatorDay {
  slots: Map<string, Reserved>;
}

export type OperatorDayCommand =
  | { type: 'ReserveOperatorSlot'; deliveryId: string; unitId: string; date: string; from: number; to: number }
  | { type: 'ReleaseOperatorSlot'; deliveryId: string };

/** S3: the operator's slots of one day; a slot that overlaps another delivery's is refused. */
export const operatorDayDecider: Decider<OperatorDayCommand, OperatorDay, ReservationEvent> = {
  initialState: () => ({ slots: new Map() }),
  evolve(state, event) {
    if (event.type === 'OperatorSlotReserved') {
      const { deliveryId, unitId, date, from, to } = event.data;
      state.slots.set(deliveryId, { unitId, date, from, to });
    } else if (event.type === 'OperatorSlotReleased') state.slots.delete(event.data.deliveryId);
    return state;
  },
  decide(command, state) {
    switch (command.type) {
      case 'ReserveOperatorSlot': {
        const { deliveryId, unitId, date, from, to } = command;
        const own = state.slots.get(deliveryId);
        if (own && own.from === from && own.to === to) return [];
        const clash = [...state.slots].find(([id, slot]) => id !== deliveryId && slot.from < to && from < slot.to)?.[1];
        if (clash)
          throw refusal(
            'S3',
            S3,
            `the operator is in another delivery from ${timeOf(clash.from)} to ${timeOf(clash.to)}: one operator is not in two at once`,
          );
        return [{ type: 'OperatorSlotReserved', data: { deliveryId, unitId, date, from, to } }];
      }
      case 'ReleaseOperatorSlot':
        return state.slots.has(command.deliveryId)
          ? [{ type: 'OperatorSlotReleased', data: { deliveryId: command.deliveryId } }]
          : [];
      default:
        return exhaustive(command);
    }
  },
};

export interface AgreementHours {
  budget: { budgetMinutes: number; overBudget: 'refuse' | 'flag' } | null;
  reserved: Map<string, { unitId: string; date: string; minutes: number }>;
}

export type AgreementHoursCommand =
  | { type: 'ReserveAgreementHours'; deliveryId: string; unitId: string; date: string; minutes: number }
  | { type: 'ReleaseAgreementHours'; deliveryId: string };

/** The minutes reserved against the agreement by deliveries other than `deliveryId`. */
export const reservedByOthers = (state: AgreementHours, deliveryId: string): number =>
  [...state.reserved].reduce((n, [id, r]) => (id === deliveryId ? n : n + r.minutes), 0);

/** S3 (and S2: only professional minutes are reserved): the agreement's budget, on the agreement's own stream. */
export const agreementHoursDecider: Decider<AgreementHoursCommand, AgreementHours, ReservationEvent> = {
  initialState: () => ({ budget: null, reserved: new Map() }),
  evolve(state, event) {
    switch (event.type) {
      case 'ServiceAgreementSigned':
        state.budget = { budgetMinutes: Math.round(event.data.hoursBudget * 60), overBudget: event.data.overBudget };
        return state;
      case 'AgreementHoursReserved': {
        const { deliveryId, unitId, date, minutes } = event.data;
        state.reserved.set(deliveryId, { unitId, date, minutes });
        return state;
      }
      case 'AgreementHoursReleased':
        state.reserved.delete(event.data.deliveryId);
        return state;
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'ReserveAgreementHours': {
        const { deliveryId, unitId, date, minutes } = command;
        if (!state.budget) throw stateConflict('AGREEMENT_UNKNOWN', 'no such agreement is signed');
        if (state.reserved.get(deliveryId)?.minutes === minutes) return [];
        const used = reservedByOthers(state, deliveryId);
        const overBudget = used + minutes > state.budget.budgetMinutes;
        if (overBudget && state.budget.overBudget === 'refuse')
          throw refusal('S3', S3, `the agreement’s ${state.budget.budgetMinutes / 60} professional hours would be exceeded`, {
            budgetMinutes: state.budget.budgetMinutes,
            usedMinutes: used,
          });
        return [{ type: 'AgreementHoursReserved', data: { deliveryId, unitId, date, minutes, overBudget } }];
      }
      case 'ReleaseAgreementHours':
        return state.reserved.has(command.deliveryId)
          ? [{ type: 'AgreementHoursReleased', data: { deliveryId: command.deliveryId } }]
          : [];
      default:
        return exhaustive(command);
    }
  },
};

const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function exhaustive(command: never): never {
  throw new Error(`unknown command ${JSON.stringify(command)}`);
}
