import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config.js';

/** The service cannot start: the message names what to fix; no stack trace is wanted. */
export class StartupError extends Error {}

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'a part of the path does not exist',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EEXIST: 'it exists and is not a directory',
};

/** Whether any store or key file lives under `COOP_DATA_DIR` in this configuration. */
export const usesDataDir = (config: AppConfig) => !config.eventStoreUrl || !config.mongoDbUrl || !config.blindIndexKey;

/**
 * At start, before any store is opened: the data directory exists (created if missing) and
 * takes a durable write. Otherwise the service stops at once with the path and the cause,
 * not with SQLite's "unable to open database file" on the first request.
 */
export function checkDataDir(dir: string): void {
  const probe = join(dir, `.write-check-${process.pid}`);
  let step = 'create';
  try {
    mkdirSync(dir, { recursive: true });
    step = 'write to';
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'ok');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new StartupError(
      `cannot ${step} the data directory ${dir} (COOP_DATA_DIR): ${CAUSES[code] ?? (error as Error).message}${code ? ` (${code})` : ''}`,
    );
  }
}
