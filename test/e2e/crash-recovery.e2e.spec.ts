import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { contexts } from '../../src/contexts.js';
import { memberRegisterProjector } from '../../src/membership/projections/member-register.projection.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { comparePositions, type Position } from '../../src/platform/event-store/position.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { createRuntime } from '../../src/platform/runtime.js';
import { collect } from '../support/test-events.js';
import { ADMIN_KEY, applicant } from '../support/test-app.js';

/**
 * The built service, killed with SIGKILL while it is writing: no acknowledged event may be
 * lost, and the projections it resumes must equal a rebuild from scratch.
 */
describe('kill -9 during writes', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const dataDir = mkdtempSync(join(tmpdir(), 'coop-crash-'));
  let port: number;
  let service: ChildProcess | undefined;

  const start = async () => {
    service = spawn(process.execPath, [join(root, 'dist/main.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        COOP_DATA_DIR: dataDir,
        // The embedded store the test reads back, even where CI sets the servers' URLs.
        EVENTSTORE_URL: '',
        MONGODB_URL: '',
        COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
        LOG_LEVEL: 'warn',
        NODE_OPTIONS: '',
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the service did not become ready');
  };
  /** Sends the signal and resolves once the process has exited. */
  const stop = (signal: NodeJS.Signals) => {
    const child = service!;
    const exited =
      child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    child.kill(signal);
    return exited;
  };
  const post = (path: string, body: object) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build-if-needed.js')], { stdio: 'ignore' });
    port = await freePort();
  }, 120_000);
  afterAll(() => {
    service?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged event, and resumed projections equal a rebuild', async () => {
    await start();
    const acknowledged: Array<{ id: string; position: Position }> = [];
    let writing = true;
    let people = 0;
    const writer = async () => {
      while (writing) {
        try {
          const applied = await post('/membership/applications', { ...applicant(people++), appliedOn: '2026-01-15' });
          if (applied.status !== 201) continue;
          const a = (await applied.json()) as { applicationId: string; events: Array<{ id: string; position: Position }> };
          acknowledged.push(a.events[0]!);
          const admitted = await post(`/membership/applications/${a.applicationId}/admission`, {
            boardResolutionId: 'r1',
            admittedOn: '2026-01-20',
          });
          if (admitted.status === 201)
            acknowledged.push(((await admitted.json()) as { events: Array<{ id: string; position: Position }> }).events[0]!);
        } catch {
          return; // the service is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    const killed = stop('SIGKILL');
    writing = false;
    await Promise.all(writers);
    await killed;

    await start(); // recovers, and projections resume from their checkpoints
    const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
      checks: { projections: Array<{ lag: string }> };
    };
    expect(ready.checks.projections).toBeDefined();
    await stop('SIGTERM');

    const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dataDir }), contexts, {
      logger: pino({ level: 'silent' }),
      projectionPollMs: 20,
    });
    try {
      const recorded = new Map((await collect(runtime.events.readAll())).map((e) => [e.id, e.position]));
      for (const event of acknowledged) expect(recorded.get(event.id)).toBe(event.position);

      await runtime.projections.start();
      expect(await runtime.projections.catchUp(10_000)).toBe(true);
      const scratch = new EmbeddedReadModelStore(join(dataDir, 'scratch-rebuild.sqlite'));
      const rebuild = new ProjectionRunner(runtime.events, scratch, [memberRegisterProjector], { pollIntervalMs: 20 });
      await rebuild.start();
      expect(await rebuild.catchUp(10_000)).toBe(true);
      for (const collection of ['applications', 'members']) {
        const resumed = await (
          await runtime.projections.collection('member-register', collection)
        ).find({}, { sort: { _id: 1 } });
        const rebuilt = await (await rebuild.collection('member-register', collection)).find({}, { sort: { _id: 1 } });
        expect(resumed).toEqual(rebuilt);
      }
      const members = await (await rebuild.collection('member-register', 'members')).find({}, { sort: { memberNumber: 1 } });
      expect(members.map((m) => m.memberNumber)).toEqual(members.map((_, i) => i + 1));
      await rebuild.stop();
      await scratch.close();
      const positions = acknowledged.map((e) => e.position).sort(comparePositions);
      expect(new Set(positions).size).toBe(positions.length);
    } finally {
      await runtime.close();
    }
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
