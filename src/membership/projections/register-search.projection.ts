import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { Projector, ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { MembershipEvent } from '../domain/membership-events.js';

type EventData<T extends MembershipEvent['type']> = Extract<MembershipEvent, { type: T }>['data'];

export const REGISTER_SEARCH = 'register-search';

/** One applicant's searchable words, as blind hashes; `memberId` once admitted. */
export interface SearchEntryDoc extends Doc {
  memberId: string | null;
  terms: string[];
}

interface Searchable {
  givenName?: string;
  familyName?: string;
  name?: string;
  fiscalCode?: string;
}

/**
 * The register's search index: the beginnings of the words of each applicant's name and
 * fiscal code, as keyed hashes (`BlindSearch`), so `GET /membership/register?q=` finds a
 * member without opening every member's sealed data. The names themselves never enter the
 * read model; an erasure (`MemberDataErased`) deletes the entry, and a rebuild after it
 * finds the data erased and indexes nothing. A search reads the entries whole (an index holds
 * scalars, not arrays): a few hundred bytes a member, matched in memory.
 */
export const registerSearchProjector: Projector = {
  name: REGISTER_SEARCH,
  version: 1,
  eventTypes: ['MembershipApplied', 'MemberAdmitted', 'MemberDataErased'],
  async apply(event: RecordedEvent, context: ProjectionContext) {
    const entries = context.collection<SearchEntryDoc>('entries');
    switch (event.type) {
      case 'MembershipApplied': {
        const { applicationId, applicant } = event.data as EventData<'MembershipApplied'>;
        await entries.replaceOne(
          { _id: applicationId },
          { _id: applicationId, memberId: null, terms: await termsOf(applicant as SealedPersonalData, context) },
          { upsert: true },
        );
        return;
      }
      case 'MemberAdmitted': {
        const { applicationId, memberId } = event.data as EventData<'MemberAdmitted'>;
        await entries.updateOne({ _id: applicationId }, { $set: { memberId } });
        return;
      }
      case 'MemberDataErased': {
        await entries.deleteOne({ _id: (event.data as EventData<'MemberDataErased'>).applicationId });
        return;
      }
    }
  },
};

async function termsOf(sealed: SealedPersonalData, context: ProjectionContext): Promise<string[]> {
  if (!context.personalData) throw new Error(`${REGISTER_SEARCH} needs the deployment's vault and blind index to index names`);
  const fields = await context.personalData.vault.open<Searchable & Record<string, unknown>>(sealed);
  if (!fields) return [];
  return context.personalData.search.terms([fields.name, fields.familyName, fields.givenName, fields.fiscalCode]);
}
