import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A keyed hash (HMAC-SHA256) of an identifier such as a fiscal code, so that rules can
 * compare persons ("is this fiscal code already an active member?") without events or
 * read models holding the identifier. Without the key, the index cannot be reversed by
 * trying every fiscal code. The key lives outside the event store.
 */
export class BlindIndex {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly keyProvider: () => Promise<Buffer>) {}

  async of(value: string): Promise<string> {
    this.key ??= this.keyProvider();
    return createHmac('sha256', await this.key)
      .update(value.trim().toUpperCase())
      .digest('hex');
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
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  };
}
