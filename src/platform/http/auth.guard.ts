import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { API_KEYS_PROJECTION, type ApiKeyDoc } from '../auth/api-keys.projection.js';
import { hashApiKey } from '../auth/api-keys.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { ForbiddenError, UnauthenticatedError } from './http-errors.js';
import { operationOf } from './operation.js';
import type { CoopRequest } from './request-context.js';

const BEARER = /^Bearer\s+([\x21-\x7e]{1,512})$/i;
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Bearer API keys, looked up by their sha256 in the keys read model. `admin` may do
 * everything; `auditor` may read everything and write nothing; other roles what the
 * operation lists.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(ProjectionRunner) private readonly projections: ProjectionRunner) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = operationOf(context);
    if (!spec) throw new Error(`${context.getClass().name}.${context.getHandler().name} has no @Operation`);
    if (spec.roles === 'public') return true;
    const request = context.switchToHttp().getRequest<CoopRequest>();
    const token = BEARER.exec(request.header('authorization') ?? '')?.[1];
    if (!token) throw new UnauthenticatedError();
    const keys = await this.projections.collection<ApiKeyDoc>(API_KEYS_PROJECTION, 'keys');
    const key = await keys.findOne({ _id: hashApiKey(token) });
    if (!key || key.revokedAt) throw new UnauthenticatedError('the API key is unknown or revoked');
    const allowed =
      key.role === 'admin' || (key.role === 'auditor' && READ_METHODS.has(request.method)) || spec.roles.includes(key.role);
    if (!allowed) throw new ForbiddenError(key.role, key.role === 'auditor' ? ['(auditors only read)'] : spec.roles);
    request.actor = { keyId: key.keyId, role: key.role };
    request.reader = { role: key.role, scope: key.scope ?? null };
    return true;
  }
}
