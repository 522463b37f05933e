import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hmacSha256 } from './hmac-sha256.js';

/**
 * A keyed hash (HMAC-SHA256) of an identifier such as a fiscal code, so that rules can
 * compare persons ("is this fiscal code already an active member?") without events or
 * read models holding the identifier. Without the key, the index cannot be reversed by
 * trying every fiscal code. The key lives outside the event store.
 */
export class BlindIndex {
  private hash: Promise<(value: string) => string> | undefined;

  constructor(private readonly keyProvider: () => Promise<Buffer>) {}

  async of(value: string): Promise<string> {
    return (await this.hasher())(value);
  }

  /** The index as a plain function, once the key is read: for hashing many values in a loop. */
  hasher(): Promise<(value: string) => string> {
    this.hash ??= this.keyProvider().then((key) => {
      const hmac = hmacSha256(key);
      return (value: string) => hmac(value.trim().toUpperCase());
    });
    return this.hash;
  }
}

/**
 * The key from `COOP_BLIND_INDEX_KEY` (64 hex digits; every instance of a deployment must
 * share it), else from a file in the data directory, created on first use.
 */
export function blindIndexKey(file: string, fromEnv?: string): () => Promise<Buffer> {
  return async () => {
    if (fromEnv) return Buffer.from(fromEnv, 'hex');
    if (!existsSync(file)) {
      // Written aside and linked into place: several instances starting on one data directory
      // all read the one key that won, never a file half written.
      mkdirSync(dirname(file), { recursive: true });
      const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(aside, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
      try {
        linkSync(aside, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(aside);
      }
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  };
}
