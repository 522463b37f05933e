import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../errors/domain-errors.js';
import type { Runtime } from '../runtime.js';
import { buildOpenApiDocument, docsPage, OPENAPI_INFO } from './openapi.js';
import { Operation, ValidParams } from './operation.js';
import { RUNTIME } from './tokens.js';

const ProjectionStatusSchema = z.object({
  name: z.string(),
  version: z.number(),
  build: z.string(),
  activeBuild: z.string().nullable(),
  state: z.enum(['starting', 'catching-up', 'live', 'rebuilding', 'failed', 'stopped', 'standby']),
  position: z.string().nullable(),
  head: z.string().nullable(),
  lag: z.string(),
  eventsApplied: z.number(),
  lease: z
    .object({ holder: z.string(), expiresAt: z.string(), mine: z.boolean() })
    .nullable()
    .optional()
    .describe('the instance that runs it (several instances: the others stand by and take over when its lease lapses)'),
  error: z.string().optional(),
});

/** How long each readiness check may take before it counts as failed. */
const READY_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(check: Promise<T>, ms = READY_CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

/** Health, metrics, the API description and projection operations: the service's outside. */
@Controller()
export class SystemController {
  private openApi: object | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('health/live')
  @Operation({
    summary: 'Liveness: the process answers',
    roles: 'public',
    tags: ['system'],
    response: z.object({ status: z.literal('ok') }),
  })
  live() {
    return { status: 'ok' as const };
  }

  @Get('health/ready')
  @Operation({
    summary: 'Readiness: event store and read models reachable; projection states and lag',
    roles: 'public',
    tags: ['system'],
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    // Each check answers within its time, so a store that hangs makes the service not ready, not silent.
    const [eventStore, readModels, projections] = await Promise.all([
      withTimeout(this.runtime.events.headPosition()).then(
        (head) => ({ ok: true, adapter: this.runtime.events.storage.name, head: head ?? null }),
        (error: unknown) => ({ ok: false, adapter: this.runtime.events.storage.name, error: String(error) }),
      ),
      withTimeout(this.runtime.readModels.ping()).then(
        (ok) => ({ ok, adapter: this.runtime.readModels.name }),
        (error: unknown) => ({ ok: false, adapter: this.runtime.readModels.name, error: String(error) }),
      ),
      withTimeout(this.runtime.projections.status()).catch((error: unknown) => ({ error: String(error) })),
    ]);
    const { done, error } = this.runtime.startup;
    const checks = { eventStore, readModels, startup: { ok: done, ...(error ? { error } : {}) }, projections };
    const ready = eventStore.ok && readModels.ok && done;
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @Operation({ summary: 'Prometheus metrics', roles: 'public', tags: ['system'], produces: ['text/plain'] })
  async metrics() {
    for (const status of await this.runtime.projections.status())
      this.runtime.metrics.projectionLag.set({ projection: status.name }, Number(status.lag));
    return this.runtime.metrics.registry.metrics();
  }

  @Get('openapi.json')
  @Operation({ summary: 'This API, as OpenAPI 3.1', roles: 'public', tags: ['system'] })
  openapi() {
    this.openApi ??= buildOpenApiDocument(OPENAPI_INFO);
    return this.openApi;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Operation({ summary: 'Browsable API documentation', roles: 'public', tags: ['system'], produces: ['text/html'] })
  docs() {
    return docsPage;
  }

  @Get('projections')
  @Operation({
    summary: 'Status of every projection: position, lag, state',
    roles: ['admin'],
    tags: ['system'],
    response: z.array(ProjectionStatusSchema),
  })
  projections() {
    return this.runtime.projections.status();
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @Operation({
    summary: 'Rebuild a projection into a new build; queries switch to it once it has caught up',
    roles: ['admin'],
    tags: ['system'],
    status: 202,
    params: z.object({ name: z.string().min(1) }),
  })
  async rebuild(@ValidParams() { name }: { name: string }) {
    if (!this.runtime.projections.names().includes(name)) throw new NotFoundError('projection', name);
    await this.runtime.projections.rebuild(name);
    return { name, state: 'rebuilding' };
  }
}
