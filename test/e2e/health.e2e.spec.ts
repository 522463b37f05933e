import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { SequentialIds } from '../../src/platform/ids.js';
import type { Projector } from '../../src/platform/projections/projector.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { ADMIN_KEY, applicant, bearer } from '../support/test-app.js';

/** Readiness (through @nestjs/terminus) follows the projections, not only the stores. */
describe('readiness when a projection fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-health-'));
  let runtime: Runtime;
  let app: INestApplication;
  let poisoned = false;
  /** A read model that cannot take applications while `poisoned` (a bug, a store refusing its documents). */
  const fragile: Projector = {
    name: 'fragile-applications',
    version: 1,
    eventTypes: ['MembershipApplied'],
    async apply(event, context) {
      if (poisoned) throw new Error(`cannot project ${event.type} at ${event.position}`);
      await context.collection('seen').replaceOne({ _id: event.id }, { _id: event.id }, { upsert: true });
    },
  };
  const http = () => request(app.getHttpServer());
  /** Polls readiness until it answers `status`, and returns that answer. */
  const readinessBecomes = async (status: number) => {
    for (const deadline = Date.now() + 20_000; ;) {
      const answer = await http().get('/health/ready');
      if (answer.status === status || Date.now() > deadline) return answer;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    runtime = await createRuntime(
      loadConfig({ COOP_DATA_DIR: dir, COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY }),
      [...contexts, { name: 'test', events: [], projectors: [fragile] }],
      {
        clock: new FixedClock('2026-03-02T10:00:00.000Z'),
        ids: new SequentialIds('h0000000'),
        logger: pino({ level: 'silent' }),
        projectionPollMs: 20,
      },
    );
    app = await createApp(runtime, { print: () => undefined });
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready with every projection live, and says so in the shape scripts read', async () => {
    const ready = await readinessBecomes(200);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      checks: {
        eventStore: { ok: true, adapter: expect.any(String) },
        readModels: { ok: true, adapter: expect.any(String) },
        startup: { ok: true },
      },
    });
    expect(ready.body.checks.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'fragile-applications', state: 'live' })]),
    );
  });

  it('answers 503 while a projection has failed, naming it, and 200 again once it recovers', async () => {
    poisoned = true;
    await http()
      .post('/membership/applications')
      .set(bearer(ADMIN_KEY))
      .send({ ...applicant(1), appliedOn: '2026-02-20' })
      .expect(201);
    const failed = await readinessBecomes(503);
    expect(failed.status).toBe(503);
    expect(failed.body.status).toBe('unavailable');
    expect(failed.body.checks.eventStore.ok).toBe(true);
    expect(failed.body.checks.readModels.ok).toBe(true);
    expect(failed.body.checks.projections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'fragile-applications',
          state: 'failed',
          error: expect.stringContaining('cannot project'),
        }),
      ]),
    );
    // Liveness is not readiness: the process answers all along.
    await http().get('/health/live').expect(200, { status: 'ok' });

    poisoned = false; // the worker tries the event again, with backoff
    const recovered = await readinessBecomes(200);
    expect(recovered.status).toBe(200);
    expect(recovered.body.checks.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'fragile-applications', state: 'live' })]),
    );
  }, 60_000);
});
