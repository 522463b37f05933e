import type { Doc } from '../read-models/read-model-store.js';
import { defineProjector, type EventMapOf } from '../projections/define-projector.js';
import type { apiKeyEvents, Role } from './api-key-events.js';
import type { ReadScope } from './read-scope.js';

export interface ApiKeyDoc extends Doc {
  /** The key's sha256: what a request's bearer token is looked up by. */
  _id: string;
  keyId: string;
  role: Role;
  label: string;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
  /** What a `service` key may read; absent on other roles (and on service keys issued before scopes). */
  scope?: ReadScope;
}

export const API_KEYS_PROJECTION = 'api-keys';

export const apiKeysProjector = defineProjector<EventMapOf<typeof apiKeyEvents>>({
  name: API_KEYS_PROJECTION,
  version: 1,
  on: {
    async ApiKeyIssued({ data, metadata }, context) {
      await context.collection<ApiKeyDoc>('keys').replaceOne(
        { _id: data.keyHash },
        {
          _id: data.keyHash,
          keyId: data.keyId,
          role: data.role,
          label: data.label,
          issuedAt: metadata.recordedAt,
          issuedBy: metadata.actor.keyId,
          revokedAt: null,
          ...(data.scope ? { scope: data.scope } : {}),
        },
        { upsert: true },
      );
    },
    async ApiKeyRevoked({ data, metadata }, context) {
      await context.collection<ApiKeyDoc>('keys').updateOne({ keyId: data.keyId }, { $set: { revokedAt: metadata.recordedAt } });
    },
  },
});
