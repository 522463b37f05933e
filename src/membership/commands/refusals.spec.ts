import { describe, expect, it } from '@jest/globals';
import { derivedRefusals, sortedTable, sourceOf } from '../../../test/support/refusal-sources.js';
import { MEMBERSHIP_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DOMAIN = ['../domain/register.ts', '../domain/shares.ts', '../domain/application.ts', '../domain/register-guards.ts'];

/** G7 from the handlers: the commands they send through DecisionAuthority.assertMayDecide. */
function decidedByTheBoard(): string[] {
  const onRegister = sourceOf(here('./record-on-register.handler.ts'));
  const table = /BOARD_DECISIONS[^{]*\{([\s\S]*?)\};/.exec(onRegister)![1]!;
  const types = [...table.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
  // decide-application.handler.ts asks it before every admission and rejection.
  expect(sourceOf(here('./decide-application.handler.ts'))).toContain('assertMayDecide');
  return [...types, 'AdmitMember', 'RejectAdmission'];
}

describe('the refusals each membership command declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider and its handler raise', () => {
    const extra = Object.fromEntries(decidedByTheBoard().map((type) => [type, { rules: ['G7'] }]));
    expect(sortedTable(MEMBERSHIP_REFUSALS)).toEqual(derivedRefusals(DOMAIN.map(here), { extra }));
  });
});
