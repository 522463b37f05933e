import { sectionOf, type MembershipEvent } from '../domain/membership-events.js';
import type { RegisterLine } from './register-queries.js';

/**
 * The register as of a date recomputed from the events alone, for auditors: every fact
 * whose business date falls on or before `asOf` is applied in recording order; later ones
 * are ignored. It shares no code with the read model (which keeps validity intervals), so
 * agreeing with it is evidence that both are right.
 */
export function replayRegisterAsOf(events: Iterable<MembershipEvent>, asOf: string): RegisterLine[] {
  const lines = new Map<string, RegisterLine>();
  for (const event of events) {
    switch (event.type) {
      case 'MemberAdmitted': {
        const d = event.data;
        if (d.admittedOn > asOf) break;
        lines.set(d.memberId, {
          memberNumber: d.memberNumber,
          memberId: d.memberId,
          applicationId: d.applicationId,
          category: d.category,
          section: sectionOf(d.category),
          admittedOn: d.admittedOn,
          boardResolutionId: d.boardResolutionId,
          shares: { count: 0, subscribedCents: 0, paidCents: 0, refundedCents: 0 },
          exit: null,
        });
        break;
      }
      case 'MemberCategoryChanged': {
        const line = lines.get(event.data.memberId);
        if (line && event.data.changedOn <= asOf) {
          line.category = event.data.to;
          line.section = sectionOf(event.data.to);
        }
        break;
      }
      case 'MembershipEnded': {
        const line = lines.get(event.data.memberId);
        if (line && event.data.endedOn <= asOf && !line.exit) line.exit = { date: event.data.endedOn, cause: event.data.cause };
        break;
      }
      case 'SharesSubscribed': {
        const line = lines.get(event.data.memberId);
        if (line && event.data.subscribedOn <= asOf) {
          line.shares.count += event.data.count;
          line.shares.subscribedCents += event.data.count * event.data.nominalValueCents;
        }
        break;
      }
      case 'SharesPaid': {
        const line = lines.get(event.data.memberId);
        if (line && event.data.paidOn <= asOf) line.shares.paidCents += event.data.amountCents;
        break;
      }
      case 'SharesRefunded': {
        const line = lines.get(event.data.memberId);
        if (line && event.data.refundedOn <= asOf) line.shares.refundedCents += event.data.amountCents;
        break;
      }
      default:
        break;
    }
  }
  return [...lines.values()].sort((a, b) => a.memberNumber - b.memberNumber);
}
