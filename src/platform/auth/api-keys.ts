import { randomBytes } from 'node:crypto';
import { sha256 } from './secrets.js';

/** A new key: `coop_` and 32 random bytes, base64url. */
export const newApiKey = (): string => `coop_${randomBytes(32).toString('base64url')}`;

export const hashApiKey = (key: string): string => sha256(key);

/** The public handle of a key, safe to log and to show in `actor`. */
export const keyIdOf = (keyHash: string): string => `key_${keyHash.slice(0, 16)}`;
