import type { RecordedEvent } from '../event-store/event-store.js';
import type { SealedPersonalData } from '../personal-data/personal-data.js';
import type { Projector } from '../projections/projector.js';
import type { Doc } from '../read-models/read-model-store.js';
import type { AccountEvent, PersonRole } from './account-events.js';

export interface AccountDoc extends Doc {
  _id: string;
  role: PersonRole;
  memberId: string | null;
  person: SealedPersonalData;
  loginIndex: string;
  invitationHash: string;
  invitationExpiresAt: string;
  status: 'invited' | 'active';
  passwordHash: string | null;
  invitedAt: string;
  invitedBy: string;
  sessionsRevokedAt: string | null;
}

export interface SessionDoc extends Doc {
  /** The sha256 of the session's secret, which only the person's cookie holds. */
  _id: string;
  accountId: string;
  startedAt: string;
  expiresAt: string;
  endedAt: string | null;
}

export const ACCOUNTS_PROJECTION = 'accounts';

/** People's accounts and their sessions, looked up by the guard on every request. */
export const accountsProjector: Projector = {
  name: ACCOUNTS_PROJECTION,
  version: 1,
  eventTypes: ['PersonInvited', 'InvitationAccepted', 'PasswordChanged', 'SessionStarted', 'SessionEnded', 'SessionsRevoked'],
  async apply(event: RecordedEvent, context) {
    const accounts = context.collection<AccountDoc>('accounts');
    const sessions = context.collection<SessionDoc>('sessions');
    const e = event as unknown as AccountEvent & RecordedEvent;
    const at = event.metadata.recordedAt;
    switch (e.type) {
      case 'PersonInvited':
        await accounts.replaceOne(
          { _id: e.data.accountId },
          {
            _id: e.data.accountId,
            role: e.data.role,
            memberId: e.data.memberId,
            person: e.data.person,
            loginIndex: e.data.loginIndex,
            invitationHash: e.data.invitationHash,
            invitationExpiresAt: e.data.invitationExpiresAt,
            status: 'invited',
            passwordHash: null,
            invitedAt: at,
            invitedBy: event.metadata.actor.keyId,
            sessionsRevokedAt: null,
          },
          { upsert: true },
        );
        break;
      case 'InvitationAccepted':
        await accounts.updateOne({ _id: e.data.accountId }, { $set: { status: 'active', passwordHash: e.data.passwordHash } });
        break;
      case 'PasswordChanged':
        await accounts.updateOne({ _id: e.data.accountId }, { $set: { passwordHash: e.data.passwordHash } });
        break;
      case 'SessionStarted':
        await sessions.replaceOne(
          { _id: e.data.sessionHash },
          { _id: e.data.sessionHash, accountId: e.data.accountId, startedAt: at, expiresAt: e.data.expiresAt, endedAt: null },
          { upsert: true },
        );
        break;
      case 'SessionEnded':
        await sessions.updateOne({ _id: e.data.sessionHash }, { $set: { endedAt: at } });
        break;
      case 'SessionsRevoked':
        await sessions.updateMany({ accountId: e.data.accountId, endedAt: null }, { $set: { endedAt: at } });
        await accounts.updateOne({ _id: e.data.accountId }, { $set: { sessionsRevokedAt: at } });
        break;
    }
  },
};
