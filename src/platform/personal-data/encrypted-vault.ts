import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonalDataErasedError, type PersonalKeyStore } from './key-store.js';
import type { PersonalDataVault, SealedPersonalData } from './personal-data.js';

const SCHEME = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A sealed blob that does not decrypt: its ciphertext, iv, tag, subject or key id were
 * changed, or it was copied from another person. Never answered as "erased" (null): that
 * would hide corruption or tampering behind what looks like a lawful erasure.
 */
export class PersonalDataIntegrityError extends Error {
  constructor(
    readonly subject: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`sealed personal data of ${subject} cannot be opened: ${reason}`, options);
    this.name = 'PersonalDataIntegrityError';
  }
}

/**
 * The key a blob names is not in the key store, and the subject is not erased: the store is
 * not the one that sealed it (another data directory or database), or it lost keys. Not
 * answered as null, so a misconfiguration cannot pass for everyone being erased.
 */
export class PersonalKeyNotFoundError extends Error {
  constructor(
    readonly subject: string,
    readonly keyId: string,
  ) {
    super(
      `no personal key ${keyId} for ${subject} in the key store, and ${subject} is not erased: ` +
        'is this the key store (data directory or MongoDB database) that sealed it?',
    );
    this.name = 'PersonalKeyNotFoundError';
  }
}

export interface EncryptedVaultOptions {
  /** Subjects whose key (or erasure) is kept in memory; least recently used go first. */
  cacheSize?: number;
  /**
   * How long a cached key is trusted before the store is asked again. Erasure in this
   * process takes effect at once; in another process sharing the store, within this time.
   * Erasures themselves stay cached: they are final.
   */
  cacheTtlMs?: number;
}

type CacheEntry = { erased: true; erasedAt?: string } | { erased: false; expiresAt: number; keyId?: string; key?: Buffer };

/**
 * Crypto-shredding (GDPR art. 17, DESIGN.md "Personal data"): every person's fields are
 * encrypted with that person's own AES-256-GCM key, kept in a {@link PersonalKeyStore}
 * outside the event store. Erasing the person deletes the key, so their fields read as
 * erased in events, read models, exports and replays alike, while the events, their hash
 * chain (computed over the ciphertext) and every count stay valid.
 *
 * The subject and key id are authenticated with the ciphertext, so a blob moved to another
 * person, or to another key, does not open. Blobs of the plain scheme `none` (what the first
 * release wrote) still open, and read as erased once their subject is, though their
 * plaintext stays in the events.
 */
export class EncryptedPersonalDataVault implements PersonalDataVault {
  private readonly cache: LruCache<string, CacheEntry>;
  private readonly ttlMs: number;

  constructor(
    private readonly keys: PersonalKeyStore,
    options: EncryptedVaultOptions = {},
  ) {
    this.cache = new LruCache(options.cacheSize ?? 10_000);
    this.ttlMs = options.cacheTtlMs ?? 60_000;
  }

