import { Controller, Delete, Get, HttpException, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { CommandMetadata } from '../commands/command-processor.js';
import { invalidField } from '../errors/domain-errors.js';
import { NotCaughtUpError, UnauthenticatedError } from '../http/http-errors.js';
import { CommandAnswerSchema, CommandRoute, Operation, ValidBody, ValidParams } from '../http/operation.js';
import { CommandMeta, type CoopRequest } from '../http/request-context.js';
import { RUNTIME } from '../http/tokens.js';
import type { Runtime } from '../runtime.js';
import { accountDecider } from './account.decider.js';
import { accountStream, type PersonRole } from './account-events.js';
import { ACCOUNTS_PROJECTION, type AccountDoc } from './accounts.projection.js';
import {
  AcceptBody,
  AccountParams,
  AccountView,
  Invitation,
  InviteBody,
  PasswordBody,
  RevocationBody,
  SessionView,
  SignInBody,
} from './accounts.schemas.js';
import { invitePerson } from './invitations.js';
import { refusalsOf } from './refusals.js';
import { csrfTokenOf, hashPassword, newSecret, sha256, UNUSABLE_PASSWORD_HASH, verifyPassword } from './secrets.js';
import { SESSION_HOURS, setSessionCookie } from './sessions.js';
import type { SignInBackoff } from './sign-in-backoff.js';
import { signInBackoffs } from './sign-in-backoffs.js';

const tags = ['access'];

/**
 * People's accounts: an admin invites a person with a role; the person sets a password
 * from the one-time invitation and signs in; the session lives in an HttpOnly cookie and
 * every write made with it carries the session's CSRF token. Each step is an event.
 */
@Controller('auth')
export class AccountsController {
  private readonly clock: Clock;
  /** Per account: three free failures. Per address (an office may share one): twenty. Shared by every instance, and with passkey sign-ins. */
  private readonly accountBackoff: SignInBackoff;
  private readonly addressBackoff: SignInBackoff;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.clock = runtime.clock;
    ({ account: this.accountBackoff, address: this.addressBackoff } = signInBackoffs(runtime));
  }

  @CommandRoute('invitations', {
    ...refusalsOf('InvitePerson'),
    example: {
      answer: {
        accountId: 'acc_4f2a9c1e',
        role: 'secretary',
        invitationToken: 'inv_7Jq2mX9pL4sV8nR3tY6wZ1bC5dF0gH',
        invitationPath: '/accept?token=inv_7Jq2mX9pL4sV8nR3tY6wZ1bC5dF0gH',
        expiresAt: '2026-03-09T10:00:00.000Z',
        position: '1042',
      },
      request: { name: 'Giulia Conti', login: 'giulia.conti', role: 'secretary', memberId: null },
    },
    summary: 'Invite a person with a role; the one-time invitation token is in this answer only',
    roles: ['admin'],
    tags,
    body: InviteBody,
    response: Invitation,
    idempotent: true,
  })
  async invite(@ValidBody() body: z.infer<typeof InviteBody>, @CommandMeta() meta: CommandMetadata) {
    const invitation = await invitePerson(this.runtime, body, meta);
    await this.visible(invitation.position);
    return invitation;
  }

  @CommandRoute('invitations/acceptance', {
    ...refusalsOf('AcceptInvitation'),
    example: { request: { token: 'inv_7Jq2mX9pL4sV8nR3tY6wZ1bC5dF0gH', password: 'girasole-primavera-2026' } },
    summary: 'Set one’s password from an invitation (used once)',
    roles: 'public',
    tags,
    body: AcceptBody,
  })
  async accept(@ValidBody() body: z.infer<typeof AcceptBody>, @CommandMeta() meta: CommandMetadata) {
    const invitationHash = sha256(body.token);
    const account = await this.accounts().findOne({ invitationHash });
    if (!account) throw invalidField('token', 'UNKNOWN_REFERENCE', 'the invitation is unknown');
    const result = await this.runtime.commands.execute(
      accountStream(account._id),
      accountDecider,
      { type: 'AcceptInvitation', accountId: account._id, invitationHash, passwordHash: await hashPassword(body.password) },
      { ...meta, actor: { keyId: account._id, role: account.role } },
    );
    await this.visible(result.position);
    return { accountId: account._id, ...result };
  }

  @CommandRoute('sessions', {
    ...refusalsOf('StartSession'),
    example: {
      answer: {
        accountId: 'acc_4f2a9c1e',
        name: 'Giulia Conti',
        login: 'giulia.conti',
        role: 'secretary',
        memberId: null,
        csrfToken: 'csrf_Qm8vT2xY7pL4sV9nR3tB6wZ1',
        expiresAt: '2026-03-02T18:00:00.000Z',
      },
      request: { login: 'giulia.conti', password: 'girasole-primavera-2026' },
    },
    summary: 'Sign in: a session in an HttpOnly, SameSite=Strict cookie',
    description:
      'After three failed attempts for an account or from an address, each further one waits longer (429 with Retry-After).',
    roles: 'public',
    tags,
    body: SignInBody,
    response: SessionView,
  })
  async signIn(
    @ValidBody() body: z.infer<typeof SignInBody>,
    @CommandMeta() meta: CommandMetadata,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const loginIndex = await this.runtime.blindIndex.of(`login:${body.login}`);
    const address = request.ip ?? 'unknown';
    const wait = Math.max(await this.accountBackoff.waitMs([loginIndex]), await this.addressBackoff.waitMs([address]));
    if (wait > 0) {
      response.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpException('too many failed sign-ins: try again later', 429);
    }
    const account = await this.accounts().findOne({ loginIndex, status: 'active' });
    const matches = await verifyPassword(body.password, account?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
    if (!account || !matches) {
      await this.accountBackoff.fail([loginIndex]);
      await this.addressBackoff.fail([address]);
      throw new UnauthenticatedError('wrong login or password');
    }
    await this.accountBackoff.succeed(loginIndex);
    const token = newSecret();
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_HOURS * 3_600_000).toISOString();
    const result = await this.runtime.commands.execute(
      accountStream(account._id),
      accountDecider,
      { type: 'StartSession', accountId: account._id, sessionHash: sha256(token), expiresAt },
      { ...meta, actor: { keyId: account._id, role: account.role } },
    );
    await this.visible(result.position);
    setSessionCookie(request, response, token);
    return { ...(await this.view(account)), csrfToken: csrfTokenOf(token), expiresAt };
  }

  @Get('session')
  @Operation({
    summary: 'Who is signed in with this cookie, and the CSRF token for writes',
    roles: 'authenticated',
    tags,
    response: SessionView,
  })
  async session(@Req() request: CoopRequest) {
    if (!request.session) throw new UnauthenticatedError('no session: sign in');
    const { account, session, token } = request.session;
    return { ...(await this.view(account)), csrfToken: csrfTokenOf(token), expiresAt: session.expiresAt };
  }

  @Delete('session')
  @Operation({
    ...refusalsOf('EndSession'),
    summary: 'Sign out: this session ends',
    roles: 'authenticated',
    tags,
    response: CommandAnswerSchema.extend({ signedOut: z.literal(true) }),
  })
  async signOut(
    @Req() request: CoopRequest,
    @Res({ passthrough: true }) response: Response,
    @CommandMeta() meta: CommandMetadata,
  ) {
    if (!request.session) throw new UnauthenticatedError('no session: sign in');
    const { account, session } = request.session;
    const result = await this.runtime.commands.execute(
      accountStream(account._id),
      accountDecider,
      { type: 'EndSession', accountId: account._id, sessionHash: session._id },
      meta,
    );
    await this.visible(result.position);
    setSessionCookie(request, response, null);
    return { signedOut: true, ...result };
  }

  @CommandRoute('password', {
    ...refusalsOf('ChangePassword'),
    example: { request: { currentPassword: 'girasole-primavera-2026', newPassword: 'melograno-autunno-2026' } },
    summary: 'Change one’s own password',
    description: 'Every other session of the person ends; the one the change was made in stays signed in.',
    roles: 'authenticated',
    tags,
    body: PasswordBody,
  })
  async changePassword(
    @ValidBody() body: z.infer<typeof PasswordBody>,
    @Req() request: CoopRequest,
    @CommandMeta() meta: CommandMetadata,
  ) {
    if (!request.session) throw new UnauthenticatedError('no session: sign in');
    const { account, session } = request.session;
    if (!(await verifyPassword(body.currentPassword, account.passwordHash ?? UNUSABLE_PASSWORD_HASH)))
      throw invalidField('currentPassword', 'WRONG_PASSWORD', 'the current password is wrong');
    const result = await this.runtime.commands.execute(
      accountStream(account._id),
      accountDecider,
      {
        type: 'ChangePassword',
        accountId: account._id,
        passwordHash: await hashPassword(body.newPassword),
        keepSessionHash: session._id,
      },
      meta,
    );
    await this.visible(result.position);
    return { accountId: account._id, ...result };
  }

  @Get('accounts')
  @Operation({ summary: 'Every person’s account, without secrets', roles: ['admin'], tags, response: AccountView.array() })
  async list() {
    const docs = await this.accounts().find({}, { sort: { invitedAt: 1, _id: 1 } });
    return Promise.all(
      docs.map(async (doc) => ({
        ...(await this.view(doc)),
        status: doc.status,
        invitedAt: doc.invitedAt,
        sessionsRevokedAt: doc.sessionsRevokedAt,
      })),
    );
  }

  @CommandRoute('accounts/:accountId/session-revocation', {
    ...refusalsOf('RevokeSessions'),
    example: { request: { reason: 'Portatile smarrito il 2 marzo 2026' } },
    summary: 'End every session of a person at once',
    roles: ['admin'],
    tags,
    params: AccountParams,
    body: RevocationBody,
    idempotent: true,
  })
  async revoke(
    @ValidParams() { accountId }: z.infer<typeof AccountParams>,
    @ValidBody() body: z.infer<typeof RevocationBody>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const result = await this.runtime.commands.execute(
      accountStream(accountId),
      accountDecider,
      { type: 'RevokeSessions', accountId, ...(body.reason ? { reason: body.reason } : {}) },
      meta,
    );
    await this.visible(result.position);
    return { accountId, revoked: true, ...result };
  }

  private async view(
    account: AccountDoc,
  ): Promise<{ accountId: string; name: string | null; login: string | null; role: PersonRole; memberId: string | null }> {
    const person = await this.runtime.vault.open<{ name: string; login: string }>(account.person);
    return {
      accountId: account._id,
      name: person?.name ?? null,
      login: person?.login ?? null,
      role: account.role,
      memberId: account.memberId,
    };
  }

  private accounts() {
    return this.runtime.projections.reader<AccountDoc>(ACCOUNTS_PROJECTION, 'accounts');
  }

  /** An account must work as soon as the answer says so. */
  private async visible(position: string | null): Promise<void> {
    if (position && !(await this.runtime.projections.waitFor(position as never, [ACCOUNTS_PROJECTION], 10_000)))
      throw new NotCaughtUpError(position, [ACCOUNTS_PROJECTION]);
  }
}
