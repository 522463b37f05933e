// projection.rebuild.serving and memory.rebuild: the built service (dist/main.js) started as a
// fresh service on a copy of the history's event store (no read models: every projector
// rebuilds), answering GET /health/live from autocannon while it rebuilds, then again, for as
// long, once every projection has caught up (the idle baseline). Its peak RSS is the kernel's
// high-water mark of the service process (/proc/<pid>/status VmHWM) once caught up.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowMain } from '../lib/child.mjs';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijkl';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** The service's peak and current RSS in MB, as the kernel counts them. */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}

/** autocannon on `url` until `stop()` resolves true (checked every 250 ms) or `seconds` pass. */
function load(url, connections, { seconds, until }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon({ url, connections, duration: seconds ?? 3_600 }, (error, result) =>
      error ? reject(error) : resolve({ result, seconds: (performance.now() - started) / 1000 }),
    );
    if (until) {
      const tick = async () => {
        if (await until().catch(() => false)) instance.stop();
        else setTimeout(tick, 250);
      };
      setTimeout(tick, 250);
    }
  });
}

const summary = ({ result, seconds }) => ({
  requests: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  rate: result['2xx'] / seconds,
  seconds,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
});

async function run({ historyDir, dataDir, connections = 16 }) {
  mkdirSync(dataDir, { recursive: true });
  for (const file of ['events.sqlite', 'events.sqlite-wal'])
    if (existsSync(join(historyDir, file))) copyFileSync(join(historyDir, file), join(dataDir, file));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const extraArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...extraArgs, MAIN], {
    env: {
      ...process.env,
      COOP_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(signal ?? code)));
  try {
    const started = performance.now();
    for (;;) {
      const up = await fetch(`${base}/health/live`)
        .then((r) => r.ok)
        .catch(() => false);
      if (up) break;
      if (server.exitCode !== null) throw new Error(`the service exited (${server.exitCode}) before answering`);
      await sleep(50);
    }
    const listeningMs = performance.now() - started;
    const caughtUp = async () => {
      const ready = await (await fetch(`${base}/health/ready`)).json();
      return ready.checks.projections.every((p) => p.lag === '0');
    };
    const rebuilding = summary(await load(`${base}/health/live`, connections, { until: caughtUp }));
    const rebuildMs = performance.now() - started;
    const memory = rss(server.pid);
    await sleep(1_000);
    const idle = summary(
      await load(`${base}/health/live`, connections, { seconds: Math.max(5, Math.round(rebuilding.seconds)) }),
    );
    return { listeningMs, rebuildMs, rebuilding, idle, peakRssMb: memory.peakMb, rssAfterMb: memory.nowMb };
  } finally {
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
}

await rowMain(run);
