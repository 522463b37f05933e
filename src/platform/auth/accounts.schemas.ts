import { z } from 'zod';
import { PersonRole } from './account-events.js';

const Login = z.string().trim().toLowerCase().min(3).max(200).describe('E-mail address or user name the person signs in with');
const Password = z.string().min(12, 'at least 12 characters').max(200);

export const InviteBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    login: Login,
    role: PersonRole,
    memberId: z.uuid().nullable().default(null).describe('For a director (consigliere): the member they are'),
  })
  .describe('An invitation for a person to sign in with a role of their own');

export const Invitation = z.object({
  accountId: z.string(),
  role: PersonRole,
  invitationToken: z.string().nullable().describe('One-time; in this answer only (null when the request is replayed)'),
  invitationPath: z.string().nullable(),
  expiresAt: z.string(),
  position: z.string().nullable(),
});

export const AcceptBody = z.object({ token: z.string().min(20).max(100), password: Password });
export const SignInBody = z.object({ login: Login, password: z.string().min(1).max(200) });
export const PasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export const AccountParams = z.object({ accountId: z.string().regex(/^acct_[0-9a-z_]{1,64}$/, 'not an account id') });
export const RevocationBody = z.object({ reason: z.string().trim().max(500).optional() });

export const SessionView = z.object({
  accountId: z.string(),
  name: z.string().nullable(),
  login: z.string().nullable(),
  role: PersonRole,
  memberId: z.string().nullable(),
  csrfToken: z.string().describe('Send it as X-CSRF-Token with every write made with the session cookie'),
  expiresAt: z.string(),
});

export const AccountView = z.object({
  accountId: z.string(),
  name: z.string().nullable(),
  login: z.string().nullable(),
  role: PersonRole,
  memberId: z.string().nullable(),
  status: z.enum(['invited', 'active']),
  invitedAt: z.string(),
  sessionsRevokedAt: z.string().nullable(),
});
