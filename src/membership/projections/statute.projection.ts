import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { governanceEvents } from '../../governance/public.js';
import type { MembershipStatute } from '../domain/statute.js';

export const MEMBERSHIP_STATUTE = 'membership-statute';

export interface StatuteDoc extends Doc, MembershipStatute {
  adoptedOn: string;
  assemblyResolutionId: string;
}

/** The statute settings in force, from governance's `StatuteSettingsAdopted` events. */
export const membershipStatuteProjector = defineProjector<EventMapOf<typeof governanceEvents>>({
  name: MEMBERSHIP_STATUTE,
  version: 2,
  on: {
    async StatuteSettingsAdopted({ data }, context) {
      const { adoptedOn, assemblyResolutionId, settings } = data;
      const { shareValueCents, maxHoldingCents, minimumMembers } = settings;
      const specialCategory = settings.specialCategory ?? false;
      await context
        .collection<StatuteDoc>('current')
        .replaceOne(
          { _id: 'statute' },
          { _id: 'statute', adoptedOn, assemblyResolutionId, shareValueCents, maxHoldingCents, minimumMembers, specialCategory },
          { upsert: true },
        );
    },
  },
});
