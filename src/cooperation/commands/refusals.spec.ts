import { describe, expect, it } from '@jest/globals';
import { chunks, derivedRefusals, raised, sortedTable, sourceOf } from '../../../test/support/refusal-sources.js';
import { COOPERATION_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const HANDLER = here('./partnership.handler.ts');

describe('the refusals each cooperation command declares', () => {
  it('are exactly the codes its decider and its handler raise', () => {
    // The handler refuses every command before its decider sees it (G7).
    const { rules, conflicts } = raised(sourceOf(HANDLER), HANDLER.href, chunks([HANDLER]));
    const types = Object.keys(derivedRefusals([here('../domain/partnership.ts')]));
    const extra = Object.fromEntries(types.map((type) => [type, { rules: [...rules], conflicts: [...conflicts] }]));
    expect(sortedTable(COOPERATION_REFUSALS)).toEqual(derivedRefusals([here('../domain/partnership.ts')], { extra }));
  });
});
