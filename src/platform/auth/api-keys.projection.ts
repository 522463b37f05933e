import type { RecordedEvent } from '../event-store/event-store.js';
import type { Doc } from '../read-models/read-model-store.js';
import type { Projector } from '../projections/projector.js';
import type { ApiKeyEvent, Role } from './api-key-events.js';
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

export const apiKeysProjector: Projector = {
  name: API_KEYS_PROJECTION,
  version: 1,
  eventTypes: ['ApiKeyIssued', 'ApiKeyRevoked'],
  async apply(event: RecordedEvent, context) {
    const keys = context.collection<ApiKeyDoc>('keys');
    const e = event as unknown as ApiKeyEvent & RecordedEvent;
    switch (e.type) {
      case 'ApiKeyIssued':
        await keys.replaceOne(
          { _id: e.data.keyHash },
          {
            _id: e.data.keyHash,
            keyId: e.data.keyId,
            role: e.data.role,
            label: e.data.label,
            issuedAt: event.metadata.recordedAt,
            issuedBy: event.metadata.actor.keyId,
            revokedAt: null,
            ...(e.data.scope ? { scope: e.data.scope } : {}),
          },
          { upsert: true },
        );
        break;
      case 'ApiKeyRevoked':
        await keys.updateOne({ keyId: e.data.keyId }, { $set: { revokedAt: event.metadata.recordedAt } });
        break;
    }
  },
};
