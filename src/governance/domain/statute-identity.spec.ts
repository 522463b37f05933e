import { describe, expect, it } from '@jest/globals';
import { cooperativeNameOf, LEGAL_STATUTE, StatuteSettingsAdopted } from './statute.js';

describe('the cooperative’s identity in the statute settings', () => {
  it('still reads a StatuteSettingsAdopted stored before the identity fields existed', () => {
    const stored = { adoptedOn: '2024-03-01', assemblyResolutionId: 'r-1', settings: LEGAL_STATUTE };
    const parsed = StatuteSettingsAdopted.schema.parse(stored);
    expect(parsed.settings.name).toBeUndefined();
    expect(parsed.settings.activities).toBeUndefined();
  });

  it('takes the name, seat, purpose, activities and territory when adopted', () => {
    const settings = {
      ...LEGAL_STATUTE,
      name: 'Il Girasole Società Cooperativa Sociale',
      registeredOffice: 'Via Roma 1, 40121 Bologna',
      purpose: 'Gestione di servizi socio-educativi (L. 381/1991 art. 1 lett. a)',
      activities: ['nidi d’infanzia', 'assistenza scolastica'],
      territory: 'Città metropolitana di Bologna',
    };
    expect(
      StatuteSettingsAdopted.schema.parse({ adoptedOn: '2024-03-01', assemblyResolutionId: 'r-1', settings }).settings,
    ).toEqual(settings);
    expect(() =>
      StatuteSettingsAdopted.schema.parse({
        adoptedOn: '2024-03-01',
        assemblyResolutionId: 'r-1',
        settings: { ...settings, name: ' ' },
      }),
    ).toThrow();
  });

  it('names the cooperative as recorded, or as configured until the statute records it', () => {
    expect(cooperativeNameOf({ name: 'Il Girasole' }, 'Cooperativa sociale')).toBe('Il Girasole');
    expect(cooperativeNameOf({}, 'Cooperativa sociale')).toBe('Cooperativa sociale');
  });
});
