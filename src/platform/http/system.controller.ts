import { Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '../errors/domain-errors.js';
import type { Runtime } from '../runtime.js';
import { docsPage } from './api-docs.js';
import { buildOpenApiDocument, OPENAPI_INFO } from './openapi.js';
import { Operation, ValidParams } from './operation.js';
import { ProjectionStatusSchema } from '../health/readiness.js';
import { refusalsOf } from '../projections/refusals.js';
import { RUNTIME } from './tokens.js';
import { CONTENT_SECURITY_POLICY } from './web-app.js';

/** The OpenAPI document itself, as far as a reader of it relies on. */
const OpenApiAnswer = z
  .object({
    openapi: z.literal('3.1.0'),
    info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
    components: z.record(z.string(), z.unknown()),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .describe('An OpenAPI 3.1 document');

/** Metrics, the API description and projection operations: the service's outside. */
@Controller()
export class SystemController {
  private openApi: object | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @Operation({ summary: 'Prometheus metrics', roles: 'public', tags: ['system'], produces: ['text/plain'] })
  async metrics() {
    for (const status of await this.runtime.projections.status())
      this.runtime.metrics.projectionLag.set({ projection: status.name }, Number(status.lag));
    return this.runtime.metrics.registry.metrics();
  }

  @Get('openapi.json')
  @Operation({ response: OpenApiAnswer, summary: 'This API, as OpenAPI 3.1', roles: 'public', tags: ['system'] })
  openapi() {
    this.openApi ??= buildOpenApiDocument(OPENAPI_INFO);
    return this.openApi;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  @Operation({
    summary: 'Browsable API documentation (Swagger UI over /openapi.json: try it out, with the bearer key)',
    roles: 'public',
    tags: ['system'],
    produces: ['text/html'],
  })
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
    ...refusalsOf('rebuild'),
    example: { answer: { name: 'member-register', state: 'rebuilding' } },
    summary: 'Rebuild a projection into a new build; queries switch to it once it has caught up',
    roles: ['admin'],
    tags: ['system'],
    status: 202,
    params: z.object({ name: z.string().min(1) }),
    response: z.object({ name: z.string(), state: z.literal('rebuilding') }),
  })
  async rebuild(@ValidParams() { name }: { name: string }) {
    if (!this.runtime.projections.names().includes(name)) throw new NotFoundError('projection', name);
    await this.runtime.projections.rebuild(name);
    return { name, state: 'rebuilding' };
  }
}