  async seal(subject: string, fields: Record<string, unknown>): Promise<SealedPersonalData> {
    if (!subject) throw new Error('personal data need a subject');
    const { keyId, key } = await this.liveKey(subject);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(SCHEME, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(subject, keyId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
    return {
      subject,
      scheme: SCHEME,
      keyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  async open<T extends Record<string, unknown>>(sealed: SealedPersonalData): Promise<T | null> {
    const { subject } = sealed;
    if (sealed.scheme === 'none') {
      if (await this.erasedOrCheck(subject)) return null;
      return (sealed.fields ?? null) as T | null;
    }
    if (sealed.scheme !== SCHEME) throw new PersonalDataIntegrityError(subject, `unknown scheme ${String(sealed.scheme)}`);
    const { keyId, iv, tag, ciphertext } = sealed;
    if (!keyId || iv === undefined || tag === undefined || ciphertext === undefined)
      throw new PersonalDataIntegrityError(subject, 'keyId, iv, tag or ciphertext is missing');
    const ivBytes = Buffer.from(iv, 'base64');
    const tagBytes = Buffer.from(tag, 'base64');
    // GCM accepts other lengths; a short tag would make forgeries cheap.
    if (ivBytes.length !== IV_BYTES) throw new PersonalDataIntegrityError(subject, `the iv is not ${IV_BYTES} bytes`);
    if (tagBytes.length !== TAG_BYTES) throw new PersonalDataIntegrityError(subject, `the tag is not ${TAG_BYTES} bytes`);

    const key = await this.keyFor(subject, keyId);
    if (!key) return null;
    let plaintext: string;
    try {
      const decipher = createDecipheriv(SCHEME, key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(subject, keyId));
      decipher.setAuthTag(tagBytes);
      plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new PersonalDataIntegrityError(subject, 'authentication failed (tampered, corrupted or moved from another subject)', {
        cause: error,
      });
    }
    const fields: unknown = JSON.parse(plaintext);
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
      throw new PersonalDataIntegrityError(subject, 'the plaintext is not an object');
    return fields as T;
  }

  async erase(subject: string): Promise<{ erasedAt: string }> {
    this.cache.delete(subject);
    const result = await this.keys.erase(subject);
    this.cache.set(subject, { erased: true, erasedAt: result.erasedAt });
    return result;
  }

  async isErased(subject: string): Promise<boolean> {
    return this.erasedOrCheck(subject);
  }

  /** The key to seal with: cached, or created on first use; an erased subject is refused. */
  private async liveKey(subject: string): Promise<{ keyId: string; key: Buffer }> {
    const cached = this.cache.get(subject);
    if (cached?.erased) throw new PersonalDataErasedError(subject, cached.erasedAt);
    if (cached?.key && cached.keyId && cached.expiresAt > Date.now()) return { keyId: cached.keyId, key: cached.key };
    try {
      const live = await this.keys.getOrCreate(subject);
      this.remember(subject, { erased: false, expiresAt: Date.now() + this.ttlMs, ...live });
      return live;
    } catch (error) {
      if (error instanceof PersonalDataErasedError) this.remember(subject, { erased: true, erasedAt: error.erasedAt });
      throw error;
    }
  }

  /** The key a blob names, or null when its subject is erased. */
  private async keyFor(subject: string, keyId: string): Promise<Buffer | null> {
    const cached = this.cache.get(subject);
    if (cached?.erased) return null;
    if (cached?.key && cached.keyId === keyId && cached.expiresAt > Date.now()) return cached.key;
    const key = await this.keys.get(subject, keyId);
    if (key) {
      this.remember(subject, { erased: false, expiresAt: Date.now() + this.ttlMs, keyId, key });
      return key;
    }
    if (await this.erasedOrCheck(subject)) return null;
    throw new PersonalKeyNotFoundError(subject, keyId);
  }

  private async erasedOrCheck(subject: string): Promise<boolean> {
    const cached = this.cache.get(subject);
    if (cached?.erased) return true;
    if (cached && cached.expiresAt > Date.now()) return false;
    const erased = await this.keys.isErased(subject);
    if (erased) this.remember(subject, { erased: true });
    else if (!cached) this.remember(subject, { erased: false, expiresAt: Date.now() + this.ttlMs });
    else this.remember(subject, { ...cached, expiresAt: Date.now() + this.ttlMs });
    return erased;
  }

  /**
   * Never replaces an erasure: a key read just before `erase` committed must not come back
   * into the cache after it.
   */
  private remember(subject: string, entry: CacheEntry): void {
    if (this.cache.peek(subject)?.erased && !entry.erased) return;
    this.cache.set(subject, entry);
  }
}

/** Binds a blob to its person and key: JSON, so no subject can be crafted to collide with another. */
function associatedData(subject: string, keyId: string): Buffer {
  return Buffer.from(JSON.stringify(['coop-ledger/personal-data', SCHEME, subject, keyId]), 'utf8');
}

/** A Map keeps insertion order: reinserting on use makes its first key the least recently used. */
class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`cache size must be a positive integer, not ${capacity}`);
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
