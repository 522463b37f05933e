import { Controller, Delete, Get, HttpException, Inject, Req, Res } from '@nestjs/common';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { CommandMetadata } from '../commands/command-processor.js';
import { NotCaughtUpError, UnauthenticatedError } from '../http/http-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams } from '../http/operation.js';
import { CommandMeta, type CoopRequest } from '../http/request-context.js';
import { RUNTIME } from '../http/tokens.js';
import type { Runtime } from '../runtime.js';
import { accountDecider } from './account.decider.js';
import { accountStream, type PasskeyTransport } from './account-events.js';
import { ACCOUNTS_PROJECTION, type AccountDoc } from './accounts.projection.js';
import { AccountParams, SessionView } from './accounts.schemas.js';
import { challengeOf, PasskeyChallenges } from './passkey-challenges.js';
import { PASSKEYS_PROJECTION, type PasskeyDoc } from './passkeys.projection.js';
import {
  AccountPasskeyParams,
  CeremonyOptions,
  PasskeyParams,
  PasskeySignInBody,
  PasskeySignInOptionsBody,
  PasskeyView,
  PasskeyWritten,
  RegisterPasskeyBody,
} from './passkeys.schemas.js';
import { NO_REFUSALS, refusalsOf } from './refusals.js';
import { relyingParty } from './relying-party.js';
import { csrfTokenOf, newSecret, sha256 } from './secrets.js';
import { cookieOf, SESSION_HOURS, setSessionCookie } from './sessions.js';
import { signInBackoffs, type SignInBackoffs } from './sign-in-backoffs.js';
import { lazy } from '../lazy.js';

