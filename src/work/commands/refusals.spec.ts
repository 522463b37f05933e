import { describe, expect, it } from '@jest/globals';
import { derivedRefusals, sortedTable } from '../../../test/support/refusal-sources.js';
import { WORK_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DOMAIN = ['../domain/workforce.ts', '../domain/volunteer.ts', '../domain/workplace.ts', '../domain/erasure.ts'];
// The labour cost's and the training's deciders take one command each, without a switch.
const single = { labourCostDecider: 'RecordLabourCost', trainingDecider: 'RecordTraining' };

describe('the refusals each work command declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider raises', () => {
    expect(sortedTable(WORK_REFUSALS)).toEqual(derivedRefusals(DOMAIN.map(here), { single }));
  });
});
