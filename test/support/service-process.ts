import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADMIN_KEY } from './test-app.js';

export const root = new URL('../../', import.meta.url).pathname;

/** Builds `dist/` if any source is newer (as `npm start` does). */
export const buildIfNeeded = () =>
  execFileSync(process.execPath, [join(root, 'scripts/build-if-needed.js')], { stdio: 'ignore' });

/** One built service process (`node dist/main.js`) on a port of its own. */
export interface ServiceProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Resolves once `/health/ready` answers 200 (or with the last answer's status after `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends the signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  request(method: string, path: string, body?: object): Promise<{ status: number; body: any }>;
}

export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
    env: {
      ...process.env,
      // The embedded stores unless a test names servers (CI sets these for the server suites).
      EVENTSTORE_URL: '',
      MONGODB_URL: '',
      PORT: String(port),
      COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '',
      ...env,
    },
    stdio: process.env.COOP_TEST_SERVICE_LOGS ? 'inherit' : 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    port,
    url,
    child,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
        const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the service did not become ready');
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async request(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed };
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
