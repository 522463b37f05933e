import { describe, expect, it } from '@jest/globals';
import { BlindIndex } from '../../platform/personal-data/blind-index.js';
import { PlainPersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { sealWorker } from './work.handlers.js';
import { identified, identifyPerson } from './work-people.js';

const vault = new PlainPersonalDataVault();
const blindIndex = new BlindIndex(async () => Buffer.alloc(32, 3));
const anna = { kind: 'non_member' as const, givenName: 'Anna', familyName: 'Neri', fiscalCode: 'NRENNA80A41D969X' };

describe('work: one non-member person, one id', () => {
  it('gives the same person id to every contract and enrolment of one fiscal code, and none of it in plain', async () => {
    const direct = await identifyPerson(vault, blindIndex, anna);
    const again = await identifyPerson(vault, blindIndex, { ...anna, fiscalCode: ' nrenna80a41d969x ' });
    const other = await identifyPerson(vault, blindIndex, { ...anna, fiscalCode: 'RSSMRA80A01H501U' });
    expect(direct.kind === 'non_member' && again.kind === 'non_member' && other.kind === 'non_member').toBe(true);
    if (direct.kind !== 'non_member' || again.kind !== 'non_member' || other.kind !== 'non_member') return;
    expect(again.personId).toBe(direct.personId);
    expect(other.personId).not.toBe(direct.personId);
    expect(direct.fiscalCodeIndex).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify({ ...direct, person: undefined })).not.toContain('NRENNA');
  });

  it('identifies again a worker a board resolution sealed under the contract, as the same person', async () => {
    const fromResolution = await sealWorker(vault, 'c0000000-0000-4000-8000-000000000001', anna);
    const direct = await identifyPerson(vault, blindIndex, anna);
    const normalised = await identified(vault, blindIndex, fromResolution);
    expect(normalised).toEqual(direct);
  });
});
