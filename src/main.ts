import type { Server, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.js';
import { scheduleSeals } from './audit/seal-scheduler.js';
import { contexts } from './contexts.js';
import { loadConfig } from './platform/config/config.js';
import { checkDataDir, usesDataDir } from './platform/config/data-dir.js';
import { createRuntime } from './platform/runtime.js';

/** How long SIGTERM lets in-flight requests finish before their connections are closed. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * How far V8 lets the heap grow past what the last full collection kept before it collects
 * again, in percent. V8 picks up to 300 % on its own while a process allocates fast, and on a
 * machine with gigabytes of memory its limit is far away: a service answering commands carried
 * 700-970 MB resident for some 80 MB of live objects (bench/README.md, rebuild19). 30 % keeps
 * it near 300 MB at no measured cost in speed; `COOP_HEAP_GROWING_PERCENT=0` gives V8 its own
 * choice back. Read by V8 at each full collection, so it can be set once the process runs.
 */
const HEAP_GROWING_PERCENT = 30;

/**
 * `npm start`: the service on the embedded default, or on EventStoreDB / MongoDB when
 * their URLs are set. It listens at once; projections start and the first key is issued in
 * the background, tried again while a store is unreachable (`/health/ready` says not ready
 * meanwhile). SIGTERM stops accepting, ends open event streams (their clients resume
 * elsewhere with Last-Event-ID), lets in-flight requests finish, commits the projections'
 * current batch, gives up their leases and exits 0.
 */
export async function serve(): Promise<void> {
  const growing = Number(process.env.COOP_HEAP_GROWING_PERCENT ?? HEAP_GROWING_PERCENT);
  if (Number.isInteger(growing) && growing > 0) setFlagsFromString(`--heap-growing-percent=${growing}`);
  const config = loadConfig();
  if (usesDataDir(config)) checkDataDir(config.dataDir);
  // Long catch-ups in a thread of their own, which loads the projectors from this same build.
  const runtime = await createRuntime(config, contexts, {
    catchUpThread: { contextsModule: new URL('./contexts.js', import.meta.url).href },
  });
  const app = await createApp(runtime, { background: true });
  const server = app.getHttpServer() as Server;
  const open = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    open.add(response);
    response.once('close', () => open.delete(response));
  });
  await app.listen(config.port, config.host);
  const stopSeals = scheduleSeals(runtime, config.sealIntervalMs);
  runtime.logger.info({ url: `http://${config.host}:${config.port}`, docs: '/docs' }, 'coop-ledger listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    await stopSeals();
    const closed = app.close();
    // Streams never finish by themselves: end them, and drop the idle keep-alive connections.
    for (const response of open)
      if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) response.end();
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    await closed;
    clearTimeout(grace);
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((error: unknown) => {
    // A configuration or start-up problem is a sentence for the operator, not a stack trace.
    console.error(`coop-ledger cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
