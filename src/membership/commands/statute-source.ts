import type { EventStore } from '../../platform/event-store/event-store.js';
import type { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { LEGAL_DEFAULTS, type MembershipStatute } from '../domain/statute.js';
import { MEMBERSHIP_STATUTE, type StatuteDoc } from '../projections/statute.projection.js';
import type { StatuteSource } from './record-shares.handler.js';

/**
 * The statute settings in force: membership's own projection of governance's
 * `StatuteSettingsAdopted`, plus any adopted since the position it has served (read from the
 * store), so a command right after an adoption already applies it; else the legal defaults.
 */
export const adoptedStatute =
  (projections: ProjectionRunner, events: EventStore): StatuteSource =>
  async () => {
    const served = await projections.servedPosition(MEMBERSHIP_STATUTE);
    const doc = await projections.reader<StatuteDoc>(MEMBERSHIP_STATUTE, 'current').findOne({ _id: 'statute' });
    let settings: Partial<MembershipStatute> | undefined = doc ?? undefined;
    for await (const adopted of events.readAll({ after: served, types: ['StatuteSettingsAdopted'] }))
      settings = (adopted.data as { settings: MembershipStatute }).settings;
    if (!settings) return LEGAL_DEFAULTS;
    const { shareValueCents, maxHoldingCents, minimumMembers, specialCategory } = { ...LEGAL_DEFAULTS, ...settings };
    return { shareValueCents, maxHoldingCents, minimumMembers, specialCategory: specialCategory ?? false };
  };
