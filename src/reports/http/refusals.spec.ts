import { describe, expect, it } from '@jest/globals';
import { chunks, derivedRefusals, raised, sortedTable, sourceOf } from '../../../test/support/refusal-sources.js';
import { REPORTS_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DECIDER = here('../domain/social-report-approval.ts');
const CONTROLLER = here('./social-report.controller.ts');

/** The body of a controller's method, up to the next route. */
function method(name: string): string {
  const text = sourceOf(CONTROLLER);
  const start = text.indexOf(`async ${name}(`);
  expect(start).toBeGreaterThan(0);
  const end = text.slice(start).search(/\n\s*@(?:Get|CommandRoute|Operation)\(/);
  return text.slice(start, end < 0 ? undefined : start + end);
}

describe('the refusals each social-report write declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider and the controller before it raise', () => {
    // The decider takes both commands without a switch: its whole body counts for each.
    const byDecider = (type: string) => derivedRefusals([DECIDER], { single: { socialReportDecider: type } })[type]!;
    const byController = (name: string) => {
      const { rules, conflicts } = raised(method(name), CONTROLLER.href, chunks([CONTROLLER]));
      return { rules: [...rules], conflicts: [...conflicts] };
    };
    const derived = Object.fromEntries(
      (
        [
          ['RecordEconomicDocument', 'recordEconomicDocument'],
          ['ApproveSocialReport', 'approve'],
        ] as const
      ).map(([type, name]) => {
        const [decider, controller] = [byDecider(type), byController(name)];
        expect(method(name)).toContain(`type: '${type}'`);
        const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
        return [
          type,
          { rules: union(decider.rules, controller.rules), conflicts: union(decider.conflicts, controller.conflicts) },
        ];
      }),
    );
    expect(sortedTable(REPORTS_REFUSALS)).toEqual(derived);
  });
});
