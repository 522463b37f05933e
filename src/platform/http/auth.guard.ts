import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { API_KEYS_PROJECTION, type ApiKeyDoc } from '../auth/api-keys.projection.js';
import { hashApiKey } from '../auth/api-keys.js';
import { csrfTokenOf } from '../auth/secrets.js';
import { cookieOf, CSRF_HEADER, openSession, SESSION_COOKIE } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../event-store/event-store.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { CsrfRefusedError, ForbiddenError, UnauthenticatedError } from './http-errors.js';
import { operationOf, type OperationSpec } from './operation.js';
import type { CoopRequest } from './request-context.js';
import { CLOCK } from './tokens.js';

const BEARER = /^Bearer\s+([\x21-\x7e]{1,512})$/i;
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Bearer API keys, looked up by their sha256 in the keys read model, or a person's session
 * cookie, looked up the same way in the accounts read model; one role matrix for both.
 * `admin` may do everything; `auditor` may read everything and write nothing; other roles
 * what the operation lists. A write made with the cookie must carry the session's CSRF
 * token, and come from the service's own origin when the browser names one.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = operationOf(context);
    if (!spec) throw new Error(`${context.getClass().name}.${context.getHandler().name} has no @Operation`);
    if (spec.roles === 'public') return true;
    const request = context.switchToHttp().getRequest<CoopRequest>();
    const actor = BEARER.test(request.header('authorization') ?? '') ? await this.byKey(request) : await this.bySession(request);
    this.authorise(spec, request.method, actor.role);
    request.actor = actor;
    return true;
  }

  private async byKey(request: CoopRequest): Promise<Actor> {
    const token = BEARER.exec(request.header('authorization') ?? '')![1]!;
    const keys = await this.projections.collection<ApiKeyDoc>(API_KEYS_PROJECTION, 'keys');
    const key = await keys.findOne({ _id: hashApiKey(token) });
    if (!key || key.revokedAt) throw new UnauthenticatedError('the API key is unknown or revoked');
    request.reader = { role: key.role, scope: key.scope ?? null };
    return { keyId: key.keyId, role: key.role };
  }

  private async bySession(request: CoopRequest): Promise<Actor> {
    const token = cookieOf(request, SESSION_COOKIE);
    if (!token) throw new UnauthenticatedError();
    const open = await openSession(this.projections, this.clock, token);
    if (!open) throw new UnauthenticatedError('the session is unknown, ended, expired or revoked: sign in again');
    if (!READ_METHODS.has(request.method)) {
      const origin = request.header('origin');
      if (origin && origin !== `${request.protocol}://${request.header('host')}`)
        throw new CsrfRefusedError(`a write from another origin (${origin}) is refused`);
      if (request.header(CSRF_HEADER) !== csrfTokenOf(token))
        throw new CsrfRefusedError('a write made with the session cookie needs the session’s X-CSRF-Token header');
    }
    request.session = { ...open, token };
    request.reader = { role: open.account.role, scope: null };
    return { keyId: open.account._id, role: open.account.role };
  }

  private authorise(spec: OperationSpec, method: string, role: string): void {
    if (spec.roles === 'public' || spec.roles === 'authenticated') return;
    const allowed = role === 'admin' || (role === 'auditor' && READ_METHODS.has(method)) || spec.roles.includes(role);
    if (!allowed) throw new ForbiddenError(role, role === 'auditor' ? ['(auditors only read)'] : spec.roles);
  }
}
