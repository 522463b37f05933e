import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { MemberCategory, MembershipEvent } from './membership-events.js';
import { SHARE_VALUE_RANGE_CENTS, type MembershipStatute } from './statute.js';

/** What the register says of the member, passed in by the handler. */
export interface MemberFacts {
  memberId: string;
  status: 'active' | 'ended';
  category: MemberCategory;
  endedOn?: string;
}

export type SharesCommand =
  | {
      type: 'SubscribeShares';
      member: MemberFacts;
      count: number;
      statute: MembershipStatute;
      subscribedOn: string;
      /**
       * The subscription that follows the admission (c.c. art. 2528 c. 1): nothing to record
       * once the member has subscribed shares (an admission recorded before admissions
       * subscribed, whose shares were then recorded on their own).
       */
      onAdmission?: boolean;
    }
  | { type: 'PayShares'; member: MemberFacts; amountCents: number; paidOn: string }
  | { type: 'RefundShares'; member: MemberFacts; amountCents: number; refundedOn: string };

export interface Shares {
  count: number;
  subscribedCents: number;
  paidCents: number;
  refundedCents: number;
}

const M5_VALUE = 'c.c. art. 2525 c. 1';
const M5_LIMIT = 'c.c. art. 2525 c. 2';
const M7B = 'c.c. art. 2535 c. 3';

/** A member's shares (quote sociali), in the member's own stream. Money in integer cents. */
export const sharesDecider: Decider<SharesCommand, Shares, MembershipEvent> = {
  initialState: () => ({ count: 0, subscribedCents: 0, paidCents: 0, refundedCents: 0 }),
  evolve(state, event) {
    switch (event.type) {
      case 'SharesSubscribed':
        return {
          ...state,
          count: state.count + event.data.count,
          subscribedCents: state.subscribedCents + event.data.count * event.data.nominalValueCents,
        };
      case 'SharesPaid':
        return { ...state, paidCents: state.paidCents + event.data.amountCents };
      case 'SharesRefunded':
        return { ...state, refundedCents: state.refundedCents + event.data.amountCents };
      default:
        return state;
    }
  },
  decide(command, state, { now }) {
    const today = businessDate(now);
    switch (command.type) {
      case 'SubscribeShares':
        return subscribeShares(command, state, today);
      case 'PayShares':
        return payShares(command, state, today);
      case 'RefundShares':
        return refundShares(command, state, today);
      default:
        return exhaustive(command);
    }
  },
};

function subscribeShares(
  command: Extract<SharesCommand, { type: 'SubscribeShares' }>,
  state: Shares,
  today: string,
): MembershipEvent[] {
  if (command.onAdmission && state.count > 0) return [];
  if (command.member.status !== 'active') throw stateConflict('MEMBER_NOT_ACTIVE', 'only an active member subscribes shares');
  if (command.subscribedOn > today)
    throw invalidField('subscribedOn', 'DATE_IN_FUTURE', `a subscription cannot be dated after today (${today})`);
  const value = command.statute.shareValueCents;
  // M5: each share between €25 and €500.
  if (value < SHARE_VALUE_RANGE_CENTS.min || value > SHARE_VALUE_RANGE_CENTS.max)
    throw refusal('M5', M5_VALUE, `a share's value must lie between €25 and €500; the statute sets ${value / 100}`);
  // M5: no natural person holds more than the limit; legal persons and financing members are excepted (c. 4).
  const excepted = command.member.category === 'legal_person' || command.member.category === 'financing';
  const after = state.subscribedCents - state.refundedCents + command.count * value;
  if (!excepted && after > command.statute.maxHoldingCents)
    throw refusal(
      'M5',
      M5_LIMIT,
      `the member would hold €${after / 100}, above the €${command.statute.maxHoldingCents / 100} limit`,
      {
        holdingCents: after,
        limitCents: command.statute.maxHoldingCents,
      },
    );
  return [
    {
      type: 'SharesSubscribed',
      data: {
        memberId: command.member.memberId,
        count: command.count,
        nominalValueCents: value,
        subscribedOn: command.subscribedOn,
      },
    },
  ];
}

function payShares(command: Extract<SharesCommand, { type: 'PayShares' }>, state: Shares, today: string): MembershipEvent[] {
  if (command.paidOn > today) throw invalidField('paidOn', 'DATE_IN_FUTURE', `a payment cannot be dated after today (${today})`);
  const due = state.subscribedCents - state.paidCents;
  if (command.amountCents > due)
    throw stateConflict(
      'OVERPAYMENT',
      `€${command.amountCents / 100} exceeds the €${due / 100} still to pay on subscribed shares`,
      { dueCents: due },
    );
  return [
    {
      type: 'SharesPaid',
      data: { memberId: command.member.memberId, amountCents: command.amountCents, paidOn: command.paidOn },
    },
  ];
}

function refundShares(
  command: Extract<SharesCommand, { type: 'RefundShares' }>,
  state: Shares,
  today: string,
): MembershipEvent[] {
  // M7b: shares are refunded to those whose membership has ended.
  if (command.member.status !== 'ended') throw refusal('M7b', M7B, 'shares are refunded only after the membership has ended');
  if (command.refundedOn > today)
    throw invalidField('refundedOn', 'DATE_IN_FUTURE', `a refund cannot be dated after today (${today})`);
  const refundable = state.paidCents - state.refundedCents;
  if (command.amountCents > refundable)
    throw stateConflict('OVERREFUND', `€${command.amountCents / 100} exceeds the €${refundable / 100} paid and not refunded`, {
      refundableCents: refundable,
    });
  return [
    {
      type: 'SharesRefunded',
      data: { memberId: command.member.memberId, amountCents: command.amountCents, refundedOn: command.refundedOn },
    },
  ];
}
