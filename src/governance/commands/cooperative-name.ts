import type { EventStore } from '../../platform/event-store/event-store.js';
import { STATUTE_STREAM, StatuteSettingsAdopted, cooperativeNameOf } from '../domain/statute.js';

/**
 * The cooperative's name (denominazione) as the statute settings record it on a date, or the
 * configured name (`COOP_NAME`) while no adopted settings name it. Read from the statute's
 * own stream, so a book of a closed year keeps the name it was printed with.
 */
export async function recordedCooperativeName(events: EventStore, configured: string, asOf?: string): Promise<string> {
  let name: string | undefined;
  for await (const event of events.readStream(STATUTE_STREAM)) {
    if (event.type !== StatuteSettingsAdopted.type) continue;
    const data = event.data as { adoptedOn: string; settings: { name?: string } };
    if (asOf !== undefined && data.adoptedOn > asOf) continue;
    name = data.settings.name;
  }
  return cooperativeNameOf({ name }, configured);
}
