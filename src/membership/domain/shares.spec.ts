import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import type { MembershipEvent } from './membership-events.js';
import { sharesDecider, type MemberFacts } from './shares.js';
import { LEGAL_DEFAULTS } from './statute.js';
import { memberId } from '../../../test/support/membership-history.js';

const worker: MemberFacts = { memberId: memberId(1), status: 'active', category: 'worker' };
const subscribe = (count: number, member = worker, statute = LEGAL_DEFAULTS) =>
  ({ type: 'SubscribeShares', member, count, statute, subscribedOn: '2026-02-01' }) as const;
const subscribed = (count: number, value = 2_500): MembershipEvent => ({
  type: 'SharesSubscribed',
  data: { memberId: memberId(1), count, nominalValueCents: value, subscribedOn: '2026-02-01' },
});

describe('M5: share value and holding limits', () => {
  it('subscribes shares at the statute’s value', () =>
    given(sharesDecider)
      .when(subscribe(4))
      .then([subscribed(4)]));

  it('M5 refuses a share value outside €25–€500', () =>
    given(sharesDecider)
      .when(subscribe(1, worker, { ...LEGAL_DEFAULTS, shareValueCents: 2_400 }))
      .thenRefuses('M5', 'c.c. art. 2525 c. 1'));

  it('M5 refuses a natural person holding more than €100,000', () =>
    given(sharesDecider, [subscribed(3_999)])
      .when(subscribe(2))
      .thenRefuses('M5', 'c.c. art. 2525 c. 2'));

  it('M5 lets legal-person and financing members exceed the limit (art. 2525 c. 4)', () => {
    for (const category of ['legal_person', 'financing'] as const)
      expect(
        given(sharesDecider, [subscribed(3_999)])
          .when(subscribe(2, { ...worker, category }))
          .events(),
      ).toHaveLength(1);
  });
});

describe('M1: the subscription that follows the admission (c.c. art. 2528 c. 1)', () => {
  it('subscribes the shares the application asked for', () =>
    given(sharesDecider)
      .when({ ...subscribe(2), onAdmission: true })
      .then([subscribed(2)]));
  it('records nothing for a member who has subscribed shares already', () =>
    given(sharesDecider, [subscribed(4)])
      .when({ ...subscribe(2), onAdmission: true })
      .then([]));
});

describe('payments and refunds', () => {
  it('refuses paying more than is subscribed', () =>
    given(sharesDecider, [subscribed(2)])
      .when({ type: 'PayShares', member: worker, amountCents: 5_001, paidOn: '2026-02-02' })
      .thenConflicts('OVERPAYMENT'));

  it('M7b refuses a refund while the membership lasts', () =>
    given(sharesDecider, [subscribed(2)])
      .when({ type: 'RefundShares', member: worker, amountCents: 100, refundedOn: '2026-02-02' })
      .thenRefuses('M7b'));

  it('refunds what was paid once the membership ended', () => {
    const paid: MembershipEvent = {
      type: 'SharesPaid',
      data: { memberId: memberId(1), amountCents: 5_000, paidOn: '2026-02-01' },
    };
    const former: MemberFacts = { ...worker, status: 'ended', endedOn: '2026-02-10' };
    given(sharesDecider, [subscribed(2), paid])
      .when({ type: 'RefundShares', member: former, amountCents: 5_000, refundedOn: '2026-03-01' })
      .then([{ type: 'SharesRefunded', data: { memberId: memberId(1), amountCents: 5_000, refundedOn: '2026-03-01' } }]);
    given(sharesDecider, [subscribed(2), paid])
      .when({ type: 'RefundShares', member: former, amountCents: 5_001, refundedOn: '2026-03-01' })
      .thenConflicts('OVERREFUND');
  });
});

describe('paying shares', () => {
  it('records a payment up to what is subscribed', () =>
    given(sharesDecider, [subscribed(2)])
      .when({ type: 'PayShares', member: worker, amountCents: 5_000, paidOn: '2026-02-02' })
      .then([{ type: 'SharesPaid', data: { memberId: memberId(1), amountCents: 5_000, paidOn: '2026-02-02' } }]));
});

describe('what is no rule of law', () => {
  it('a subscription by a former member is a conflict (409)', () =>
    given(sharesDecider)
      .when(subscribe(1, { ...worker, status: 'ended', endedOn: '2026-02-01' }))
      .thenConflicts('MEMBER_NOT_ACTIVE'));
  it('a subscription, payment or refund dated after today is invalid on its date field (400)', () => {
    given(sharesDecider)
      .when({ ...subscribe(1), subscribedOn: '2026-03-03' })
      .thenInvalid('subscribedOn', 'DATE_IN_FUTURE');
    given(sharesDecider, [subscribed(2)])
      .when({ type: 'PayShares', member: worker, amountCents: 100, paidOn: '2026-03-03' })
      .thenInvalid('paidOn', 'DATE_IN_FUTURE');
    given(sharesDecider, [subscribed(2)])
      .when({ type: 'RefundShares', member: { ...worker, status: 'ended' }, amountCents: 100, refundedOn: '2026-03-03' })
      .thenInvalid('refundedOn', 'DATE_IN_FUTURE');
  });
});
