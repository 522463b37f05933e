import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { contexts } from '../../src/contexts.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { createRuntime } from '../../src/platform/runtime.js';
import { seedHistory } from '../../src/seed/history.js';

/**
 * A fresh data directory holding a seeded history with its governance, seeded as `npm run
 * seed` does it: into a store no service runs on, the names sealed in its vault and indexed
 * for search. The test then serves it (startTestApp, a service process, the CLI).
 */
export async function seededDataDir(
  prefix: string,
  options: { members: number; years: number; seed: number },
): Promise<{ dir: string; seeded: Awaited<ReturnType<typeof seedHistory>> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dir }), contexts, { logger: pino({ level: 'silent' }) });
  try {
    const seeded = await seedHistory({
      events: runtime.events,
      ...options,
      batchSize: 40,
      governance: true,
      vault: runtime.vault,
      blindIndex: runtime.blindIndex,
    });
    return { dir, seeded };
  } finally {
    await runtime.close();
  }
}
