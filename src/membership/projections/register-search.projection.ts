import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { ProjectionContext } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { membershipEvents } from '../domain/membership-events.js';

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
export const registerSearchProjector = defineProjector<EventMapOf<typeof membershipEvents>>({
  name: REGISTER_SEARCH,
  version: 1,
  on: {
    async MembershipApplied({ data: { applicationId, applicant } }, context) {
      await context
        .collection<SearchEntryDoc>('entries')
        .put({ _id: applicationId, memberId: null, terms: await termsOf(applicant, context) });
    },
    async MemberAdmitted({ data: { applicationId, memberId } }, context) {
      await context.collection<SearchEntryDoc>('entries').updateOne({ _id: applicationId }, { $set: { memberId } });
    },
    async MemberDataErased({ data: { applicationId } }, context) {
      await context.collection<SearchEntryDoc>('entries').deleteOne({ _id: applicationId });
    },
  },
});

async function termsOf(sealed: SealedPersonalData, context: ProjectionContext): Promise<string[]> {
  if (!context.personalData) throw new Error(`${REGISTER_SEARCH} needs the deployment's vault and blind index to index names`);
  const fields = await context.personalData.vault.open<Searchable & Record<string, unknown>>(sealed);
  if (!fields) return [];
  return context.personalData.search.terms([fields.name, fields.familyName, fields.givenName, fields.fiscalCode]);
}
