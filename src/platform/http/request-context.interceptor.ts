import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IdempotencyRecords, requestFingerprint } from '../commands/idempotency.js';
import type { AppConfig } from '../config/config.js';
import { parsePosition } from '../event-store/position.js';
import type { IdGenerator } from '../ids.js';
import type { Metrics } from '../observability/metrics.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { toProblem } from './problem-details.filter.js';
import { NotCaughtUpError, RequestValidationError } from './http-errors.js';
import { assertDeclaredQuery, declaredQueryParameters, operationOf } from './operation.js';
import type { CoopRequest } from './request-context.js';
import type { Runtime } from '../runtime.js';
import { CONFIG, IDS, METRICS, RUNTIME } from './tokens.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** Answers of a command that wrote nothing: its Idempotency-Key may be used again. */
const RECORDED_NOTHING = new Set([400, 404, 409, 422]);

/**
 * Around every operation: the command metadata (Idempotency-Key or a fresh id), the
 * read-your-writes wait for `?after=` / `Coop-After-Position`, the `Coop-Position` header
 * on command answers, and the command-outcome metric.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  private readonly idempotency: IdempotencyRecords;

  constructor(
    @Inject(IDS) private readonly ids: IdGenerator,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.idempotency = new IdempotencyRecords(runtime.readModels, () => runtime.clock.now());
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const spec = operationOf(context);
    const request = context.switchToHttp().getRequest<CoopRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const isCommand = !['GET', 'HEAD'].includes(request.method);
    const name = `${context.getClass().name.replace(/Controller$/, '')}.${context.getHandler().name}`;
    let claimed: { commandId: string; fingerprint: string } | undefined;
    try {
      // Once, for every operation (also those that read no query): undeclared parameters are a 400.
      if (spec) assertDeclaredQuery(spec, request.method, request.query);
      const key = request.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
        throw new RequestValidationError([
          { path: 'headers.Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters', code: 'invalid_format' },
        ]);
      const correlation = request.header('x-correlation-id');
      const expectedRevision = parseIfMatch(request.header('if-match'));
      request.command = {
        // Idempotency keys are the client's: scoped by its API key, so two clients never collide.
        commandId: key === undefined ? this.ids.next() : `${request.actor?.keyId ?? 'anonymous'}/${key}`,
        actor: request.actor ?? { keyId: 'anonymous', role: 'none' },
        ...(correlation && IDEMPOTENCY_KEY.test(correlation) ? { correlationId: correlation } : {}),
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      };
      if (isCommand && key !== undefined) {
        const fingerprint = requestFingerprint(request.method, request.path, request.body);
        const { commandId } = request.command;
        if (await this.idempotency.claim(commandId, { method: request.method, path: request.path, fingerprint }))
          claimed = { commandId, fingerprint };
      }
      if (spec?.readModels?.length) await this.awaitPosition(request, spec.readModels);
      else if (
        !isCommand &&
        typeof request.query.after === 'string' &&
        spec &&
        !declaredQueryParameters(spec, false).has('after')
      )
        parsePosition(request.query.after); // a malformed position is a 400 even where nothing waits
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const position = (result as { position?: unknown } | undefined)?.position;
      if (typeof position === 'string') response.setHeader('Coop-Position', position);
      const revision = (result as { revision?: unknown } | undefined)?.revision;
      if (isCommand && typeof revision === 'string') response.setHeader('ETag', `"${revision}"`);
      if (isCommand) {
        const replayed = (result as { replayed?: unknown } | undefined)?.replayed === true;
        this.metrics.commands.inc({ command: name, outcome: replayed ? 'replayed' : 'ok' });
      }
      return result;
    } catch (error) {
      const status = toProblem(error).problem.status;
      // Refused, invalid or conflicting: nothing was recorded under the key, so it is free again.
      if (claimed && RECORDED_NOTHING.has(status)) await this.idempotency.release(claimed.commandId, claimed.fingerprint);
      if (isCommand) this.metrics.commands.inc({ command: name, outcome: outcomeOf(status) });
      throw error;
    }
  }

  private async awaitPosition(request: CoopRequest, readModels: readonly string[]): Promise<void> {
    const raw = (request.query.after as string | undefined) ?? request.header('coop-after-position');
    if (raw === undefined || raw === '') return;
    const position = parsePosition(String(raw));
    if (!(await this.projections.waitFor(position, readModels, this.config.readYourWritesTimeoutMs)))
      throw new NotCaughtUpError(position, readModels);
  }
}

/**
 * `If-Match: "<revision>"` (the ETag a command answered with) makes the command conditional
 * on the stream still being at that revision: a stale one gets 409 and writes nothing.
 * `If-Match: "none"` expects the stream not to exist yet.
 */
function parseIfMatch(header: string | undefined): bigint | 'no_stream' | undefined {
  if (header === undefined) return undefined;
  const value = header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (value === 'none') return 'no_stream';
  if (/^\d{1,18}$/.test(value)) return BigInt(value);
  throw new RequestValidationError([
    {
      path: 'headers.If-Match',
      message: 'must be a stream revision the API answered as ETag, e.g. "3", or "none"',
      code: 'invalid_format',
    },
  ]);
}

function outcomeOf(status: number): string {
  if (status === 400) return 'invalid';
  if (status === 401 || status === 403) return 'denied';
  if (status === 409) return 'conflict';
  if (status === 422) return 'refused';
  if (status === 507) return 'storage';
  if (status < 500) return 'rejected';
  return 'error';
}
