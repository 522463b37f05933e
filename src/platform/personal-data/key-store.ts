import { randomBytes, randomUUID } from 'node:crypto';

/** AES-256 keys: 32 bytes. */
export const PERSONAL_KEY_BYTES = 32;

/**
 * Where the per-person keys live: outside the event store, because crypto-shredding (GDPR
 * art. 17 erasure without rewriting history, DESIGN.md "Personal data") only works if
 * deleting a key leaves no other copy of it next to the ciphertext it opens.
 *
 * A subject has at most one key in its lifetime. Once erased it keeps a tombstone, so it is
 * never keyed again: a new key would let fresh data about an erased person be read back
 * under the same id, and would make "is this person erased?" depend on timing.
 */
export interface PersonalKeyStore {
  /** A name for logs and health (`embedded`, `mongodb`). */
  readonly name: string;
  /**
   * The subject's key, created on first use. Concurrent calls for one subject, in this
   * process or another, all return the same key. Throws {@link PersonalDataErasedError}
   * for an erased subject.
   */
  getOrCreate(subject: string): Promise<{ keyId: string; key: Buffer }>;
  /** The key, or null when the subject is erased or has no key with this id. */
  get(subject: string, keyId: string): Promise<Buffer | null>;
  /**
   * Deletes the key material and records a tombstone, also for a subject that never had a
   * key. Idempotent: erasing again answers the first erasure's instant.
   */
  erase(subject: string): Promise<{ erasedAt: string }>;
  isErased(subject: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Asking for a key of a person whose data were erased. A typed error, so that a command
 * sealing new data about an erased person is refused instead of silently re-keying them.
 */
export class PersonalDataErasedError extends Error {
  constructor(
    readonly subject: string,
    readonly erasedAt?: string,
  ) {
    super(`the personal data of ${subject} were erased${erasedAt ? ` at ${erasedAt}` : ''}; they cannot be keyed again`);
    this.name = 'PersonalDataErasedError';
  }
}

/** A fresh key and its id; the id names the key in sealed data without revealing anything. */
export function newPersonalKey(): { keyId: string; key: Buffer } {
  return { keyId: randomUUID(), key: randomBytes(PERSONAL_KEY_BYTES) };
}
