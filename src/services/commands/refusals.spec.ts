import { describe, expect, it } from '@jest/globals';
import { derivedRefusals, sortedTable, sourceOf } from '../../../test/support/refusal-sources.js';
import { DELIVERY_RESERVATIONS, SERVICES_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DOMAIN = ['../domain/setup.ts', '../domain/surveys.ts', '../domain/unit-day.ts', '../domain/reservations.ts'];
// The unit's and the surveys' deciders take one command each, without a switch.
const single = { unitDecider: 'OpenServiceUnit', surveyDecider: 'RecordSurvey' };

describe('the refusals each services command declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider raises', () => {
    expect(sortedTable(SERVICES_REFUSALS)).toEqual(derivedRefusals(DOMAIN.map(here), { single }));
  });

  it('name every command a delivery’s handlers send besides the unit-day’s', () => {
    const sent = [...sourceOf(here('./delivery-facts.ts')).matchAll(/type: '(\w+)'/g)].map((m) => m[1]!);
    expect([...new Set(sent)].sort()).toEqual([...DELIVERY_RESERVATIONS].sort());
  });
});
