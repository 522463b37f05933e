import type { Request, Response } from 'express';
import type { Clock } from '../clock.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import { ACCOUNTS_PROJECTION, type AccountDoc, type SessionDoc } from './accounts.projection.js';
import { sha256 } from './secrets.js';

export const SESSION_COOKIE = 'coop_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_HOURS = 12;

/** The value of one cookie of the request (no cookie library: one header, one split). */
export function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.header('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, and Secure when the request came over TLS (or a trusted proxy says so). */
export function setSessionCookie(request: Request, response: Response, token: string | null): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', token ? `Max-Age=${SESSION_HOURS * 3600}` : 'Max-Age=0'];
  if (request.secure) attributes.push('Secure');
  response.append('Set-Cookie', `${SESSION_COOKIE}=${token ?? ''}; ${attributes.join('; ')}`);
}

export interface OpenSession {
  session: SessionDoc;
  account: AccountDoc;
}

/** The open session a cookie names: not ended, not expired, its account active. */
export async function openSession(projections: ProjectionRunner, clock: Clock, token: string): Promise<OpenSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const sessions = await projections.collection<SessionDoc>(ACCOUNTS_PROJECTION, 'sessions');
  const session = await sessions.findOne({ _id: sha256(token) });
  if (!session || session.endedAt || session.expiresAt <= clock.now().toISOString()) return null;
  const accounts = await projections.collection<AccountDoc>(ACCOUNTS_PROJECTION, 'accounts');
  const account = await accounts.findOne({ _id: session.accountId });
  if (!account || account.status !== 'active') return null;
  return { session, account };
}
