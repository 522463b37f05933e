import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/integrity/canonical-json.js';
import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';

/**
 * A bundle carries the personal data its book prints, never a key: each sealed value the book
 * opened, named by the sha256 of its sealed form, with the fields the cooperative's vault gave
 * (null once erased, which the book prints as *dati cancellati*). Checking a bundle re-renders
 * the book through {@link BundledVault}, so the printed names are the bundled ones; whether
 * they are what the ciphertext holds can only be checked with the keys, which stay home.
 */
export type BundledPeople = Record<string, Record<string, unknown> | null>;

export const sealedRef = (sealed: SealedPersonalData): string => createHash('sha256').update(canonicalJson(sealed)).digest('hex');

/** Opens through the real vault and writes down what each sealed value opened to. */
export class RecordingVault implements PersonalDataVault {
  readonly people: BundledPeople = {};
  constructor(private readonly vault: PersonalDataVault) {}

  async open<T extends Record<string, unknown>>(sealed: SealedPersonalData): Promise<T | null> {
    const fields = await this.vault.open<T>(sealed);
    this.people[sealedRef(sealed)] = fields ?? null;
    return fields;
  }
  seal(): never {
    throw new Error('a bundle is written from the history: it seals nothing');
  }
  erase(): never {
    throw new Error('a bundle is written from the history: it erases nothing');
  }
  isErased(subject: string): Promise<boolean> {
    return this.vault.isErased(subject);
  }
}

/** The vault of a bundle: what was opened when it was written, nothing else (unknown values read as erased). */
export class BundledVault implements PersonalDataVault {
  constructor(private readonly people: BundledPeople) {}

  async open<T extends Record<string, unknown>>(sealed: SealedPersonalData): Promise<T | null> {
    return (this.people[sealedRef(sealed)] ?? null) as T | null;
  }
  seal(): never {
    throw new Error('a bundle holds no keys');
  }
  erase(): never {
    throw new Error('a bundle holds no keys');
  }
  async isErased(): Promise<boolean> {
    return false;
  }
}
