/**
 * Cooperation's events alone, the part of its public file (`public.ts`, which re-exports them)
 * that another context's event schemas name: loading it loads no handler, controller or
 * NestJS (see src/work/public-events.ts).
 */
export * from './domain/cooperation-events.js';
