import type { Runtime } from '../platform/runtime.js';
import { SEAL_STREAM, sealHistory } from './seal.js';

export const SCHEDULER_ACTOR = { keyId: 'system', role: 'system' };

/**
 * Seals the history on a timer (daily by default), so the books kept digitally get a hash
 * to time-stamp at least as often as c.c. art. 2215-bis asks. A store with nothing new
 * since its last seal is not sealed again.
 */
export function scheduleSeals(runtime: Runtime, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const head = await runtime.events.headPosition();
      let lastSealed: string | undefined;
      for await (const seal of runtime.events.storage.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 }))
        lastSealed = seal.position;
      if (head === undefined || head === lastSealed) return;
      const receipt = await sealHistory(runtime.events, SCHEDULER_ACTOR, { clock: runtime.clock });
      runtime.logger.info({ seal: receipt }, 'history sealed');
    } catch (error) {
      runtime.logger.error({ err: error }, 'scheduled seal failed; will try at the next interval');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
