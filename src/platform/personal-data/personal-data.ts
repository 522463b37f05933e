import { z } from 'zod';

/**
 * Personal data (names, fiscal codes, birth dates, addresses, contacts) never enter an
 * event as plain fields: handlers pass them through {@link PersonalDataVault.seal}, and
 * readers through {@link PersonalDataVault.open}. Erasing a person (crypto-shredding)
 * then only needs the vault to forget that person's key; events, hashes and counts stay.
 *
 * The scheme `none` keeps the fields readable: what the first release wrote, and what only
 * tests should write now. `aes-256-gcm` (`EncryptedPersonalDataVault`) encrypts them
 * with the subject's own key, named by `keyId`, kept outside the event store.
 */
export const SealedPersonalDataSchema = z.object({
  subject: z.string().min(1),
  scheme: z.enum(['none', 'aes-256-gcm']),
  /** Present for `none`. */
  fields: z.record(z.string(), z.unknown()).optional(),
  /** Present for encrypted schemes: the id of the subject's key in the key store. */
  keyId: z.string().min(1).optional(),
  /** Present for encrypted schemes: base64 of iv, auth tag and ciphertext. */
  iv: z.string().optional(),
  tag: z.string().optional(),
  ciphertext: z.string().optional(),
});
export type SealedPersonalData = z.infer<typeof SealedPersonalDataSchema>;

export interface PersonalDataVault {
  /** Seals the fields of one person (the subject: an applicant, member or beneficiary id). */
  seal(subject: string, fields: Record<string, unknown>): Promise<SealedPersonalData>;
  /** The fields, or null when the person's data has been erased. */
  open<T extends Record<string, unknown>>(sealed: SealedPersonalData): Promise<T | null>;
  /**
   * Erases the person (GDPR art. 17): from then on `open` answers null for everything sealed
   * for them, wherever it was copied, and `seal` refuses them. Idempotent.
   */
  erase(subject: string): Promise<{ erasedAt: string }>;
  isErased(subject: string): Promise<boolean>;
}

/** A vault that cannot erase: the plain scheme leaves the fields readable in the events. */
export class ErasureUnsupportedError extends Error {
  constructor(readonly subject: string) {
    super(
      `cannot erase ${subject}: the plain personal-data vault (scheme none) stores fields as given, so erasure ` +
        'could not hide them; run with the encrypted vault (aes-256-gcm) to erase by deleting the key',
    );
    this.name = 'ErasureUnsupportedError';
  }
}

/**
 * For tests only (and for reading what the first release wrote, which the encrypted vault
 * also does): fields are stored as given, so nothing sealed here can ever be erased. The
 * service runs `EncryptedPersonalDataVault` (encrypted-vault.ts).
 */
export class PlainPersonalDataVault implements PersonalDataVault {
  async seal(subject: string, fields: Record<string, unknown>): Promise<SealedPersonalData> {
    return { subject, scheme: 'none', fields: structuredClone(fields) };
  }

  async open<T extends Record<string, unknown>>(sealed: SealedPersonalData): Promise<T | null> {
    if (sealed.scheme !== 'none') throw new Error(`the plain vault holds no keys: it cannot open scheme ${sealed.scheme}`);
    return (sealed.fields ?? null) as T | null;
  }

  /** Always refuses: pretending to erase while the plaintext stays in the events would be worse. */
  async erase(subject: string): Promise<{ erasedAt: string }> {
    throw new ErasureUnsupportedError(subject);
  }

  async isErased(_subject: string): Promise<boolean> {
    return false;
  }
}

/**
 * The name a person's sealed data give (a legal person's `name`, or family and given name),
 * opened through the vault: null once erased, or when nothing is sealed.
 */
export async function openName(vault: PersonalDataVault, sealed: SealedPersonalData | null | undefined): Promise<string | null> {
  if (!sealed) return null;
  const fields = await vault.open<{ name?: string; givenName?: string; familyName?: string }>(sealed);
  if (!fields) return null;
  return fields.name ?? ([fields.familyName, fields.givenName].filter(Boolean).join(' ') || null);
}
