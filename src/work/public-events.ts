/**
 * Work's events alone, the part of its public file (`public.ts`, which re-exports them) that
 * another context's event schemas name: loading it loads zod and the platform's schemas, not
 * work's handlers, controllers or NestJS, so a command that only reads the store (`coop audit
 * verify`, and each of its worker threads) loads no more than the event schemas.
 */
export * from './domain/work-events.js';
export * from './domain/volunteer-events.js';
export * from './domain/workplace-events.js';
