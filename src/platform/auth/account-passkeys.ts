import { NotFoundError, stateConflict } from '../errors/domain-errors.js';
import type { AccountEvent, PasskeyTransport } from './account-events.js';

/** The commands on an account's passkeys (WebAuthn credentials), verified before they get here. */
export type PasskeyCommand =
  | {
      type: 'RegisterPasskey';
      accountId: string;
      credentialId: string;
      publicKey: string;
      counter: number;
      transports: PasskeyTransport[];
      name: string;
    }
  | { type: 'RemovePasskey'; accountId: string; credentialId: string; by: 'self' | 'admin' }
  | {
      type: 'StartPasskeySession';
      accountId: string;
      credentialId: string;
      counter: number;
      sessionHash: string;
      expiresAt: string;
    };

/** Per credential id, the last signature counter its authenticator reported. */
export type Passkeys = Map<string, number>;

export function evolvePasskeys(passkeys: Passkeys, event: AccountEvent): Passkeys {
  switch (event.type) {
    case 'PasskeyRegistered':
    case 'PasskeyUsed':
      return new Map(passkeys).set(event.data.credentialId, event.data.counter);
    case 'PasskeyRemoved': {
      const next = new Map(passkeys);
      next.delete(event.data.credentialId);
      return next;
    }
    default:
      return passkeys;
  }
}

/**
 * An active account registers passkeys under distinct ids, removes its own, and signs in
 * with one it holds. The counter must move forward unless the authenticator keeps none
 * (always 0, as synced passkeys do): a counter that goes back betrays a cloned key.
 */
export function decidePasskey(command: PasskeyCommand, status: 'invited' | 'active', passkeys: Passkeys): AccountEvent[] {
  const { accountId, credentialId } = command;
  if (status !== 'active') throw stateConflict('ACCOUNT_NOT_ACTIVE', 'the invitation has not been accepted yet');
  switch (command.type) {
    case 'RegisterPasskey': {
      if (passkeys.has(credentialId)) throw stateConflict('PASSKEY_EXISTS', 'this passkey is registered already');
      const { type: _, ...data } = command;
      return [{ type: 'PasskeyRegistered', data }];
    }
    case 'RemovePasskey':
      if (!passkeys.has(credentialId)) throw new NotFoundError('passkey', credentialId);
      return [{ type: 'PasskeyRemoved', data: { accountId, credentialId, by: command.by } }];
    case 'StartPasskeySession': {
      const stored = passkeys.get(credentialId);
      if (stored === undefined) throw stateConflict('PASSKEY_UNKNOWN', 'this passkey is not registered to the account');
      if ((stored > 0 || command.counter > 0) && command.counter <= stored)
        throw stateConflict('PASSKEY_COUNTER', 'the passkey’s counter went back: the authenticator may have been cloned');
      return [
        { type: 'PasskeyUsed', data: { accountId, credentialId, counter: command.counter } },
        { type: 'SessionStarted', data: { accountId, sessionHash: command.sessionHash, expiresAt: command.expiresAt } },
      ];
    }
  }
}
