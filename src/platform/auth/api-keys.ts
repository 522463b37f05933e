import { hash, randomBytes } from 'node:crypto';

/** A new key: `coop_` and 32 random bytes, base64url. */
export const newApiKey = (): string => `coop_${randomBytes(32).toString('base64url')}`;

/** Asked on every request made with a key: one-shot hashing. */
export const hashApiKey = (key: string): string => hash('sha256', key, 'hex');

/** The public handle of a key, safe to log and to show in `actor`. */
export const keyIdOf = (keyHash: string): string => `key_${keyHash.slice(0, 16)}`;
