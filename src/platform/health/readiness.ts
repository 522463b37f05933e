import { z } from 'zod';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Runtime } from '../runtime.js';

/** How long each readiness check may take before it counts as failed. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

export const ProjectionStatusSchema = z.object({
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
export type ProjectionStatusView = z.infer<typeof ProjectionStatusSchema>;

const Check = z.object({ ok: z.boolean(), error: z.string().optional() });

/** `GET /health/ready`'s answer: 200 when `ready`, 503 when `unavailable`. */
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({
    eventStore: Check.extend({ adapter: z.string(), head: z.string().nullable().optional() }),
    readModels: Check.extend({ adapter: z.string() }),
    startup: Check.describe('projections started and the first key issued'),
    projections: z
      .union([
        z.array(ProjectionStatusSchema).describe('every projection; one in state `failed` makes the service not ready'),
        z.object({ error: z.string() }),
      ])
      .describe('their states, or why they could not be read'),
  }),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

type Detail = { status: string; message?: string } & Record<string, unknown>;

/**
 * The readiness checks as Terminus indicators: the event store and the read models answer
 * (each within its time), the start is done, and no projection has failed (a failed one
 * answers stale reads; it is tried again and readiness comes back with it).
 */
export function readinessIndicators(runtime: Runtime, indicators: HealthIndicatorService) {
  let projections: ProjectionStatusView[] | { error: string } = { error: 'not read' };
  return {
    checks: [
      () =>
        indicators
          .check('eventStore')
          .attempt(async () => ({ head: (await runtime.events.headPosition()) ?? null }))
          .withTimeout(READY_CHECK_TIMEOUT_MS),
      () =>
        indicators
          .check('readModels')
          .attempt(async () => {
            if (!(await runtime.readModels.ping())) throw new Error('the read-model store does not answer');
          })
          .withTimeout(READY_CHECK_TIMEOUT_MS),
      (): HealthIndicatorResult<'startup'> => {
        const { done, error } = runtime.startup;
        const startup = indicators.check('startup');
        return done ? startup.up() : startup.down(error ? { error } : {});
      },
      async (): Promise<HealthIndicatorResult<'projections'>> => {
        const read = await indicators
          .check('projections')
          .attempt(async () => {
            projections = (await runtime.projections.status()) as ProjectionStatusView[];
          })
          .withTimeout(READY_CHECK_TIMEOUT_MS);
        const detail = read.projections as Detail;
        if (detail.status !== 'up') {
          projections = { error: detail.message ?? 'unreadable' };
          return read;
        }
        const failed = (projections as ProjectionStatusView[]).filter((p) => p.state === 'failed');
        const check = indicators.check('projections');
        return failed.length ? check.down({ failed: failed.map((p) => ({ name: p.name, error: p.error ?? null })) }) : check.up();
      },
    ],
    /** The answer's body from Terminus's details, in the shape scripts and the web app read. */
    answer(details: Record<string, Detail>): Readiness {
      const ok = (key: string) => details[key]?.status === 'up';
      const error = (key: string) =>
        ok(key) ? {} : { error: String(details[key]?.message ?? details[key]?.error ?? 'not ready') };
      const eventStore = {
        ok: ok('eventStore'),
        adapter: runtime.events.storage.name,
        ...(ok('eventStore') ? { head: (details.eventStore!.head as string | null) ?? null } : error('eventStore')),
      };
      const readModels = { ok: ok('readModels'), adapter: runtime.readModels.name, ...error('readModels') };
      const startup = { ok: ok('startup'), ...(details.startup?.error ? { error: String(details.startup.error) } : {}) };
      const ready = Object.values(details).every((detail) => detail.status === 'up');
      return { status: ready ? 'ready' : 'unavailable', checks: { eventStore, readModels, startup, projections } };
    },
  };
}
