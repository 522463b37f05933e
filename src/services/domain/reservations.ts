import { exhaustive } from '../../platform/commands/exhaustive.js';
import { z } from 'zod';
import { BusinessDate, Id } from '../../platform/schemas/values.js';
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
 *
 * Deliveries recorded before these streams existed reserved nothing. So the first reservation
 * on each stream carries what the existing deliveries already hold (`existing`, read by the
 * handler from the deliveries view caught up to the head): it records them first, in the same
 * append and at the same expected revision, then decides against them. A stream that has
 * recorded any reservation already holds them and ignores `existing`; of two processes
 * carrying them at once, the one that loses the append re-reads the stream and finds them.
 */
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
  /** The stream has recorded a reservation: the older deliveries of the day are in it. */
  recorded: boolean;
}

/** A slot an existing delivery holds, as the deliveries view has it. */
export interface ExistingSlot {
  deliveryId: string;
  unitId: string;
  from: number;
  to: number;
}

export type OperatorDayCommand =
  | {
      type: 'ReserveOperatorSlot';
      deliveryId: string;
      unitId: string;
      date: string;
      from: number;
      to: number;
      /** The slots the day's existing deliveries hold; recorded first if the stream has none yet. */
      existing?: ExistingSlot[];
    }
  | { type: 'ReleaseOperatorSlot'; deliveryId: string };

/** S3: the operator's slots of one day; a slot that overlaps another delivery's is refused. */
export const operatorDayDecider: Decider<OperatorDayCommand, OperatorDay, ReservationEvent> = {
  initialState: () => ({ slots: new Map(), recorded: false }),
  evolve(state, event) {
    if (event.type === 'OperatorSlotReserved') {
      const { deliveryId, unitId, date, from, to } = event.data;
      state.slots.set(deliveryId, { unitId, date, from, to });
      state.recorded = true;
    } else if (event.type === 'OperatorSlotReleased') state.slots.delete(event.data.deliveryId);
    return state;
  },
  decide(command, current) {
    switch (command.type) {
      case 'ReserveOperatorSlot': {
        const carried: ReservationEvent[] = current.recorded
          ? []
          : (command.existing ?? []).map((slot) => ({
              type: 'OperatorSlotReserved',
              data: { deliveryId: slot.deliveryId, unitId: slot.unitId, date: command.date, from: slot.from, to: slot.to },
            }));
        const state = carried.reduce(operatorDayDecider.evolve, {
          slots: new Map(current.slots),
          recorded: current.recorded,
        });
        return [...carried, ...reserveSlot(command, state)];
      }
      case 'ReleaseOperatorSlot':
        return current.slots.has(command.deliveryId)
          ? [{ type: 'OperatorSlotReleased', data: { deliveryId: command.deliveryId } }]
          : [];
      default:
        return exhaustive(command);
    }
  },
};

function reserveSlot(
  command: Extract<OperatorDayCommand, { type: 'ReserveOperatorSlot' }>,
  state: OperatorDay,
): ReservationEvent[] {
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

export interface AgreementHours {
  budget: { budgetMinutes: number; overBudget: 'refuse' | 'flag' } | null;
  reserved: Map<string, { unitId: string; date: string; minutes: number }>;
  /** The stream has recorded a reservation: the agreement's older deliveries are in it. */
  recorded: boolean;
}

/** The professional minutes an existing delivery holds, as the deliveries view has it. */
export interface ExistingHours {
  deliveryId: string;
  unitId: string;
  date: string;
  minutes: number;
  overBudget: boolean;
}

export type AgreementHoursCommand =
  | {
      type: 'ReserveAgreementHours';
      deliveryId: string;
      unitId: string;
      date: string;
      minutes: number;
      /** The minutes the agreement's existing deliveries hold; recorded first if none is reserved yet. */
      existing?: ExistingHours[];
    }
  | { type: 'ReleaseAgreementHours'; deliveryId: string };

/** The minutes reserved against the agreement by deliveries other than `deliveryId`. */
export const reservedByOthers = (state: AgreementHours, deliveryId: string): number =>
  [...state.reserved].reduce((n, [id, r]) => (id === deliveryId ? n : n + r.minutes), 0);

/** S3 (and S2: only professional minutes are reserved): the agreement's budget, on the agreement's own stream. */
export const agreementHoursDecider: Decider<AgreementHoursCommand, AgreementHours, ReservationEvent> = {
  initialState: () => ({ budget: null, reserved: new Map(), recorded: false }),
  evolve(state, event) {
    switch (event.type) {
      case 'ServiceAgreementSigned':
        state.budget = { budgetMinutes: Math.round(event.data.hoursBudget * 60), overBudget: event.data.overBudget };
        return state;
      case 'AgreementHoursReserved': {
        const { deliveryId, unitId, date, minutes } = event.data;
        state.reserved.set(deliveryId, { unitId, date, minutes });
        state.recorded = true;
        return state;
      }
      case 'AgreementHoursReleased':
        state.reserved.delete(event.data.deliveryId);
        return state;
      default:
        return state;
    }
  },
  decide(command, current) {
    switch (command.type) {
      case 'ReserveAgreementHours': {
        if (!current.budget) throw stateConflict('AGREEMENT_UNKNOWN', 'no such agreement is signed');
        const carried: ReservationEvent[] = current.recorded
          ? []
          : (command.existing ?? []).map(({ deliveryId, unitId, date, minutes, overBudget }) => ({
              type: 'AgreementHoursReserved',
              data: { deliveryId, unitId, date, minutes, overBudget },
            }));
        const state = carried.reduce(agreementHoursDecider.evolve, {
          budget: current.budget,
          reserved: new Map(current.reserved),
          recorded: current.recorded,
        });
        return [...carried, ...reserveHours(command, state, current.budget)];
      }
      case 'ReleaseAgreementHours':
        return current.reserved.has(command.deliveryId)
          ? [{ type: 'AgreementHoursReleased', data: { deliveryId: command.deliveryId } }]
          : [];
      default:
        return exhaustive(command);
    }
  },
};

function reserveHours(
  command: Extract<AgreementHoursCommand, { type: 'ReserveAgreementHours' }>,
  state: AgreementHours,
  budget: NonNullable<AgreementHours['budget']>,
): ReservationEvent[] {
  const { deliveryId, unitId, date, minutes } = command;
  if (state.reserved.get(deliveryId)?.minutes === minutes) return [];
  const used = reservedByOthers(state, deliveryId);
  const overBudget = used + minutes > budget.budgetMinutes;
  if (overBudget && budget.overBudget === 'refuse')
    throw refusal('S3', S3, `the agreement’s ${budget.budgetMinutes / 60} professional hours would be exceeded`, {
      budgetMinutes: budget.budgetMinutes,
      usedMinutes: used,
    });
  return [{ type: 'AgreementHoursReserved', data: { deliveryId, unitId, date, minutes, overBudget } }];
}

const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
