import { defineProjector } from '../projections/define-projector.js';
import type { Doc } from '../read-models/read-model-store.js';
import type { PasskeyTransport } from './account-events.js';
import type { AccountEvents } from './accounts.projection.js';

export interface PasskeyDoc extends Doc {
  /** The credential id (base64url), unique across accounts. */
  _id: string;
  accountId: string;
  publicKey: string;
  counter: number;
  transports: PasskeyTransport[];
  name: string;
  registeredAt: string;
  lastUsedAt: string | null;
}

export const PASSKEYS_PROJECTION = 'passkeys';

/** The passkeys each account holds, looked up by credential id at sign-in; a removed one is gone. */
export const passkeysProjector = defineProjector<AccountEvents>({
  name: PASSKEYS_PROJECTION,
  version: 1,
  on: {
    async PasskeyRegistered({ data, metadata }, context) {
      const { credentialId, ...passkey } = data;
      await context
        .collection<PasskeyDoc>('passkeys')
        .replaceOne(
          { _id: credentialId },
          { _id: credentialId, ...passkey, registeredAt: metadata.recordedAt, lastUsedAt: null },
          { upsert: true },
        );
    },
    async PasskeyUsed({ data, metadata }, context) {
      await context
        .collection<PasskeyDoc>('passkeys')
        .updateOne({ _id: data.credentialId }, { $set: { counter: data.counter, lastUsedAt: metadata.recordedAt } });
    },
    async PasskeyRemoved({ data }, context) {
      await context.collection<PasskeyDoc>('passkeys').deleteOne({ _id: data.credentialId });
    },
  },
});
