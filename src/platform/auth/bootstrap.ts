import { API_KEYS_PROJECTION } from './api-keys.projection.js';
import { apiKeyDecider } from './api-key.decider.js';
import { apiKeyStream } from './api-key-events.js';
import { hashApiKey, newApiKey } from './api-keys.js';
import type { Runtime } from '../runtime.js';
import { accountStream } from './account-events.js';
import { invitePerson } from './invitations.js';

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

export const FIRST_ADMIN_ACCOUNT_ID = 'acct_first_admin';

/**
 * The first start also invites the first administrator as a person: a one-time link to set
 * a password, printed beside the key, to sign in as `admin`. Nothing happens once that
 * account exists.
 */
export async function ensureFirstAdminInvitation(runtime: Runtime, print: (text: string) => void): Promise<void> {
  for await (const _ of runtime.events.readStream(accountStream(FIRST_ADMIN_ACCOUNT_ID), { maxCount: 1 })) return;
  const invitation = await invitePerson(
    runtime,
    { name: 'Amministratore', login: 'admin', role: 'admin', memberId: null },
    { commandId: 'bootstrap-first-admin', actor: SYSTEM_ACTOR },
    FIRST_ADMIN_ACCOUNT_ID,
  );
  if (!invitation.invitationPath) return;
  const base = `http://${runtime.config.host === '0.0.0.0' ? '127.0.0.1' : runtime.config.host}:${runtime.config.port}`;
  print(
    '\n  First administrator of the web app (one-time link, valid 7 days):\n\n    ' +
      base +
      invitation.invitationPath +
      '\n\n  Set a password there, then sign in as "admin".\n\n',
  );
}
