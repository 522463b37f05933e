import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isUtf8 } from 'node:buffer';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { ensureBootstrapAdminKey, ensureFirstAdminInvitation } from './platform/auth/bootstrap.js';
import { PinoNestLogger } from './platform/observability/logger.js';
import { ProblemDetailsFilter } from './platform/http/problem-details.filter.js';
import { apiDocsAssets } from './platform/http/api-docs.js';
import { webApp } from './platform/http/web-app.js';
import { rawMediaTypes } from './platform/http/operation.js';
import type { CoopRequest } from './platform/http/request-context.js';
import type { Runtime } from './platform/runtime.js';

export interface AppOptions {
  /**
   * Where the one-time admin key and the first administrator's link are printed: stderr by
   * default, on lines of their own, outside the JSON log stream on stdout, so a log shipper
   * never collects a secret.
   */
  print?: (text: string) => void;
  /**
   * Return before projections start and the first key is issued, which then go on in the
   * background, tried again until the stores answer (`npm start`: the service listens and
   * reports not ready while MongoDB is down, instead of failing).
   */
  background?: boolean;
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
  // A revision or a position is a bigint inside the service; JSON has no such number, and
  // JSON.stringify throws on one (a 500), so every answer writes it as a decimal string.
  app.set('json replacer', bigintAsString);
  // Nest's types reserve `verify` for its raw-body option (off here); express's parser takes it.
  app.useBodyParser('json', { limit: '1mb', verify: rejectInvalidUtf8 } as { limit: string });
  // The media types operations take raw (e.g. an RFC 3161 reply), as bytes.
  const raw = rawMediaTypes();
  if (raw.length) app.useBodyParser('raw', { type: raw, limit: '1mb' });
  app.use(requestLog(runtime));
  app.use(apiDocsAssets());
  app.use(webApp());
  app.useGlobalFilters(new ProblemDetailsFilter(runtime.logger));
  await app.init();
  const start = async () => {
    await runtime.projections.start();
    const print = options.print ?? ((text: string) => process.stderr.write(text));
    await ensureBootstrapAdminKey(runtime, print);
    await ensureFirstAdminInvitation(runtime, print);
    runtime.startup.done = true;
    delete runtime.startup.error;
  };
  if (!options.background) await start();
  else
    void (async () => {
      for (let attempt = 0; !runtime.startup.done && !runtime.startup.stopped; attempt++) {
        try {
          await start();
        } catch (error) {
          runtime.startup.error = error instanceof Error ? error.message : String(error);
          runtime.logger.warn({ err: error }, 'starting: a store is unreachable; trying again');
          await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6))).unref());
        }
      }
    })();
  return app;
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * A JSON body must be valid UTF-8 (RFC 8259 §8.1). The parser would otherwise decode bad
 * bytes to U+FFFD and a name would be recorded, for good, with a replacement character.
 */
function rejectInvalidUtf8(_request: unknown, _response: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding.toLowerCase().replace('-', '') !== 'utf8') return;
  if (!isUtf8(body)) throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
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
