import type { ContextDefinition } from '../runtime.js';
import { apiKeyEvents } from './api-key-events.js';
import { apiKeysProjector } from './api-keys.projection.js';

/** API keys: the platform's own events and read model. */
export const accessContext: ContextDefinition = {
  name: 'access',
  events: apiKeyEvents,
  projectors: [apiKeysProjector],
};
