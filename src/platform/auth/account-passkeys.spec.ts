import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from '../errors/domain-errors.js';
import { given } from '../../../test/support/decider-spec.js';
import { accountDecider } from './account.decider.js';
import type { AccountEvent } from './account-events.js';

const accountId = 'acct_anna';
const credentialId = 'Y3JlZGVudGlhbC1vbmU';
const publicKey = 'cHVibGljLWtleS1vZi1vbmU';
const invited: AccountEvent = {
  type: 'PersonInvited',
  data: {
    accountId,
    role: 'secretary',
    memberId: null,
    person: { subject: accountId, scheme: 'none', fields: { name: 'Anna', login: 'anna' } },
    loginIndex: 'index',
    invitationHash: 'a'.repeat(64),
    invitationExpiresAt: '2026-03-09T10:00:00.000Z',
  },
};
const accepted: AccountEvent = {
  type: 'InvitationAccepted',
  data: { accountId, invitationHash: 'a'.repeat(64), passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA' },
};
const registered = (counter = 0): AccountEvent => ({
  type: 'PasskeyRegistered',
  data: { accountId, credentialId, publicKey, counter, transports: ['internal'], name: 'Portatile' },
});
const register = {
  type: 'RegisterPasskey' as const,
  accountId,
  credentialId,
  publicKey,
  counter: 0,
  transports: ['internal' as const],
  name: 'Portatile',
};
const signIn = (counter: number) => ({
  type: 'StartPasskeySession' as const,
  accountId,
  credentialId,
  counter,
  sessionHash: 's'.repeat(64),
  expiresAt: '2026-03-02T22:00:00.000Z',
});

describe('an active person without passkeys', () => {
  it('registers one', () => given(accountDecider, [invited, accepted]).when(register).then([registered()]));
  it('cannot sign in with a credential the account does not hold', () =>
    given(accountDecider, [invited, accepted]).when(signIn(1)).thenConflicts('PASSKEY_UNKNOWN'));
  it('cannot remove one (404)', () =>
    expect(
      given(accountDecider, [invited, accepted]).when({ type: 'RemovePasskey', accountId, credentialId, by: 'self' }).events,
    ).toThrow(NotFoundError));
});

describe('an invited person who has not set a password yet', () => {
  it('cannot register a passkey', () => given(accountDecider, [invited]).when(register).thenConflicts('ACCOUNT_NOT_ACTIVE'));
});

describe('a person with a passkey', () => {
  it('cannot register the same credential twice', () =>
    given(accountDecider, [invited, accepted, registered()]).when(register).thenConflicts('PASSKEY_EXISTS'));

  it('signs in with it: the counter moves and a session starts', () =>
    given(accountDecider, [invited, accepted, registered(4)])
      .when(signIn(5))
      .then([
        { type: 'PasskeyUsed', data: { accountId, credentialId, counter: 5 } },
        { type: 'SessionStarted', data: { accountId, sessionHash: 's'.repeat(64), expiresAt: '2026-03-02T22:00:00.000Z' } },
      ]));

  it('signs in with a synced passkey that keeps no counter (always 0)', () =>
    given(accountDecider, [invited, accepted, registered(0)])
      .when(signIn(0))
      .then([
        { type: 'PasskeyUsed', data: { accountId, credentialId, counter: 0 } },
        { type: 'SessionStarted', data: { accountId, sessionHash: 's'.repeat(64), expiresAt: '2026-03-02T22:00:00.000Z' } },
      ]));

  it('refuses a counter that did not move forward (a cloned authenticator)', () =>
    given(accountDecider, [
      invited,
      accepted,
      registered(4),
      { type: 'PasskeyUsed', data: { accountId, credentialId, counter: 7 } },
    ])
      .when(signIn(7))
      .thenConflicts('PASSKEY_COUNTER'));

  it('an admin removes it, and it signs nobody in any more', () => {
    given(accountDecider, [invited, accepted, registered()])
      .when({ type: 'RemovePasskey', accountId, credentialId, by: 'admin' })
      .then([{ type: 'PasskeyRemoved', data: { accountId, credentialId, by: 'admin' } }]);
    given(accountDecider, [
      invited,
      accepted,
      registered(),
      { type: 'PasskeyRemoved', data: { accountId, credentialId, by: 'admin' } },
    ])
      .when(signIn(1))
      .thenConflicts('PASSKEY_UNKNOWN');
  });
});
