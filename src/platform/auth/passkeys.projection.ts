import type { RecordedEvent } from '../event-store/event-store.js';
import type { Projector } from '../projections/projector.js';
import type { Doc } from '../read-models/read-model-store.js';
import type { AccountEvent, PasskeyTransport } from './account-events.js';

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
export const passkeysProjector: Projector = {
  name: PASSKEYS_PROJECTION,
  version: 1,
  eventTypes: ['PasskeyRegistered', 'PasskeyUsed', 'PasskeyRemoved'],
  async apply(event: RecordedEvent, context) {
    const passkeys = context.collection<PasskeyDoc>('passkeys');
    const e = event as unknown as AccountEvent & RecordedEvent;
    const at = event.metadata.recordedAt;
    switch (e.type) {
      case 'PasskeyRegistered': {
        const { credentialId, ...data } = e.data;
        await passkeys.replaceOne(
          { _id: credentialId },
          { _id: credentialId, ...data, registeredAt: at, lastUsedAt: null },
          { upsert: true },
        );
        break;
      }
      case 'PasskeyUsed':
        await passkeys.updateOne({ _id: e.data.credentialId }, { $set: { counter: e.data.counter, lastUsedAt: at } });
        break;
      case 'PasskeyRemoved':
        await passkeys.deleteOne({ _id: e.data.credentialId });
        break;
    }
  },
};
