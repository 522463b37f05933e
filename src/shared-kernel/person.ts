import { z } from 'zod';
import { isValidPersonFiscalCode } from './fiscal-code.js';

/** A person's fiscal code (codice fiscale), upper-cased, with its check character verified. */
export const PersonFiscalCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidPersonFiscalCode, 'not a valid fiscal code (codice fiscale): wrong format or check character');

/** A natural person's name and fiscal code, as every context that records people takes them. */
export const NaturalPerson = z.object({
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  fiscalCode: PersonFiscalCode,
});
