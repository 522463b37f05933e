import { describe, expect, it } from '@jest/globals';
import { figure, keyFigures, readField, yearOf } from './social-report.figures.js';

describe('a figure’s field and key', () => {
  const report = {
    a: { b: [{ n: 3 }, { n: 4 }] },
    surveys: [{ kind: 'wellbeing' }, { kind: 'satisfaction' }, { kind: 'wellbeing' }],
  };

  it('reads a dotted path, an array’s length and a filtered count', () => {
    expect(readField(report, 'a.b.1.n')).toBe(4);
    expect(readField(report, 'a.b.length')).toBe(2);
    expect(readField(report, 'surveys.[kind=wellbeing].length')).toBe(2);
    expect(readField(report, 'surveys.[kind^=sat].length')).toBe(1);
    expect(readField([{ date: '2025-03-01' }, { date: '2024-01-01' }], '[date^=2025].length')).toBe(1);
    expect(readField(report, 'a.missing.n')).toBeUndefined();
  });

  it('keys each figure by its section and label, unique within the report', () => {
    const f = () => figure('Ore previste, convenzione “Nido” (Unità è)', 1, 'hours', '/r', 'x', ['E'], yearOf(2025));
    const sections = [{ number: 5, figures: [f(), f()] }];
    keyFigures(sections);
    expect(sections[0]!.figures.map((x) => x.key)).toEqual([
      's5-ore-previste-convenzione-nido-unita-e',
      's5-ore-previste-convenzione-nido-unita-e-2',
    ]);
  });
});
