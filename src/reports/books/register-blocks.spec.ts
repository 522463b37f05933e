import { describe, expect, it } from '@jest/globals';
import { readPdf, renderPdf } from '../../platform/documents/index.js';
import type { RegisterBookEntries, VolunteerBookEntries } from './book-sources.js';
import { registerBlocks, volunteerBlocks } from './register-blocks.js';

const shares = { count: 2, subscribedCents: 5_000, paidCents: 2_500, refundedCents: 0 };
const member = (n: number, over: Partial<RegisterBookEntries[number]> = {}): RegisterBookEntries[number] => ({
  memberNumber: n,
  memberId: `00000000-0000-4000-8000-00000000000${n}`,
  name: `Rossi Maria ${n}`,
  fiscalCode: `RSSMRA80A41D969${n}`,
  residence: 'Via Balbi 5, 16126 Genova (GE)',
  personalDataErased: false,
  category: 'worker',
  section: 'ordinary',
  admittedOn: '2025-03-01',
  boardResolutionId: 'cda-2025-03-01-1',
  shares,
  exit: null,
  ...over,
});
const text = async (blocks: Parameters<typeof renderPdf>[0]['blocks']) =>
  (await readPdf((await renderPdf({ title: 't', createdAt: new Date('2026-01-01T00:00:00Z'), blocks })).bytes)).pages.join('\n');

describe('the libro soci of a year', () => {
  it('lists each member on the register during the year with fiscal code, residence, shares and exit; not those gone before it', async () => {
    const printed = await text(
      registerBlocks(
        [
          member(1, { admittedOn: '2023-05-02', exit: { date: '2024-06-30', cause: 'withdrawal' } }),
          member(2),
          member(3, { admittedOn: '2024-01-10', exit: { date: '2025-09-30', cause: 'exclusion' } }),
        ],
        2025,
      ),
    );
    expect(printed).not.toContain('Rossi Maria 1');
    expect(printed).toContain('Rossi Maria 2');
    expect(printed).toContain('RSSMRA80A41D9692');
    expect(printed).toContain('Via Balbi 5, 16126 Genova (GE)');
    expect(printed).toContain('sott. € 50,00');
    expect(printed).toContain('vers. € 25,00');
    expect(printed).toMatch(/\* 30\/09\/2025\s+esclusione/);
    expect(printed).toContain('1 ammessi e 1 usciti nel 2025');
  });

  it('reads "dati cancellati" for an erased person, never an empty cell', async () => {
    const printed = await text(
      registerBlocks([member(4, { name: null, fiscalCode: null, residence: null, personalDataErased: true })], 2025),
    );
    expect(printed.match(/dati cancellati/g)).toHaveLength(2);
    expect(printed).toContain('cda-2025-03-01-1');
  });
});

describe('the register of volunteers of a year', () => {
  it('reads "dati cancellati" for an erased volunteer and their policy number', async () => {
    const erased: VolunteerBookEntries[number] = {
      number: 7,
      volunteerId: 'v-7',
      kind: 'non_member',
      memberId: null,
      familyName: null,
      givenName: null,
      fiscalCode: null,
      birthDate: null,
      personalDataErased: true,
      enrolledOn: '2024-02-01',
      leftOn: '2025-06-30',
      leftReason: 'resignation',
      unit: 'Nido',
      activity: null,
      insurance: [{ insurer: 'Mutua', policyNumber: null, coveredFrom: '2024-02-01', coveredUntil: '2024-12-31' }],
      insuredOn: false,
    };
    const printed = await text(volunteerBlocks([erased], 2025));
    expect(printed).toContain('dati cancellati');
    expect(printed).toContain('Mutua dati cancellati');
    expect(printed).toContain('cessato 30/06/2025');
  });
});
