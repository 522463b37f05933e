import { describe, expect, it } from '@jest/globals';
import { EventRegistry } from '../../platform/event-store/event-registry.js';
import { PlainPersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { assemblyEvents } from './assembly-events.js';
import { governanceEvents } from './governance-events.js';
import { openPerson } from '../commands/governance-people.js';

const registry = new EventRegistry().register(...governanceEvents, ...assemblyEvents);
const vault = new PlainPersonalDataVault();
const meetingId = '9a000000-0000-4000-8000-000000000001';
const sha = 'a'.repeat(64);

/** Personal data in governance's events are sealed; what the first release wrote in plain text stays readable. */
describe('governance events with personal data', () => {
  it('upcasts a v1 BoardElected: each plain name becomes sealed data that still opens', async () => {
    const v1 = {
      electedOn: '2026-01-15',
      termEndsOn: '2028-12-31',
      assemblyResolutionId: 'ass-2026-1',
      directors: [{ directorId: 'd1', name: 'Maria Rossi', memberId: null, role: 'president' }],
    };
    const lifted = registry.upcastAndValidate('BoardElected', 1, v1) as {
      directors: Array<{ directorId: string; person: { subject: string; scheme: string } }>;
    };
    expect(lifted.directors[0]).toMatchObject({ directorId: 'd1', person: { subject: 'director-d1', scheme: 'none' } });
    expect(lifted.directors[0]).not.toHaveProperty('name');
    expect(await openPerson(vault, lifted.directors[0]!.person as never)).toEqual({ name: 'Maria Rossi' });
  });

  it('refuses to write a director’s name in plain text (v2)', () =>
    expect(() =>
      registry.validateForWrite('BoardElected', {
        electedOn: '2026-01-15',
        termEndsOn: '2028-12-31',
        assemblyResolutionId: 'ass-2026-1',
        directors: [{ directorId: 'd1', name: 'Maria Rossi', memberId: null, role: 'president' }],
      }),
    ).toThrow(/person/));

  it('upcasts v1 minutes of a board meeting and of an assembly: the signatories sealed, still readable', async () => {
    const board = registry.upcastAndValidate('BoardMinutesApproved', 1, {
      meetingId,
      president: 'Maria Rossi',
      secretary: 'Luca Bianchi',
      minutesSha256: sha,
    }) as { signatories: { president: never; secretary: never } };
    expect(await openPerson(vault, board.signatories.president)).toEqual({ name: 'Maria Rossi' });
    expect(await openPerson(vault, board.signatories.secretary)).toEqual({ name: 'Luca Bianchi' });
    const assembly = registry.upcastAndValidate('MinutesApproved', 1, {
      assemblyId: meetingId,
      president: 'Anna Verdi',
      secretary: 'Luca Bianchi',
      minutesSha256: sha,
    }) as { signatories: { president: { subject: string } } };
    expect(assembly.signatories.president.subject).toBe(`minutes-${meetingId}-president`);
    expect(JSON.stringify(assembly)).not.toMatch(/"president":"Anna/);
  });
});
