import type { Handlers } from '../../platform/projections/define-projector.js';
import type { MemberDoc, MembershipEvents } from './member-register.projection.js';

/** The member register's shares: each member's totals and every movement with its date. */
export const shareHandlers: Handlers<MembershipEvents> = {
  async SharesSubscribed({ data }, context) {
    const { memberId, count, nominalValueCents, subscribedOn } = data;
    const amountCents = count * nominalValueCents;
    await context.collection<MemberDoc>('members').updateOne(
      { _id: memberId },
      {
        $inc: { 'shares.count': count, 'shares.subscribedCents': amountCents },
        $push: { shareMovements: { date: subscribedOn, kind: 'subscribed', count, amountCents } },
      },
    );
  },

  async SharesPaid({ data }, context) {
    await context.collection<MemberDoc>('members').updateOne(
      { _id: data.memberId },
      {
        $inc: { 'shares.paidCents': data.amountCents },
        $push: { shareMovements: { date: data.paidOn, kind: 'paid', count: 0, amountCents: data.amountCents } },
      },
    );
  },

  async SharesRefunded({ data }, context) {
    await context.collection<MemberDoc>('members').updateOne(
      { _id: data.memberId },
      {
        $inc: { 'shares.refundedCents': data.amountCents },
        $push: {
          shareMovements: { date: data.refundedOn, kind: 'refunded', count: 0, amountCents: data.amountCents },
        },
      },
    );
  },
};
