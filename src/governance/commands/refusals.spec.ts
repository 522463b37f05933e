import { describe, expect, it } from '@jest/globals';
import { derivedRefusals, sortedTable } from '../../../test/support/refusal-sources.js';
import { GOVERNANCE_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DOMAIN = ['../domain/assembly.ts', '../domain/board-meeting.ts', '../domain/board.ts', '../domain/statute.ts'];
// The board's and the statute's deciders take one command each, without a switch.
const single = { boardDecider: 'ElectBoard', statuteDecider: 'AdoptStatuteSettings' };

describe('the refusals each governance command declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider raises', () => {
    expect(sortedTable(GOVERNANCE_REFUSALS)).toEqual(derivedRefusals(DOMAIN.map(here), { single }));
  });
});
