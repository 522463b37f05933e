import { describe, expect, it } from '@jest/globals';
import { formatCents, labelled } from './social-report.format.js';

describe('the social report’s sentences', () => {
  it('ends a labelled value with one full stop, whether or not the value entered ends with one', () => {
    expect(labelled('Sede legale', 'Via Roma 1, 16121 Genova')).toBe('Sede legale: Via Roma 1, 16121 Genova.');
    expect(labelled('Oggetto sociale', 'Servizi educativi per l’infanzia.')).toBe(
      'Oggetto sociale: Servizi educativi per l’infanzia.',
    );
    expect(labelled('Territorio', 'la provincia…')).toBe('Territorio: la provincia…');
    expect(labelled('Denominazione', 'non rilevato')).toBe('Denominazione: non rilevato.');
  });

  it('writes euros the Italian way', () => {
    expect(formatCents(123_456_78).replace(/\s/gu, ' ')).toBe('123.456,78 €');
  });
});
