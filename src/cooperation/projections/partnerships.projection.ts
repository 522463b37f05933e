import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { CooperationEvent, PartnershipTerms, ResolutionRef } from '../domain/cooperation-events.js';

export const PARTNERSHIPS = 'partnerships';

export interface PartnershipDoc extends Doc, PartnershipTerms {
  agreedOn: string;
  agreedBy: ResolutionRef;
  endedOn: string | null;
  endReason: string | null;
  endedBy: ResolutionRef | null;
  events: Array<{ id: string; type: string; position: string }>;
}

/** The cooperative's partnerships, with the resolutions that agreed and ended them. */
export const partnershipsProjector: Projector = {
  name: PARTNERSHIPS,
  version: 1,
  eventTypes: ['PartnershipAgreed', 'PartnershipEnded'],
  async apply(recorded, context) {
    const partnerships = context.collection<PartnershipDoc>('partnerships');
    const source = { id: recorded.id, type: recorded.type, position: recorded.position };
    const event = recorded as unknown as CooperationEvent;
    if (event.type === 'PartnershipAgreed') {
      const { partnershipId, agreedOn, resolution, ...terms } = event.data;
      await partnerships.replaceOne(
        { _id: partnershipId },
        {
          _id: partnershipId,
          ...terms,
          agreedOn,
          agreedBy: resolution,
          endedOn: null,
          endReason: null,
          endedBy: null,
          events: [source],
        },
        { upsert: true },
      );
    } else
      await partnerships.updateOne(
        { _id: event.data.partnershipId },
        {
          $set: { endedOn: event.data.endedOn, endReason: event.data.reason, endedBy: event.data.resolution },
          $push: { events: source },
        },
      );
  },
};

/** In force on a date: started, not past its term, not ended before. */
export const partnershipInForceOn = (p: PartnershipDoc, date: string) =>
  p.startsOn <= date && (p.endsOn === null || p.endsOn >= date) && (p.endedOn === null || p.endedOn >= date);
