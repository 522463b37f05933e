import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { ensureBootstrapAdminKey, ensureFirstAdminInvitation } from './platform/auth/bootstrap.js';
import { PinoNestLogger } from './platform/observability/logger.js';
import { ProblemDetailsFilter } from './platform/http/problem-details.filter.js';
import { webApp } from './platform/http/web-app.js';
import type { CoopRequest } from './platform/http/request-context.js';
import type { Runtime } from './platform/runtime.js';

export interface AppOptions {
  /** Where the one-time admin key is printed (stdout by default). */
  print?: (text: string) => void;
}

/**
 * The HTTP application over a runtime: Nest with problem+json errors and request logs,
 * projections started, and the first admin key issued if no key exists yet.
 */
export async function createApp(runtime: Runtime, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    logger: new PinoNestLogger(runtime.logger),
  });
  app.disable('x-powered-by');
  if (runtime.config.trustProxy) app.set('trust proxy', true);
  app.useBodyParser('json', { limit: '1mb' });
  app.use(requestLog(runtime));
  app.use(webApp());
  app.useGlobalFilters(new ProblemDetailsFilter(runtime.logger));
  await app.init();
  await runtime.projections.start();
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  await ensureBootstrapAdminKey(runtime, print);
  await ensureFirstAdminInvitation(runtime, print);
  return app;
}

function requestLog(runtime: Runtime) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    response.on('finish', () => {
      runtime.logger.info(
        {
          method: request.method,
          path: request.path,
          status: response.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          actor: (request as CoopRequest).actor?.keyId,
          commandId: (request as CoopRequest).command?.commandId,
        },
        'request',
      );
    });
    next();
  };
}
