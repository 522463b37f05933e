import { createApp } from './app.js';
import { scheduleSeals } from './audit/seal-scheduler.js';
import { contexts } from './contexts.js';
import { loadConfig } from './platform/config/config.js';
import { checkDataDir, usesDataDir } from './platform/config/data-dir.js';
import { createRuntime } from './platform/runtime.js';

/**
 * `npm start`: the service on the embedded default, or on EventStoreDB / MongoDB when
 * their URLs are set. SIGTERM stops accepting, lets in-flight requests finish, commits the
 * projections' current batch and exits 0.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  if (usesDataDir(config)) checkDataDir(config.dataDir);
  const runtime = await createRuntime(config, contexts);
  const app = await createApp(runtime);
  await app.listen(config.port, config.host);
  const stopSeals = scheduleSeals(runtime, config.sealIntervalMs);
  runtime.logger.info({ url: `http://${config.host}:${config.port}`, docs: '/docs' }, 'coop-ledger listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    stopSeals();
    await app.close();
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
