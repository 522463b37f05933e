import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { z } from 'zod';
import { Operation } from '../http/operation.js';
import { RUNTIME } from '../http/tokens.js';
import type { Runtime } from '../runtime.js';
import { readinessIndicators, ReadinessSchema } from './readiness.js';

/** Liveness and readiness, for orchestrators and load balancers (through `@nestjs/terminus`). */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('live')
  @Operation({
    summary: 'Liveness: the process answers',
    roles: 'public',
    tags: ['system'],
    response: z.object({ status: z.literal('ok') }),
  })
  live() {
    return { status: 'ok' as const };
  }

  @Get('ready')
  @Operation({
    summary: 'Readiness: event store and read models reachable, started, no projection failed; projection states and lag',
    description:
      'Each check answers within 2 s, so a store that hangs makes the service not ready, not silent. 503 with the same body ' +
      'when a store does not answer, the start is not done, a projection has failed (until it recovers), or the service is shutting down.',
    roles: 'public',
    tags: ['system'],
    response: ReadinessSchema,
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const { checks, answer } = readinessIndicators(this.runtime, this.indicators);
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const body = answer(result.details as Parameters<typeof answer>[0]);
    if (result.status === 'shutting_down') body.status = 'unavailable';
    response.status(body.status === 'ready' ? 200 : 503);
    return body;
  }
}
