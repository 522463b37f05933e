import type { SealedPersonalData } from '../personal-data/personal-data.js';
import { defineProjector, type EventMapOf } from '../projections/define-projector.js';
import type { Doc } from '../read-models/read-model-store.js';
import type { accountEvents, PersonRole } from './account-events.js';

/** People's accounts' events by type (passkeys' included), as their schemas give them. */
export type AccountEvents = EventMapOf<typeof accountEvents>;

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
export const accountsProjector = defineProjector<AccountEvents>({
  name: ACCOUNTS_PROJECTION,
  version: 1,
  on: {
    async PersonInvited({ data, metadata }, context) {
      await context.collection<AccountDoc>('accounts').replaceOne(
        { _id: data.accountId },
        {
          _id: data.accountId,
          role: data.role,
          memberId: data.memberId,
          person: data.person,
          loginIndex: data.loginIndex,
          invitationHash: data.invitationHash,
          invitationExpiresAt: data.invitationExpiresAt,
          status: 'invited',
          passwordHash: null,
          invitedAt: metadata.recordedAt,
          invitedBy: metadata.actor.keyId,
          sessionsRevokedAt: null,
        },
        { upsert: true },
      );
    },
    async InvitationAccepted({ data }, context) {
      await context
        .collection<AccountDoc>('accounts')
        .updateOne({ _id: data.accountId }, { $set: { status: 'active', passwordHash: data.passwordHash } });
    },
    async PasswordChanged({ data }, context) {
      await context
        .collection<AccountDoc>('accounts')
        .updateOne({ _id: data.accountId }, { $set: { passwordHash: data.passwordHash } });
    },
    async SessionStarted({ data, metadata }, context) {
      await context.collection<SessionDoc>('sessions').replaceOne(
        { _id: data.sessionHash },
        {
          _id: data.sessionHash,
          accountId: data.accountId,
          startedAt: metadata.recordedAt,
          expiresAt: data.expiresAt,
          endedAt: null,
        },
        { upsert: true },
      );
    },
    async SessionEnded({ data, metadata }, context) {
      await context
        .collection<SessionDoc>('sessions')
        .updateOne({ _id: data.sessionHash }, { $set: { endedAt: metadata.recordedAt } });
    },
    async SessionsRevoked({ data, metadata }, context) {
      const at = metadata.recordedAt;
      await context
        .collection<SessionDoc>('sessions')
        .updateMany({ accountId: data.accountId, endedAt: null }, { $set: { endedAt: at } });
      await context.collection<AccountDoc>('accounts').updateOne({ _id: data.accountId }, { $set: { sessionsRevokedAt: at } });
    },
  },
});
