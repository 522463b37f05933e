import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { personCheckCharacter } from '../../src/shared-kernel/fiscal-code.js';
import { contexts } from '../../src/contexts.js';
import { ADMIN_ONLY_TYPES } from '../../src/platform/auth/read-scope.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { SequentialIds } from '../../src/platform/ids.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';

/** 128 random bits and more, as the service demands of a chosen admin key. */
export const ADMIN_KEY = 'coop_test_admin_fe1434fb98556e230e3c8d5baf5b4c9f';

export interface TestApp {
  app: INestApplication;
  runtime: Runtime;
  clock: FixedClock;
  http: () => ReturnType<typeof request>;
  /**
   * Issues a key with this role through the API and returns it. A `service` key gets
   * `scope`, or by default every event type but the keys' own.
   */
  keyFor(role: string, scope?: { types?: string[]; categories?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/**
 * `COOP_E2E_ON_SERVERS=1` runs every e2e test app on the servers of `EVENTSTORE_URL` and
 * `MONGODB_URL` (each app in a MongoDB database of its own; EventStoreDB has one `$all`, so
 * the CI gives each test file a fresh one). Otherwise the embedded stores, whatever else the
 * environment says.
 */
function serverSettings(dir: string): Record<string, string> {
  if (process.env.COOP_E2E_ON_SERVERS !== '1') return {};
  const { EVENTSTORE_URL, MONGODB_URL } = process.env;
  if (!EVENTSTORE_URL || !MONGODB_URL) throw new Error('COOP_E2E_ON_SERVERS=1 needs EVENTSTORE_URL and MONGODB_URL');
  const database = `coop_e2e_${basename(dir).replace(/[^A-Za-z0-9]/g, '_')}`;
  return {
    EVENTSTORE_URL,
    MONGODB_URL: MONGODB_URL.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${database}`),
  };
}

/** The whole service over a fresh data directory, with a fixed clock and sequential ids. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-e2e-'));
  const clock = new FixedClock('2026-03-02T10:00:00.000Z');
  const config = loadConfig({
    COOP_DATA_DIR: dir,
    COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    COOP_READ_YOUR_WRITES_TIMEOUT_MS: '2000',
    ...serverSettings(dir),
    ...env,
  });
  const runtime = await createRuntime(config, contexts, {
    clock,
    ids: new SequentialIds('e2e00000'),
    logger: pino({ level: 'silent' }),
    projectionPollMs: 20,
  });
  const app = await createApp(runtime, { print: () => undefined });
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    runtime,
    clock,
    http,
    async keyFor(role, scope) {
      const everything = { types: runtime.registry.types().filter((type) => !ADMIN_ONLY_TYPES.has(type)) };
      const response = await http()
        .post('/api-keys')
        .set('Authorization', `Bearer ${ADMIN_KEY}`)
        .send({ role, label: `${role} for tests`, ...(role === 'service' ? { scope: scope ?? everything } : {}) })
        .expect(201);
      return response.body.key as string;
    },
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

export const mariaRossi = {
  applicant: {
    kind: 'natural',
    givenName: 'Maria',
    familyName: 'Rossi',
    fiscalCode: 'RSSMRA80A01H501U',
    birthDate: '1980-01-01',
    residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
  },
  category: 'worker',
  requestedShares: 2,
};

/** A valid fiscal code for the n-th test person (n < 26 * 26 * 1000). */
export const fiscalCodeOf = (n: number) => {
  const letters = String.fromCharCode(65 + (n % 26)) + String.fromCharCode(65 + (Math.floor(n / 26) % 26));
  const first15 = `TST${letters}A80A01H${String(Math.floor(n / 676) % 1000).padStart(3, '0')}`;
  return first15 + personCheckCharacter(first15);
};

/** An application body for the n-th test person: a distinct person for M6. */
export const applicant = (n: number, category = 'worker') => ({
  ...mariaRossi,
  category,
  applicant: { ...mariaRossi.applicant, givenName: `Person ${n}`, fiscalCode: fiscalCodeOf(n) },
});
