import { z } from 'zod';

/**
 * Personal data (names, fiscal codes, birth dates, addresses, contacts) never enter an
 * event as plain fields: handlers pass them through {@link PersonalDataVault.seal}, and
 * readers through {@link PersonalDataVault.open}. Erasing a person (crypto-shredding)
 * then only needs the vault to forget that person's key; events, hashes and counts stay.
 *
 * The scheme `none` keeps the fields readable and is what this release writes; the
 * membership issue brings `aes-256-gcm` with per-person keys, without touching handlers.
 */
export const SealedPersonalDataSchema = z.object({
  subject: z.string().min(1),
  scheme: z.enum(['none', 'aes-256-gcm']),
  /** Present for `none`. */
  fields: z.record(z.string(), z.unknown()).optional(),
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
}

/** The pass-through vault of this release: fields stored as given, behind the same seam. */
export class PlainPersonalDataVault implements PersonalDataVault {
  async seal(subject: string, fields: Record<string, unknown>): Promise<SealedPersonalData> {
    return { subject, scheme: 'none', fields: structuredClone(fields) };
  }

  async open<T extends Record<string, unknown>>(sealed: SealedPersonalData): Promise<T | null> {
    if (sealed.scheme !== 'none') throw new Error(`no key store for scheme ${sealed.scheme} in this release`);
    return (sealed.fields ?? null) as T | null;
  }
}
