import type { Server, ServerResponse } from 'node:http';
import { createApp } from './app.js';
import { scheduleSeals } from './audit/seal-scheduler.js';
import { contexts } from './contexts.js';
import { loadConfig } from './platform/config/config.js';
import { checkDataDir, usesDataDir } from './platform/config/data-dir.js';
import { createRuntime } from './platform/runtime.js';

/** How long SIGTERM lets in-flight requests finish before their connections are closed. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `npm start`: the service on the embedded default, or on EventStoreDB / MongoDB when
 * their URLs are set. It listens at once; projections start and the first key is issued in
 * the background, tried again while a store is unreachable (`/health/ready` says not ready
 * meanwhile). SIGTERM stops accepting, ends open event streams (their clients resume
 * elsewhere with Last-Event-ID), lets in-flight requests finish, commits the projections'
 * current batch, gives up their leases and exits 0.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  if (usesDataDir(config)) checkDataDir(config.dataDir);
  const runtime = await createRuntime(config, contexts);
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
