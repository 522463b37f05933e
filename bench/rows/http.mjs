// http.commands: the built service (dist/main.js) as a child process on a temporary data
// directory with a seeded history, driven by autocannon from this process (2 cores: one
// each). The baseline is the same service answering GET /health/live in the same run.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplyBody } from '../../dist/membership/http/membership.schemas.js';
import { applicationRequest } from '../../dist/seed/history.js';
import { dayOf, omocode } from '../../dist/seed/italian.js';
import { deriveSeed, mulberry32 } from '../../dist/seed/random.js';
import { seedHistory } from '../../dist/seed/history.js';
import { rowMain } from '../lib/child.mjs';
import { openEventStore } from '../lib/product.mjs';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijkl';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/**
 * The CPU time (user + system, every thread) the service process has used, in ms, from
 * /proc (Linux; clock ticks of 10 ms): the CPU a request costs the service, which a machine
 * shared with other jobs slows down far less than it slows the rates.
 */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs autocannon and adds the service's CPU per 2xx answer (µs) to its summary. */
async function measured(pid, options, seconds) {
  const before = cpuMsOf(pid);
  const result = await cannon(options);
  const after = cpuMsOf(pid);
  const out = summary(result, seconds);
  out.cpuUsPerRequest =
    before === undefined || after === undefined || !out.ok ? null : Math.round(((after - before) * 1000) / out.ok);
  return out;
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const summary = (result, seconds) => ({
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  rate: result['2xx'] / seconds,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
});

/** The service's memory from /proc/<pid>/status (KiB → MB): VmHWM, its peak RSS, and VmRSS now. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { hwmMb: kib('VmHWM') / 1024, rssMb: kib('VmRSS') / 1024 };
}

/** Resets the kernel's peak-RSS mark of a process (`clear_refs` 5); false where the kernel refuses. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function run({
  dataDir,
  members = 5_000,
  historyEvents,
  connections = 16,
  seconds = 10,
  warmupSeconds = 3,
  serverExecArgv = [],
  // memory.serve: the service over a copy of this history (its events.sqlite) instead of a seeded register,
  history,
  // at most this many members attending the assembly the votes go to (every voter otherwise),
  maxAttendees = Infinity,
  readyTimeoutMs = 120_000,
}) {
  mkdirSync(dataDir, { recursive: true });
  let seeded;
  if (history) {
    // The store as another run left it (closed, so its log is checkpointed into the file).
    copyFileSync(join(history, 'events.sqlite'), join(dataDir, 'events.sqlite'));
  } else {
    // A service with a history, as in production: the register already has members. A longer
    // history (`historyEvents`) is made of applications still pending beside them: each its own
    // stream, sealed applicant and search entries, what the register's projections and indexes grow by.
    const events = openEventStore({ dir: dataDir });
    const pendingShare = historyEvents ? Math.max(0.02, (historyEvents - 2 * members) / members) : undefined;
    seeded = await seedHistory({ events, members, years: 5, seed: 7, ...(pendingShare && { pendingShare }) });
    await events.close();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_SERVER_ARGS: node flags for the service alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...serverExecArgv, ...extraArgs, MAIN], {
    env: {
      ...process.env,
      COOP_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'info',
    },
    // One JSON log line per request goes to stdout, as in production; here to /dev/null.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(signal ?? code)));
  try {
    const startedAt = performance.now();
    const startTimeout = historyEvents ? 3_600_000 : readyTimeoutMs;
    await until('service ready', async () => (await fetch(`${base}/health/ready`)).ok, startTimeout);
    await until(
      'projections caught up',
      async () => {
        const ready = await (await fetch(`${base}/health/ready`)).json();
        return ready.checks.projections.every((p) => p.lag === '0');
      },
      startTimeout,
    );
    const caughtUpMs = performance.now() - startedAt;
    const issued = await fetch(`${base}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'secretary', label: 'bench front desk' }),
    });
    if (issued.status !== 201) throw new Error(`issuing a key answered ${issued.status}: ${await issued.text()}`);
    const { key } = await issued.json();

    // Realistic application forms, dated before the fixed end of the seeded history (never
    // today). Each a different person (M6 admits a fiscal code once): omocodia level 7 keeps
    // them apart from the seeded members too.
    const day = dayOf('2025-12-01');
    const seen = new Set();
    const bodies = [];
    for (let i = 0; bodies.length < 30_000; i++) {
      const body = applicationRequest(mulberry32(deriveSeed(99, i)), day - (i % 300));
      if (body.applicant.kind === 'natural') body.applicant.fiscalCode = omocode(body.applicant.fiscalCode, 7);
      if (seen.has(body.applicant.fiscalCode)) continue;
      seen.add(body.applicant.fiscalCode);
      ApplyBody.parse(body);
      bodies.push(JSON.stringify(body));
    }
    let nextBody = 0;
    let resolution = 0;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = async (path, body) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    };

    // An assembly of the seeded members, held (not timed): the members with a vote on its date
    // attend, it opens on the second call, and one motion per agenda item waits for votes.
    const assemblyId = '5e7a0000-0000-4000-8000-000000000001';
    const motions = ['bilancio', 'regolamento', 'nomine', 'quote', 'varie'];
    await post(`/governance/assemblies/${assemblyId}`, {
      kind: 'ordinary',
      firstCall: { date: '2025-12-20', place: 'sede sociale' },
      secondCall: { date: '2025-12-21', place: 'sede sociale' },
      agenda: motions,
      noticeSentOn: '2025-12-01',
    });
    const { voters } = await (await fetch(`${base}/governance/assemblies/${assemblyId}/voters`, { headers })).json();
    const attendees = voters
      .filter((v) => v.votes > 0)
      .map((v) => v.memberId)
      .slice(0, maxAttendees);
    for (let i = 0; i < attendees.length; i += 50)
      await Promise.all(
        attendees.slice(i, i + 50).map((memberId) => post(`/governance/assemblies/${assemblyId}/attendance`, { memberId })),
      );
    await post(`/governance/assemblies/${assemblyId}/opening`, { call: 'second' });
    for (const [index, motionId] of motions.entries())
      await post(`/governance/assemblies/${assemblyId}/motions`, {
        motionId,
        item: index + 1,
        text: `L'assemblea approva: ${motionId}`,
      });
    let nextVote = 0;
    const voteBody = () => {
      const n = nextVote++;
      const motionId = motions[Math.floor(n / attendees.length) % motions.length];
      return JSON.stringify({ motionId, memberId: attendees[n % attendees.length], vote: n % 10 === 0 ? 'against' : 'for' });
    };
    const mix = [
      {
        method: 'POST',
        path: '/membership/applications',
        headers,
        setupRequest: (request) => ({ ...request, body: bodies[nextBody++ % bodies.length] }),
        onResponse: (status, body, context) => {
          context.applicationId = status === 201 ? JSON.parse(body).applicationId : undefined;
        },
      },
      {
        method: 'POST',
        headers,
        setupRequest: (request, context) =>
          context.applicationId && {
            ...request,
            path: `/membership/applications/${context.applicationId}/admission`,
            body: JSON.stringify({ boardResolutionId: `cda-2025-12-15-${++resolution}`, admittedOn: '2025-12-15' }),
          },
      },
      {
        method: 'POST',
        path: `/governance/assemblies/${assemblyId}/votes`,
        headers,
        setupRequest: (request) => ({ ...request, body: voteBody() }),
      },
    ];
    const health = { url: `${base}/health/live`, connections };
    const commands = { url: base, connections, requests: mix };

    // The peak so far is the start (catching up every projector) and the set-up; the serving
    // peak is measured from here on.
    const startup = memoryOf(server.pid);
    const peakReset = resetPeak(server.pid);
    let sampledPeakMb = 0;
    const sampler = setInterval(() => {
      try {
        sampledPeakMb = Math.max(sampledPeakMb, memoryOf(server.pid).rssMb);
      } catch {
        // the service is gone: the row fails below
      }
    }, 100);
    await cannon({ ...health, duration: warmupSeconds });
    await cannon({ ...commands, duration: warmupSeconds });
    const healthResult = await measured(server.pid, { ...health, duration: seconds }, seconds);
    const commandsResult = await measured(server.pid, { ...commands, duration: seconds }, seconds);
    // Applications alone (each in its own stream), to tell their cost from the admissions'.
    const applicationsOnly = await measured(
      server.pid,
      { url: base, connections, duration: seconds, requests: [mix[0]] },
      seconds,
    );
    clearInterval(sampler);
    const serving = memoryOf(server.pid);
    return {
      memory: {
        startupPeakMb: startup.hwmMb,
        afterStartupRssMb: startup.rssMb,
        servingPeakMb: peakReset ? serving.hwmMb : null,
        sampledPeakMb,
        rssMb: serving.rssMb,
        caughtUpMs,
      },
      connections,
      seconds,
      members,
      events: seeded?.eventsWritten ?? null,
      attendees: attendees.length,
      votesCast: nextVote,
      health: healthResult,
      commands: commandsResult,
      applications: applicationsOnly,
    };
  } finally {
    server.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(10_000).then(() => 'timeout')]);
    if (code === 'timeout') server.kill('SIGKILL');
  }
}

await rowMain(run);