const tags = ['access'];
/** The WebAuthn library (and its X.509 and CBOR code), loaded by the first passkey ceremony: a service whose people sign in with passwords never holds it. */
const webauthn = lazy(() => import('@simplewebauthn/server'));
const FLOW_COOKIE = 'coop_passkey_flow';
const TRANSPORTS = new Set<string>(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/**
 * Passkeys (WebAuthn) as a second way in: a signed-in person registers one from their
 * profile; at sign-in the browser signs a single-use challenge with it, and the answer is
 * the same session cookie and CSRF token a password gives, under the same backoff.
 */
@Controller('auth')
export class PasskeysController {
  private readonly challenges: PasskeyChallenges;
  private readonly backoffs: SignInBackoffs;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.challenges = new PasskeyChallenges(runtime.readModels, runtime.clock);
    this.backoffs = signInBackoffs(runtime);
  }

  @CommandRoute('passkeys/registration-options', {
    ...NO_REFUSALS,
    example: { answer: { challenge: 'Q2thmoU49qxCVb7nT1yW4zA8cD3fG6hJ', rpId: 'coop.example.it', timeout: 60000 } },
    summary: 'Begin registering a passkey: WebAuthn creation options with a single-use challenge bound to this session',
    roles: 'authenticated',
    tags,
    response: CeremonyOptions,
  })
  async registrationOptions(@Req() request: CoopRequest) {
    const { account, session } = this.person(request);
    const person = await this.runtime.vault.open<{ name: string; login: string }>(account.person);
    const held = await this.passkeys().find({ accountId: account._id });
    const rp = relyingParty(this.runtime.config, request);
    return (await webauthn()).generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.rpID,
      userID: new TextEncoder().encode(account._id),
      userName: person?.login ?? account._id,
      userDisplayName: person?.name ?? '',
      challenge: bytesOf(await this.challenges.issue('registration', session._id)),
      attestationType: 'none',
      excludeCredentials: held.map((p) => ({ id: p._id, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
  }

  @CommandRoute('passkeys', {
    ...refusalsOf('RegisterPasskey'),
    example: {
      answer: { credentialId: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP', position: '1043' },
      request: {
        name: 'Portatile della segreteria',
        response: {
          id: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP',
          rawId: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP',
          type: 'public-key',
          response: {
            clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiWms5dkIybVE3clQxeVc0ekE4Y0QzZkc2aEowa0w1blAifQ',
            attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjESZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2NFAAAAAA',
          },
        },
      },
    },
    summary: 'Register a passkey with the authenticator’s answer to the registration options',
    roles: 'authenticated',
    tags,
    body: RegisterPasskeyBody,
    response: PasskeyWritten,
  })
  async register(
    @ValidBody() body: z.infer<typeof RegisterPasskeyBody>,
    @Req() request: CoopRequest,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const { account, session } = this.person(request);
    const challenge = challengeOf(body.response.response.clientDataJSON);
    const outcome = challenge ? await this.challenges.consume(challenge, 'registration', session._id) : 'unknown';
    if (outcome !== 'ok') throw new UnauthenticatedError(challengeMessage(outcome));
    const rp = relyingParty(this.runtime.config, request);
    const { verifyRegistrationResponse } = await webauthn();
    const verified = await verifyRegistrationResponse({
      response: body.response as RegistrationResponseJSON,
      expectedChallenge: challenge!,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    }).catch(() => ({ verified: false as const }));
    if (!verified.verified) throw new UnauthenticatedError('the authenticator’s answer does not verify');
    const { credential } = verified.registrationInfo;
    const result = await this.runtime.commands.execute(
      accountStream(account._id),
      accountDecider,
      {
        type: 'RegisterPasskey',
        accountId: account._id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: (credential.transports ?? []).filter((t): t is PasskeyTransport => TRANSPORTS.has(t)),
        name: body.name,
      },
      meta,
    );
    await this.visible(result.position);
    return { credentialId: credential.id, position: result.position };
  }

  @Get('passkeys')
  @Operation({
    summary: 'The passkeys of the signed-in person',
    roles: 'authenticated',
    tags,
    response: PasskeyView.array(),
    readModels: [PASSKEYS_PROJECTION],
  })
  async mine(@Req() request: CoopRequest) {
    return this.listOf(this.person(request).account._id);
  }

  @Delete('passkeys/:credentialId')
  @Operation({
    ...refusalsOf('RemovePasskey'),
    example: { answer: { credentialId: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP', position: '1044' } },
    summary: 'Remove one of one’s passkeys: it signs nobody in any more',
    roles: 'authenticated',
    tags,
    params: PasskeyParams,
    response: PasskeyWritten,
  })
  async removeMine(
    @ValidParams() { credentialId }: z.infer<typeof PasskeyParams>,
    @Req() request: CoopRequest,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.remove(this.person(request).account._id, credentialId, 'self', meta);
  }

  @Get('accounts/:accountId/passkeys')
  @Operation({
    summary: 'A person’s passkeys (names and dates, no keys)',
    roles: ['admin'],
    tags,
    params: AccountParams,
    response: PasskeyView.array(),
    readModels: [PASSKEYS_PROJECTION],
  })
  async ofAccount(@ValidParams() { accountId }: z.infer<typeof AccountParams>) {
    return this.listOf(accountId);
  }

  @Delete('accounts/:accountId/passkeys/:credentialId')
  @Operation({
    ...refusalsOf('RemovePasskey'),
    example: { answer: { credentialId: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP', position: '1044' } },
    summary: 'Remove a person’s passkey (a lost device); end their sessions with session-revocation',
    roles: ['admin'],
    tags,
    params: AccountPasskeyParams,
    response: PasskeyWritten,
  })
  async removeOfAccount(
    @ValidParams() { accountId, credentialId }: z.infer<typeof AccountPasskeyParams>,
    @CommandMeta() meta: CommandMetadata,
  ) {
    return this.remove(accountId, credentialId, 'admin', meta);
  }

  @CommandRoute('passkeys/sign-in-options', {
    ...NO_REFUSALS,
    example: {
      answer: { challenge: 'Zk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP', rpId: 'coop.example.it', timeout: 60000 },
      request: { login: 'giulia.conti' },
    },
    summary: 'Begin signing in with a passkey: request options with a single-use challenge bound to this browser',
    description:
      'Without a login the browser offers the passkeys it holds for this site; with one, only that person’s (an unknown login gets none, as a known one without passkeys).',
    roles: 'public',
    tags,
    body: PasskeySignInOptionsBody,
    response: CeremonyOptions,
  })
  async signInOptions(
    @ValidBody() body: z.infer<typeof PasskeySignInOptionsBody>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    let allowCredentials: Array<{ id: string; transports: PasskeyTransport[] }> = [];
    if (body.login) {
      const loginIndex = await this.runtime.blindIndex.of(`login:${body.login}`);
      const account = await this.accounts().findOne({ loginIndex, status: 'active' });
      const held = account ? await this.passkeys().find({ accountId: account._id }) : [];
      allowCredentials = held.map((p) => ({ id: p._id, transports: p.transports }));
    }
    const flow = newSecret();
    const attributes = ['Path=/auth/passkeys', 'HttpOnly', 'SameSite=Strict', 'Max-Age=300'];
    if (request.secure) attributes.push('Secure');
    response.append('Set-Cookie', `${FLOW_COOKIE}=${flow}; ${attributes.join('; ')}`);
    return (await webauthn()).generateAuthenticationOptions({
      rpID: relyingParty(this.runtime.config, request).rpID,
      allowCredentials,
      challenge: bytesOf(await this.challenges.issue('sign-in', sha256(flow))),
      userVerification: 'preferred',
    });
  }

  @CommandRoute('passkeys/sign-in', {
    ...refusalsOf('StartPasskeySession'),
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
      request: {
        response: {
          id: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP',
          rawId: 'Xk9vB2mQ7rT1yW4zA8cD3fG6hJ0kL5nP',
          type: 'public-key',
          response: {
            clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiUTJ0aG1vVTQ5cXhDIn0',
            authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
            signature: 'MEUCIQDk3p7Y9cV2mQ8rT1yW4zA8cD3fG6hJ0kL5nPXk9vB2mQIgZ1bC5dF0gH7Jq2mX9pL4sV8nR3tY6wZ1bC5dF0gH7Jo',
          },
        },
      },
    },
    summary: 'Sign in with a passkey: the same session cookie and CSRF token as a password',
    description:
      'The challenge is used once, by the browser that asked for it, within five minutes. Failures count with the password’s: after three for an account or twenty from an address, each further try waits longer (429).',
    roles: 'public',
    tags,
    body: PasskeySignInBody,
    response: SessionView,
  })
  async signIn(
    @ValidBody() body: z.infer<typeof PasskeySignInBody>,
    @CommandMeta() meta: CommandMetadata,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const address = request.ip ?? 'unknown';
    await this.waitIfNeeded(response, [address], this.backoffs.address);
    const fail = async (message: string, loginIndex?: string): Promise<never> => {
      await this.backoffs.address.fail([address]);
      if (loginIndex) await this.backoffs.account.fail([loginIndex]);
      throw new UnauthenticatedError(message);
    };
    const challenge = challengeOf(body.response.response.clientDataJSON);
    const flow = cookieOf(request, FLOW_COOKIE);
    const outcome = challenge && flow ? await this.challenges.consume(challenge, 'sign-in', sha256(flow)) : 'unknown';
    if (outcome !== 'ok') await fail(challengeMessage(outcome));
    const passkey = await this.passkeys().findOne({ _id: body.response.id });
    if (!passkey) return await fail('the passkey is unknown: sign in with the password, or register it again');
    const account = await this.accounts().findOne({ _id: passkey.accountId, status: 'active' });
    if (!account) return await fail('the passkey is unknown: sign in with the password, or register it again');
    await this.waitIfNeeded(response, [account.loginIndex], this.backoffs.account);
    const rp = relyingParty(this.runtime.config, request);
    const { verifyAuthenticationResponse } = await webauthn();
    const verified = await verifyAuthenticationResponse({
      response: body.response as AuthenticationResponseJSON,
      expectedChallenge: challenge!,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey._id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: false,
    }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
    if (!verified.verified) return await fail('the passkey’s signature does not verify', account.loginIndex);
    await this.backoffs.account.succeed(account.loginIndex);
    const token = newSecret();
    const expiresAt = new Date(this.runtime.clock.now().getTime() + SESSION_HOURS * 3_600_000).toISOString();
    const result = await this.runtime.commands.execute(
      accountStream(account._id),
      accountDecider,
      {
        type: 'StartPasskeySession',
        accountId: account._id,
        credentialId: passkey._id,
        counter: verified.authenticationInfo.newCounter,
        sessionHash: sha256(token),
        expiresAt,
      },
      { ...meta, actor: { keyId: account._id, role: account.role } },
    );
    await this.visible(result.position);
    response.append('Set-Cookie', `${FLOW_COOKIE}=; Path=/auth/passkeys; HttpOnly; SameSite=Strict; Max-Age=0`);
    setSessionCookie(request, response, token);
    const person = await this.runtime.vault.open<{ name: string; login: string }>(account.person);
    return {
      accountId: account._id,
      name: person?.name ?? null,
      login: person?.login ?? null,
      role: account.role,
      memberId: account.memberId,
      csrfToken: csrfTokenOf(token),
      expiresAt,
    };
  }

  private person(request: CoopRequest) {
    if (!request.session) throw new UnauthenticatedError('passkeys belong to a person: sign in (an API key has none)');
    return request.session;
  }

  private async waitIfNeeded(response: Response, keys: string[], backoff: SignInBackoffs['address']) {
    const wait = await backoff.waitMs(keys);
    if (wait <= 0) return;
    response.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
    throw new HttpException('too many failed sign-ins: try again later', 429);
  }

  private async remove(accountId: string, credentialId: string, by: 'self' | 'admin', meta: CommandMetadata) {
    const result = await this.runtime.commands.execute(
      accountStream(accountId),
      accountDecider,
      { type: 'RemovePasskey', accountId, credentialId, by },
      meta,
    );
    await this.visible(result.position);
    return { credentialId, position: result.position };
  }

  private async listOf(accountId: string) {
    const docs = await this.passkeys().find({ accountId }, { sort: { registeredAt: 1, _id: 1 } });
    return docs.map((d) => ({
      credentialId: d._id,
      name: d.name,
      transports: d.transports,
      registeredAt: d.registeredAt,
      lastUsedAt: d.lastUsedAt,
    }));
  }

  private passkeys() {
    return this.runtime.projections.reader<PasskeyDoc>(PASSKEYS_PROJECTION, 'passkeys');
  }

  private accounts() {
    return this.runtime.projections.reader<AccountDoc>(ACCOUNTS_PROJECTION, 'accounts');
  }

  /** A passkey must sign in, and a session work, as soon as the answer says so. */
  private async visible(position: string | null): Promise<void> {
    const projections = [ACCOUNTS_PROJECTION, PASSKEYS_PROJECTION];
    if (position && !(await this.runtime.projections.waitFor(position as never, projections, 10_000)))
      throw new NotCaughtUpError(position, projections);
  }
}

const challengeMessage = (outcome: 'unknown' | 'expired'): string =>
  outcome === 'expired'
    ? 'the passkey challenge has expired: try again'
    : 'the passkey challenge is unknown, used already or asked for by another browser: try again';

/** The library base64url-encodes the bytes it is given (a string it would UTF-8 encode first). */
const bytesOf = (challenge: string) => new Uint8Array(Buffer.from(challenge, 'base64url'));
