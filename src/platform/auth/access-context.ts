import type { ContextDefinition } from '../runtime.js';
import { accountEvents } from './account-events.js';
import { accountsProjector } from './accounts.projection.js';
import { apiKeyEvents } from './api-key-events.js';
import { apiKeysProjector } from './api-keys.projection.js';
import { passkeysProjector } from './passkeys.projection.js';

/** API keys and people's accounts: the platform's own events and read models. */
export const accessContext: ContextDefinition = {
  name: 'access',
  events: [...apiKeyEvents, ...accountEvents],
  projectors: [apiKeysProjector, accountsProjector, passkeysProjector],
};
