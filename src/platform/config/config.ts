import { resolve } from 'node:path';
import { z } from 'zod';

/** The operational contract of DESIGN.md, read once from the environment and validated. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  COOP_DATA_DIR: z.string().min(1).default('./data'),
  /** The cooperative's name as the printed books head each page with it. */
  COOP_NAME: z.string().min(1).max(200).default('Cooperativa sociale'),
  EVENTSTORE_URL: z
    .string()
    .regex(/^(esdb|kurrentdb|kurrent)(\+discover)?:\/\//i, 'must start with esdb://, kurrentdb:// or kurrent://')
    .optional(),
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  COOP_BOOTSTRAP_ADMIN_KEY: z
    .string()
    .superRefine((key, context) => {
      const weakness = bootstrapKeyWeakness(key);
      if (weakness) context.addIssue({ code: 'custom', message: weakness });
    })
    .optional(),
  /** HMAC key of the blind indexes (64 hex digits); shared by every instance of a deployment. */
  COOP_BLIND_INDEX_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal digits')
    .optional(),
  /** Hours between automatic seals of the history (0 turns them off). */
  COOP_SEAL_INTERVAL_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy (cookies Secure behind TLS; backoff by client address). */
  COOP_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** How long a query given `?after=` waits for its read model before answering 503. */
  COOP_READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  /** Several instances: how long a projector's lease lasts unrenewed before another instance takes it over. */
  COOP_LEASE_TTL_MS: z.coerce.number().int().min(200).max(600_000).default(15_000),
  /** The address people open the web app at (`https://soci.example.coop`): the passkeys' origin and relying-party id; by default the host each request names. */
  COOP_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** This instance's name in the leases (default `<host>:<pid>:<random>`). */
  COOP_INSTANCE_ID: z.string().min(1).max(200).optional(),
  /**
   * On the embedded stores, a build far behind the head (a fresh service, a rebuild) catches up
   * in a worker thread of its own, beside the requests, instead of sharing their event loop.
   */
  COOP_CATCH_UP_THREAD: z.enum(['true', 'false']).default('true'),
});

/**
 * Why a chosen admin key is too weak, or null: it must carry at least 128 bits, that is
 * 32 hexadecimal digits or 22 base64url characters (e.g. `openssl rand -hex 16`), and must
 * not be a short pattern repeated (`abcdabcd…`) or a handful of characters.
 */
export function bootstrapKeyWeakness(key: string): string | null {
  const advice = 'generate one with `openssl rand -hex 16` or `openssl rand -base64 24 | tr +/ -_`';
  if (!/^[\x21-\x7e]+$/.test(key)) return `must be visible ASCII characters only; ${advice}`;
  const hex = /^[0-9a-f]+$/i.test(key);
  const needed = hex ? 32 : 22;
  if (key.length < needed)
    return `must carry at least 128 bits: ${needed} ${hex ? 'hexadecimal digits' : 'base64url characters'}, this has ${key.length}; ${advice}`;
  for (let period = 1; period <= key.length / 2; period++)
    if ([...key].every((char, i) => i < period || char === key[i - period]))
      return `is a pattern of ${period} character${period === 1 ? '' : 's'} repeated, not a secret; ${advice}`;
  if (new Set(key.toLowerCase()).size < 8) return `uses fewer than 8 distinct characters, not a secret; ${advice}`;
  return null;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The cooperative's name, the heading of the printed books. */
  cooperativeName: string;
  eventStoreUrl?: string;
  mongoDbUrl?: string;
  bootstrapAdminKey?: string;
  blindIndexKey?: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  readYourWritesTimeoutMs: number;
  sealIntervalMs: number;
  leaseTtlMs: number;
  instanceId?: string;
  trustProxy: boolean;
  publicUrl?: string;
  /** Long catch-ups of the embedded read models run in a worker thread (`COOP_CATCH_UP_THREAD`). */
  catchUpThread: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(defined);
  if (!parsed.success)
    throw new ConfigError(
      'invalid configuration: ' + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.COOP_DATA_DIR),
    cooperativeName: e.COOP_NAME,
    ...(e.EVENTSTORE_URL ? { eventStoreUrl: e.EVENTSTORE_URL } : {}),
    ...(e.MONGODB_URL ? { mongoDbUrl: e.MONGODB_URL } : {}),
    ...(e.COOP_BOOTSTRAP_ADMIN_KEY ? { bootstrapAdminKey: e.COOP_BOOTSTRAP_ADMIN_KEY } : {}),
    ...(e.COOP_BLIND_INDEX_KEY ? { blindIndexKey: e.COOP_BLIND_INDEX_KEY } : {}),
    logLevel: e.LOG_LEVEL,
    readYourWritesTimeoutMs: e.COOP_READ_YOUR_WRITES_TIMEOUT_MS,
    sealIntervalMs: e.COOP_SEAL_INTERVAL_HOURS * 3_600_000,
    leaseTtlMs: e.COOP_LEASE_TTL_MS,
    ...(e.COOP_INSTANCE_ID ? { instanceId: e.COOP_INSTANCE_ID } : {}),
    trustProxy: e.COOP_TRUST_PROXY === 'true',
    catchUpThread: e.COOP_CATCH_UP_THREAD === 'true',
    ...(e.COOP_PUBLIC_URL ? { publicUrl: new URL(e.COOP_PUBLIC_URL).origin } : {}),
  };
}
