import type { CommandMetadata } from '../commands/command-processor.js';
import type { Runtime } from '../runtime.js';
import { accountDecider } from './account.decider.js';
import { accountStream, type PersonRole } from './account-events.js';
import { ACCOUNTS_PROJECTION } from './accounts.projection.js';
import { newSecret, sha256 } from './secrets.js';

export const INVITATION_DAYS = 7;

/** The app's page where an invitation's token sets the password (a fragment: never sent to the server or logged). */
export const invitationPath = (token: string) => `/imposta-password#token=${token}`;

/**
 * Records the invitation of a person: name and login sealed under the account's id, the
 * login's blind index to find it at sign-in, and only the sha256 of the one-time token.
 */
export async function invitePerson(
  runtime: Runtime,
  person: { name: string; login: string; role: PersonRole; memberId: string | null },
  meta: CommandMetadata,
  accountId = `acct_${sha256(`${meta.actor.keyId}:${meta.commandId}`).slice(0, 16)}`,
) {
  const token = newSecret();
  const expiresAt = new Date(runtime.clock.now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const result = await runtime.commands.execute(
    accountStream(accountId),
    accountDecider,
    {
      type: 'InvitePerson',
      accountId,
      role: person.role,
      memberId: person.memberId,
      person: await runtime.vault.seal(accountId, { name: person.name, login: person.login }),
      loginIndex: await runtime.blindIndex.of(`login:${person.login}`),
      invitationHash: sha256(token),
      invitationExpiresAt: expiresAt,
    },
    meta,
  );
  if (result.position) await runtime.projections.waitFor(result.position, [ACCOUNTS_PROJECTION], 30_000);
  return {
    accountId,
    role: person.role,
    invitationToken: result.replayed ? null : token,
    invitationPath: result.replayed ? null : invitationPath(token),
    expiresAt,
    position: result.position,
  };
}
