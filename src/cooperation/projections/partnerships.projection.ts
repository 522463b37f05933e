import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { cooperationEvents, PartnershipTerms, ResolutionRef } from '../domain/cooperation-events.js';

export const PARTNERSHIPS = 'partnerships';

export interface PartnershipDoc extends Doc, PartnershipTerms {
  agreedOn: string;
  agreedBy: ResolutionRef;
  endedOn: string | null;
  endReason: string | null;
  endedBy: ResolutionRef | null;
  events: Array<{ id: string; type: string; position: string }>;
}

type CooperationEvents = EventMapOf<typeof cooperationEvents>;

/** The event's envelope, kept with the partnership for the auditor who follows it back. */
const sourceOf = (recorded: RecordedEvent) => ({ id: recorded.id, type: recorded.type, position: recorded.position });

/** The cooperative's partnerships, with the resolutions that agreed and ended them. */
export const partnershipsProjector = defineProjector<CooperationEvents>({
  name: PARTNERSHIPS,
  version: 1,
  on: {
    async PartnershipAgreed(recorded, context) {
      const { partnershipId, agreedOn, resolution, ...terms } = recorded.data;
      await context.collection<PartnershipDoc>('partnerships').replaceOne(
        { _id: partnershipId },
        {
          _id: partnershipId,
          ...terms,
          agreedOn,
          agreedBy: resolution,
          endedOn: null,
          endReason: null,
          endedBy: null,
          events: [sourceOf(recorded)],
        },
        { upsert: true },
      );
    },
    async PartnershipEnded(recorded, context) {
      await context.collection<PartnershipDoc>('partnerships').updateOne(
        { _id: recorded.data.partnershipId },
        {
          $set: { endedOn: recorded.data.endedOn, endReason: recorded.data.reason, endedBy: recorded.data.resolution },
          $push: { events: sourceOf(recorded) },
        },
      );
    },
  },
});

/** In force on a date: started, not past its term, not ended before. */
export const partnershipInForceOn = (p: PartnershipDoc, date: string) =>
  p.startsOn <= date && (p.endsOn === null || p.endsOn >= date) && (p.endedOn === null || p.endedOn >= date);
