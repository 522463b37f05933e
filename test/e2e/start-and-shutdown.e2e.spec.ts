import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY } from '../support/test-app.js';
import { buildIfNeeded, freePort, root, startService, type ServiceProcess } from '../support/service-process.js';

/** The built service's outside: readiness while a store is down, and SIGTERM with a client still subscribed. */
describe('start, readiness and shutdown of the built service', () => {
  const dirs: string[] = [];
  const services: ServiceProcess[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'coop-start-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    buildIfNeeded();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM ends an open event stream and the process exits 0 within seconds', async () => {
    const service = await startService({ COOP_DATA_DIR: dataDir() });
    services.push(service);
    await service.ready();
    const stream = await fetch(`${service.url}/events/stream`, {
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, Accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry:');
    const started = Date.now();
    const exitCode = service.stop('SIGTERM');
    // The stream ends (the client would reconnect elsewhere with Last-Event-ID)…
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true }));
      if (chunk.done) break;
    }
    // …and the process exits cleanly, long before the 10 s grace given to in-flight requests.
    expect(await exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 60_000);

  it('with MongoDB unreachable it starts, answers live, reports not ready, and still stops on SIGTERM', async () => {
    const closedPort = await freePort();
    const service = await startService({
      COOP_DATA_DIR: dataDir(),
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/coop?serverSelectionTimeoutMS=300&connectTimeoutMS=300`,
    });
    services.push(service);
    let live = 0;
    for (let i = 0; i < 300 && live !== 200; i++) {
      live = await fetch(`${service.url}/health/live`).then(
        (r) => r.status,
        () => 0,
      );
      if (live !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(live).toBe(200);
    const started = Date.now();
    const ready = await fetch(`${service.url}/health/ready`);
    expect(Date.now() - started).toBeLessThan(5_000); // every check has a timeout
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: { readModels: { ok: boolean } } };
    expect(body).toMatchObject({ status: 'unavailable', checks: { readModels: { ok: false } } });
    expect(service.child.exitCode).toBeNull(); // still running, trying again
    expect(await service.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('prints the one-time admin key on stderr on its own lines, never in the JSON log, and the routes only at debug', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
      env: {
        ...process.env,
        EVENTSTORE_URL: '',
        MONGODB_URL: '',
        COOP_BOOTSTRAP_ADMIN_KEY: '',
        PORT: String(port),
        COOP_DATA_DIR: dataDir(),
        LOG_LEVEL: 'info',
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      for (let i = 0; i < 600 && !stderr.includes('First administrator'); i++) {
        if (child.exitCode !== null) throw new Error(`the service exited: ${stdout}${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const key = /^ {4}(coop_[A-Za-z0-9_-]{43})$/m.exec(stderr)?.[1];
      expect(key).toBeDefined();
      expect(stderr).toContain('Admin API key (shown once; store it now)');
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api-keys`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(
        200,
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = stdout.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow(); // stdout is the JSON log only
      expect(stdout).not.toContain(key);
      expect(stdout).not.toContain('imposta-password#token=');
      expect(stdout).not.toContain('Mapped {');
      expect(stdout).toContain('coop-ledger listening');
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
