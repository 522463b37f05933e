import type { PersonalDataVault, SealedPersonalData } from '../../platform/personal-data/personal-data.js';

interface Address {
  street: string;
  city: string;
  postalCode: string;
  province: string;
}
interface ApplicantFields {
  givenName?: string;
  familyName?: string;
  name?: string;
  fiscalCode?: string;
  residence?: Address;
  registeredOffice?: Address;
}

export interface PersonalFields {
  name: string | null;
  fiscalCode: string | null;
  residence: string | null;
  personalDataErased: boolean;
}

/** The register's personal columns, opened through the vault: all null once erased. */
export async function personalFields(vault: PersonalDataVault, sealed: SealedPersonalData): Promise<PersonalFields> {
  const fields = await vault.open<ApplicantFields & Record<string, unknown>>(sealed);
  if (!fields) return { name: null, fiscalCode: null, residence: null, personalDataErased: true };
  const address = fields.residence ?? fields.registeredOffice;
  return {
    name: fields.name ?? [fields.familyName, fields.givenName].filter(Boolean).join(' '),
    fiscalCode: fields.fiscalCode ?? null,
    residence: address ? `${address.street}, ${address.postalCode} ${address.city} (${address.province})` : null,
    personalDataErased: false,
  };
}
