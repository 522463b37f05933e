import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { waitUntil } from '../../support/wait.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * The Chromium the browser tests drive: Debian's package here, or `CHROMIUM_PATH` where the
 * machine has another build (the GitHub workflow points it at the runner's Chrome). Never a
 * downloaded browser.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface RunningService {
  base: string;
  adminKey: string;
  /** The service's data directory, for the CLI (`coop … --data-dir`) run beside it. */
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Waits until every read model has taken in what the service holds (its readiness check shows
 * no lag): a spec that records its set-up through the API, without `?after=`, calls it before
 * the browser reads what it recorded, as a person arriving later would find it.
 */
export async function projectionsCaughtUp(service: RunningService, timeoutMs = 30_000): Promise<void> {
  await waitUntil(async () => {
    const ready = (await (await fetch(`${service.base}/health/ready`)).json()) as {
      checks?: { projections?: Array<{ lag: string }> };
    };
    return ready.checks?.projections?.every((projection) => projection.lag === '0') === true;
  }, timeoutMs);
}

/** The built service (`node dist/main.js`) on a fresh data directory and a free port. */
export async function startBuiltService(): Promise<RunningService> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-browser-'));
  const port = await freePort();
  const adminKey = 'browser-admin-key-0123456789abcdef';
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      COOP_DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      COOP_BOOTSTRAP_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && output.includes('First administrator')) break;
    if (Date.now() > deadline) throw new Error(`the service did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    adminKey,
    dataDir: dir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Seals the running service's history as the secretariat does before printing (README, "the
 * yearly routine"): `coop audit seal` on its data directory, beside it. A seal taken now, not
 * one awaited from the scheduler.
 */
export function sealWithCli(service: RunningService): { sealRevision: string; logRoot: string } {
  const out = execFileSync(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'audit', 'seal', '--json', '--data-dir', service.dataDir],
    {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  return JSON.parse(out) as { sealRevision: string; logRoot: string };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page as it stands: no serious or critical violation (WCAG 2.1 AA), named by the screen. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (
      globalThis as unknown as {
        axe: { run: (o: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> };
      }
    ).axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  expect({ screen, serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({
    screen,
    serious: [],
  });
}
