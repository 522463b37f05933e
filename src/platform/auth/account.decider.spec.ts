import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { InvalidCommandField, StateConflict } from '../errors/domain-errors.js';
import { accountDecider } from './account.decider.js';
import type { AccountEvent } from './account-events.js';

const accountId = 'acct_anna';
const hash = (c: string) => c.repeat(64);
const PASSWORD_HASH = 'scrypt$32768$8$1$c2FsdA$aGFzaA';
const invited: AccountEvent = {
  type: 'PersonInvited',
  data: {
    accountId,
    role: 'secretary',
    memberId: null,
    person: { subject: accountId, scheme: 'none', fields: { name: 'Anna', login: 'anna' } },
    loginIndex: 'index',
    invitationHash: hash('a'),
    invitationExpiresAt: '2026-03-09T10:00:00.000Z',
  },
};
const accepted: AccountEvent = {
  type: 'InvitationAccepted',
  data: { accountId, invitationHash: hash('a'), passwordHash: PASSWORD_HASH },
};
const session: AccountEvent = {
  type: 'SessionStarted',
  data: { accountId, sessionHash: hash('s'), expiresAt: '2026-03-02T22:00:00.000Z' },
};

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe('an invited person', () => {
  it('sets a password with the invitation', () =>
    given(accountDecider, [invited])
      .when({ type: 'AcceptInvitation', accountId, invitationHash: hash('a'), passwordHash: PASSWORD_HASH })
      .then([accepted]));

  it('cannot use another token (400 on the token field)', () => {
    const error = refusal(
      given(accountDecider, [invited]).when({
        type: 'AcceptInvitation',
        accountId,
        invitationHash: hash('b'),
        passwordHash: PASSWORD_HASH,
      }).events,
    );
    expect(error).toBeInstanceOf(InvalidCommandField);
    expect(error).toMatchObject({ field: 'token', code: 'UNKNOWN_REFERENCE' });
  });

  it('cannot use the invitation after it expired', () => {
    const error = refusal(
      given(accountDecider, [invited]).when(
        { type: 'AcceptInvitation', accountId, invitationHash: hash('a'), passwordHash: PASSWORD_HASH },
        new Date('2026-03-09T10:00:01Z'),
      ).events,
    );
    expect(error).toMatchObject({ code: 'INVITATION_EXPIRED' });
  });

  it('cannot sign in before setting a password', () => {
    const error = refusal(
      given(accountDecider, [invited]).when({ type: 'StartSession', accountId, sessionHash: hash('s'), expiresAt: 'x' }).events,
    );
    expect(error).toBeInstanceOf(StateConflict);
  });
});

describe('an active account', () => {
  it('refuses the invitation a second time', () => {
    const error = refusal(
      given(accountDecider, [invited, accepted]).when({
        type: 'AcceptInvitation',
        accountId,
        invitationHash: hash('a'),
        passwordHash: PASSWORD_HASH,
      }).events,
    );
    expect(error).toMatchObject({ code: 'INVITATION_USED' });
  });

  it('opens a session and ends it once; ending it again records nothing', () => {
    given(accountDecider, [invited, accepted])
      .when({ type: 'StartSession', accountId, sessionHash: hash('s'), expiresAt: 'x' })
      .then([{ type: 'SessionStarted', data: { accountId, sessionHash: hash('s'), expiresAt: 'x' } }]);
    given(accountDecider, [invited, accepted, session])
      .when({ type: 'EndSession', accountId, sessionHash: hash('s') })
      .then([{ type: 'SessionEnded', data: { accountId, sessionHash: hash('s') } }]);
    given(accountDecider, [invited, accepted, session, { type: 'SessionsRevoked', data: { accountId } }])
      .when({ type: 'EndSession', accountId, sessionHash: hash('s') })
      .then([]);
  });

  it('is never invited twice', () => {
    expect(refusal(given(accountDecider, [invited]).when({ type: 'InvitePerson', ...invited.data }).events)).toMatchObject({
      code: 'ACCOUNT_EXISTS',
    });
  });

  it('a new password ends every other session; the one it was changed in stays open', () => {
    const other: AccountEvent = { type: 'SessionStarted', data: { accountId, sessionHash: hash('t'), expiresAt: 'x' } };
    const ended: AccountEvent = { type: 'SessionStarted', data: { accountId, sessionHash: hash('u'), expiresAt: 'x' } };
    given(accountDecider, [
      invited,
      accepted,
      session,
      other,
      ended,
      { type: 'SessionEnded', data: { accountId, sessionHash: hash('u') } },
    ])
      .when({ type: 'ChangePassword', accountId, passwordHash: PASSWORD_HASH, keepSessionHash: hash('s') })
      .then([
        { type: 'PasswordChanged', data: { accountId, passwordHash: PASSWORD_HASH } },
        { type: 'SessionEnded', data: { accountId, sessionHash: hash('t') } },
      ]);
  });
});
