import type { INestApplicationContext } from '@nestjs/common';
import type { Runtime } from '../platform/runtime.js';

/** How long a report's CLI waits for the read models to hold the whole history. */
export const CATCH_UP_MS = 600_000;

/**
 * Runs `work` on the service's app over `runtime`, once its read models hold the whole history:
 * the app is started first, since it is the app that starts the projections (waiting for them
 * before it had waited for nothing that runs, up to the timeout); then the wait; then the work,
 * and the app closed whatever happens (its projectors checkpointed, their leases given up).
 */
export async function withCaughtUpApp<T>(
  runtime: Runtime,
  work: (app: INestApplicationContext) => Promise<T>,
  timeoutMs = CATCH_UP_MS,
): Promise<T> {
  const { createApp } = await import('../app.js');
  const app = await createApp(runtime, { print: () => undefined });
  await app.init();
  try {
    if (!(await runtime.projections.catchUp(timeoutMs)))
      throw new Error(
        `the read models did not catch up with the history in ${Math.round(timeoutMs / 60_000)} minutes: try again`,
      );
    return await work(app);
  } finally {
    await app.close();
  }
}
