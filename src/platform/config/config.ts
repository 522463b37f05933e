import { resolve } from 'node:path';
import { z } from 'zod';

/** The operational contract of DESIGN.md, read once from the environment and validated. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  COOP_DATA_DIR: z.string().min(1).default('./data'),
  EVENTSTORE_URL: z
    .string()
    .regex(/^(esdb|kurrentdb|kurrent)(\+discover)?:\/\//i, 'must start with esdb://, kurrentdb:// or kurrent://')
    .optional(),
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  COOP_BOOTSTRAP_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
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
  /** How long a query given `?after=` waits for its read model before answering 503. */
  COOP_READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreUrl?: string;
  mongoDbUrl?: string;
  bootstrapAdminKey?: string;
  blindIndexKey?: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  readYourWritesTimeoutMs: number;
  sealIntervalMs: number;
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
    ...(e.EVENTSTORE_URL ? { eventStoreUrl: e.EVENTSTORE_URL } : {}),
    ...(e.MONGODB_URL ? { mongoDbUrl: e.MONGODB_URL } : {}),
    ...(e.COOP_BOOTSTRAP_ADMIN_KEY ? { bootstrapAdminKey: e.COOP_BOOTSTRAP_ADMIN_KEY } : {}),
    ...(e.COOP_BLIND_INDEX_KEY ? { blindIndexKey: e.COOP_BLIND_INDEX_KEY } : {}),
    logLevel: e.LOG_LEVEL,
    readYourWritesTimeoutMs: e.COOP_READ_YOUR_WRITES_TIMEOUT_MS,
    sealIntervalMs: e.COOP_SEAL_INTERVAL_HOURS * 3_600_000,
  };
}
