import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded, root, startService, type ServiceProcess } from '../support/service-process.js';
import { applicant } from '../support/test-app.js';
import { seededDataDir } from '../support/seeded-data-dir.js';

/**
 * A running service and `coop report social` on the same embedded data directory, as an office
 * does it: the CLI opens the same SQLite files, starts its own app (and so its own projection
 * workers, which find the service's leases in force and stand by), waits for the read models the
 * service keeps, prints, closes. Meanwhile the service must keep answering, and afterwards it
 * must still be the one projecting: a write is readable through `?after=` at once.
 */
describe('coop report social beside a running service on one data directory', () => {
  let dir: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    buildIfNeeded();
    ({ dir } = await seededDataDir('coop-cli-beside-', { members: 60, years: 2, seed: 11 }));
    service = await startService({ COOP_DATA_DIR: dir });
    await service.ready(120_000);
  }, 300_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering while the CLI runs, and keeps projecting after it exits', async () => {
    const out = join(dir, 'bilancio-2025.pdf');
    const cli = spawn(
      process.execPath,
      [join(root, 'dist/cli.js'), 'report', 'social', '--year', '2025', '--out', out, '--data-dir', dir],
      { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));
    const unanswered: number[] = [];
    let asked = 0;
    while (running) {
      asked++;
      const ok = await fetch(`${service.url}/health/live`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!ok) unanswered.push(asked);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await exited).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(asked).toBeGreaterThan(0);
    expect(unanswered).toEqual([]);

    // The service still projects: its own write is read back through its read model at once.
    const applied = await service.request('POST', '/membership/applications', { ...applicant(901), appliedOn: '2025-01-05' });
    expect(applied.status).toBe(201);
    const started = Date.now();
    const read = await service.request(
      'GET',
      `/membership/applications/${applied.body.applicationId}?after=${applied.body.position}`,
    );
    expect(read.status).toBe(200);
    // Well within the lease's 15 s: no lease left behind by the CLI for the service to wait out.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 300_000);
});
