import { z } from 'zod';
import { defineEvent } from '../event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../personal-data/personal-data.js';

/** The roles a person may hold; `service` is for API keys only. */
export const PersonRole = z.enum(['admin', 'secretary', 'board', 'coordinator', 'auditor']);
export type PersonRole = z.infer<typeof PersonRole>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const AccountId = z.string().regex(/^acct_[0-9a-z_]{1,64}$/);
/** `scrypt$N$r$p$salt$hash` (base64url): never the password itself. */
const PasswordHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);

/**
 * An admin invites a person: their name and e-mail are sealed by the vault under the
 * account's id; the e-mail is found again by its blind index; the invitation by its sha256.
 */
export const PersonInvited = defineEvent({
  type: 'PersonInvited',
  schemaVersion: 1,
  schema: z.object({
    accountId: AccountId,
    role: PersonRole,
    memberId: z.string().nullable(),
    person: SealedPersonalDataSchema,
    loginIndex: z.string().min(1),
    invitationHash: Sha256,
    invitationExpiresAt: z.string(),
  }),
});

export const InvitationAccepted = defineEvent({
  type: 'InvitationAccepted',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, invitationHash: Sha256, passwordHash: PasswordHash }),
});

export const PasswordChanged = defineEvent({
  type: 'PasswordChanged',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, passwordHash: PasswordHash }),
});

export const SessionStarted = defineEvent({
  type: 'SessionStarted',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, sessionHash: Sha256, expiresAt: z.string() }),
});

export const SessionEnded = defineEvent({
  type: 'SessionEnded',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, sessionHash: Sha256 }),
});

/** An admin ends every session of a person at once. */
export const SessionsRevoked = defineEvent({
  type: 'SessionsRevoked',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, reason: z.string().max(500).optional() }),
});

const CredentialId = z.string().regex(/^[A-Za-z0-9_-]{16,1400}$/);
const Transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/**
 * A person registers a passkey (WebAuthn credential) from their profile: its id, its COSE
 * public key (base64url: public, yet never written to a log line), the signature counter
 * the authenticator reported, its transports and the name the person gave it.
 */
export const PasskeyRegistered = defineEvent({
  type: 'PasskeyRegistered',
  schemaVersion: 1,
  schema: z.object({
    accountId: AccountId,
    credentialId: CredentialId,
    publicKey: z.string().regex(/^[A-Za-z0-9_-]{16,2000}$/),
    counter: z.number().int().min(0),
    transports: z.array(Transport),
    name: z.string().min(1).max(100),
  }),
});

/** A passkey signed the person in: its counter moved to this value (a session is started beside it). */
export const PasskeyUsed = defineEvent({
  type: 'PasskeyUsed',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, credentialId: CredentialId, counter: z.number().int().min(0) }),
});

/** The person, or an admin, removes a passkey: it signs nobody in any more. */
export const PasskeyRemoved = defineEvent({
  type: 'PasskeyRemoved',
  schemaVersion: 1,
  schema: z.object({ accountId: AccountId, credentialId: CredentialId, by: z.enum(['self', 'admin']) }),
});

type Data<E extends { schema: z.ZodType }> = z.infer<E['schema']>;
export type AccountEvent =
  | { type: 'PersonInvited'; data: Data<typeof PersonInvited> }
  | { type: 'InvitationAccepted'; data: Data<typeof InvitationAccepted> }
  | { type: 'PasswordChanged'; data: Data<typeof PasswordChanged> }
  | { type: 'SessionStarted'; data: Data<typeof SessionStarted> }
  | { type: 'SessionEnded'; data: Data<typeof SessionEnded> }
  | { type: 'SessionsRevoked'; data: Data<typeof SessionsRevoked> }
  | { type: 'PasskeyRegistered'; data: Data<typeof PasskeyRegistered> }
  | { type: 'PasskeyUsed'; data: Data<typeof PasskeyUsed> }
  | { type: 'PasskeyRemoved'; data: Data<typeof PasskeyRemoved> };

export const accountEvents = [
  PersonInvited,
  InvitationAccepted,
  PasswordChanged,
  SessionStarted,
  SessionEnded,
  SessionsRevoked,
  PasskeyRegistered,
  PasskeyUsed,
  PasskeyRemoved,
];
export type PasskeyTransport = z.infer<typeof Transport>;
export const accountStream = (accountId: string) => `account-${accountId}`;
