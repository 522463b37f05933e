import { API_KEYS_PROJECTION } from './api-keys.projection.js';
import { apiKeyDecider } from './api-key.decider.js';
import { apiKeyStream } from './api-key-events.js';
import { hashApiKey, newApiKey } from './api-keys.js';
import type { Runtime } from '../runtime.js';

export const BOOTSTRAP_KEY_ID = 'key_bootstrap';
export const SYSTEM_ACTOR = { keyId: 'system', role: 'system' };

/**
 * The first start issues an admin key: `COOP_BOOTSTRAP_ADMIN_KEY` if set, else a random one,
 * printed once. Once it exists, nothing happens (the setting is then ignored), and since
 * every other key is issued by an admin, "the bootstrap key exists" means "any key exists".
 */
export async function ensureBootstrapAdminKey(runtime: Runtime, print: (text: string) => void): Promise<void> {
  const stream = apiKeyStream(BOOTSTRAP_KEY_ID);
  for await (const _ of runtime.events.readStream(stream, { maxCount: 1 })) return;
  const key = runtime.config.bootstrapAdminKey ?? newApiKey();
  const result = await runtime.commands.execute(
    stream,
    apiKeyDecider,
    { type: 'IssueApiKey', keyId: BOOTSTRAP_KEY_ID, role: 'admin', label: 'bootstrap admin key', keyHash: hashApiKey(key) },
    { commandId: 'bootstrap-admin-key', actor: SYSTEM_ACTOR },
  );
  if (result.position) await runtime.projections.waitFor(result.position, [API_KEYS_PROJECTION], 30_000);
  if (result.replayed) return;
  if (runtime.config.bootstrapAdminKey) print('Admin API key set from COOP_BOOTSTRAP_ADMIN_KEY.\n');
  else
    print(
      '\n  Admin API key (shown once; store it now):\n\n    ' +
        key +
        '\n\n  Use it as "Authorization: Bearer <key>"; issue other keys with POST /api-keys.\n\n',
    );
}
