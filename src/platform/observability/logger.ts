import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout (one object per line), shared by Nest and the platform. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'coop-ledger' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * Nest's start-up contexts that log one line per controller and per route ("Mapped {/x, GET}
 * route"): some hundred lines at every start, details for whoever debugs routing.
 */
const ROUTING_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer']);

/**
 * Nest's logger interface over pino, so framework messages are structured too; the routing
 * lines go at debug level.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    if (context && ROUTING_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
