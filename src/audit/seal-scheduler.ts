import { Leases, type LeaseOptions } from '../platform/projections/projection-lease.js';
import type { Runtime } from '../platform/runtime.js';
import { SEAL_STREAM } from './seal.js';
import { SEAL_SIGNATURES_STREAM } from './signing/signing-events.js';
import { sealKeySource } from './signing/seal-key.js';
import { sealAndSign } from './signing/seal-signing.js';

export const SCHEDULER_ACTOR = { keyId: 'system', role: 'system' };

/** The lease the sealing instance holds, beside the projectors' own. */
export const SEAL_LEASE = 'audit-seal-scheduler';

export interface SealScheduleOptions {
  /** The lease's holder and lifetime; by default the runtime's instance id and lease TTL. */
  lease?: LeaseOptions;
}

/**
 * Seals the history on a timer (daily by default), so the books kept digitally get a hash
 * to time-stamp at least as often as c.c. art. 2215-bis asks. A store with nothing new
 * since its last seal is not sealed again. With several instances on one store only the
 * holder of the seal lease seals (the projectors' lease mechanism, renewed every third of
 * its lifetime); the others stand by and take over when it lapses or is given up.
 */
export function scheduleSeals(runtime: Runtime, intervalMs: number, options: SealScheduleOptions = {}): () => Promise<void> {
  if (intervalMs <= 0) return async () => undefined;
  const leases = new Leases(runtime.readModels, {
    ttlMs: runtime.config.leaseTtlMs,
    holder: runtime.projections.leaseHolder ?? runtime.config.instanceId,
    ...options.lease,
  });
  let stopped = false;
  let held = false;
  let renewing: Promise<void> | undefined;
  const renew = () =>
    (renewing ??= leases
      .acquire(SEAL_LEASE)
      .then((lease) => {
        held = lease.holder === leases.holder;
      })
      .catch((error: unknown) => {
        held = false;
        runtime.logger.warn({ err: error }, 'seal lease not renewed; standing by');
      })
      .finally(() => (renewing = undefined)));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await renew();
      if (!held || stopped) return;
      const head = await runtime.events.headPosition();
      // The seal's own signature comes after it: a head that is either has nothing new to seal.
      const lastSealed: string[] = [];
      for (const stream of [SEAL_STREAM, SEAL_SIGNATURES_STREAM])
        for await (const seal of runtime.events.storage.readStream(stream, { direction: 'backwards', maxCount: 1 }))
          lastSealed.push(seal.position);
      if (head === undefined || lastSealed.includes(head)) return;
      const keys = sealKeySource(runtime.config.dataDir);
      const receipt = await sealAndSign({ events: runtime.events, keys, clock: runtime.clock, actor: SCHEDULER_ACTOR });
      runtime.logger.info({ seal: receipt }, 'history sealed');
    } catch (error) {
      runtime.logger.error({ err: error }, 'scheduled seal failed; will try at the next interval');
    } finally {
      running = false;
    }
  };
  const leaseTimer = setInterval(() => void renew(), Math.max(50, Math.floor(leases.ttlMs / 3)));
  leaseTimer.unref();
  void renew();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  /** Stops sealing and gives the lease up, so that a standby takes over at once. */
  return async () => {
    stopped = true;
    clearInterval(timer);
    clearInterval(leaseTimer);
    await renewing;
    if (held) await leases.release(SEAL_LEASE).catch(() => undefined);
    held = false;
  };
}
