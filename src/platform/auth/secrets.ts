import { hash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scryptAsync = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** scrypt's cost (N = 2^15, r = 8, p = 1: ~32 MiB and ~50 ms a hash); kept in the hash itself. */
const COST = { N: 32_768, r: 8, p: 1 } as const;

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, { ...COST, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether the password gives this hash (constant time). A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** A hash that no password gives, verified against when the login is unknown (same timing). */
export const UNUSABLE_PASSWORD_HASH = `scrypt$${COST.N}$${COST.r}$${COST.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

/** A random one-time secret (invitation, session), base64url of 32 bytes. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Hex SHA-256 of a text, one-shot: asked on every request (its session or its API key). */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/**
 * The CSRF token of a session: derived from the session's secret, which only the cookie
 * holds (HttpOnly), so a page of another origin can neither read nor compute it.
 */
export const csrfTokenOf = (sessionToken: string): string => sha256(`csrf:${sessionToken}`);
