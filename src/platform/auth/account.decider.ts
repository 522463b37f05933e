import { exhaustive } from '../commands/exhaustive.js';
import type { Decider } from '../commands/decider.js';
import { invalidField, NotFoundError, stateConflict } from '../errors/domain-errors.js';
import type { SealedPersonalData } from '../personal-data/personal-data.js';
import type { AccountEvent, PersonRole } from './account-events.js';
import { decidePasskey, evolvePasskeys, type PasskeyCommand, type Passkeys } from './account-passkeys.js';

export type AccountCommand =
  | {
      type: 'InvitePerson';
      accountId: string;
      role: PersonRole;
      memberId: string | null;
      person: SealedPersonalData;
      loginIndex: string;
      invitationHash: string;
      invitationExpiresAt: string;
    }
  | { type: 'AcceptInvitation'; accountId: string; invitationHash: string; passwordHash: string }
  /** `keepSessionHash`: the session the change was made in, which stays open; every other one ends. */
  | { type: 'ChangePassword'; accountId: string; passwordHash: string; keepSessionHash: string | null }
  | { type: 'StartSession'; accountId: string; sessionHash: string; expiresAt: string }
  | { type: 'EndSession'; accountId: string; sessionHash: string }
  | { type: 'RevokeSessions'; accountId: string; reason?: string }
  | PasskeyCommand;

export type AccountState =
  | { status: 'none' }
  | {
      status: 'invited' | 'active';
      invitationHash: string;
      invitationExpiresAt: string;
      openSessions: Set<string>;
      passkeys: Passkeys;
    };

/** A person's account: one invitation, used once; a password; the sessions it opened. */
export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'PersonInvited':
        return {
          status: 'invited',
          invitationHash: event.data.invitationHash,
          invitationExpiresAt: event.data.invitationExpiresAt,
          openSessions: new Set(),
          passkeys: new Map(),
        };
      case 'InvitationAccepted':
        return state.status === 'none' ? state : { ...state, status: 'active' };
      case 'PasswordChanged':
        return state;
      case 'SessionStarted':
        if (state.status !== 'none') state.openSessions.add(event.data.sessionHash);
        return state;
      case 'SessionEnded':
        if (state.status !== 'none') state.openSessions.delete(event.data.sessionHash);
        return state;
      case 'SessionsRevoked':
        if (state.status !== 'none') state.openSessions.clear();
        return state;
      case 'PasskeyRegistered':
      case 'PasskeyUsed':
      case 'PasskeyRemoved':
        return state.status === 'none' ? state : { ...state, passkeys: evolvePasskeys(state.passkeys, event) };
      default:
        return exhaustive(event);
    }
  },
  decide(command, state, { now }) {
    if (command.type === 'InvitePerson') {
      if (state.status !== 'none') throw stateConflict('ACCOUNT_EXISTS', `account ${command.accountId} exists already`);
      const { type: _, ...data } = command;
      return [{ type: 'PersonInvited', data }];
    }
    if (state.status === 'none') throw new NotFoundError('account', command.accountId);
    const { accountId } = command;
    switch (command.type) {
      case 'AcceptInvitation':
        if (command.invitationHash !== state.invitationHash)
          throw invalidField('token', 'UNKNOWN_REFERENCE', 'the invitation is unknown');
        if (state.status === 'active') throw stateConflict('INVITATION_USED', 'the invitation was used already');
        if (now.toISOString() > state.invitationExpiresAt)
          throw stateConflict('INVITATION_EXPIRED', 'the invitation has expired: ask an administrator for a new one');
        return [
          {
            type: 'InvitationAccepted',
            data: { accountId, invitationHash: command.invitationHash, passwordHash: command.passwordHash },
          },
        ];
      case 'ChangePassword':
        if (state.status !== 'active') throw stateConflict('ACCOUNT_NOT_ACTIVE', 'the invitation has not been accepted yet');
        // A new password ends the person's other sessions: whoever had the old one may still hold one.
        return [
          { type: 'PasswordChanged', data: { accountId, passwordHash: command.passwordHash } },
          ...[...state.openSessions]
            .filter((sessionHash) => sessionHash !== command.keepSessionHash)
            .map((sessionHash): AccountEvent => ({ type: 'SessionEnded', data: { accountId, sessionHash } })),
        ];
      case 'StartSession':
        if (state.status !== 'active') throw stateConflict('ACCOUNT_NOT_ACTIVE', 'the invitation has not been accepted yet');
        return [{ type: 'SessionStarted', data: { accountId, sessionHash: command.sessionHash, expiresAt: command.expiresAt } }];
      case 'EndSession':
        return state.openSessions.has(command.sessionHash)
          ? [{ type: 'SessionEnded', data: { accountId, sessionHash: command.sessionHash } }]
          : [];
      case 'RevokeSessions':
        return [{ type: 'SessionsRevoked', data: { accountId, ...(command.reason ? { reason: command.reason } : {}) } }];
      case 'RegisterPasskey':
      case 'RemovePasskey':
      case 'StartPasskeySession':
        return decidePasskey(command, state.status, state.passkeys);
      default:
        return exhaustive(command);
    }
  },
};
