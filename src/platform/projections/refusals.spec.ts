import { describe, expect, it } from '@jest/globals';
import { methods, raised, sortedTable, writeRoutes } from '../../../test/support/refusal-sources.js';
import { PROJECTION_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const RUNNER = here('./projection-runner.ts');
const CONTROLLER = here('../http/system.controller.ts');

describe('the refusals each projection write declares (for the OpenAPI document)', () => {
  it('are exactly the codes the method of ProjectionRunner it names raises', () => {
    const all = methods([RUNNER]);
    const derived = Object.fromEntries(
      Object.keys(PROJECTION_REFUSALS).map((name) => {
        const { rules, conflicts } = raised(all.get(RUNNER.href)!.get(name)!, RUNNER.href, all);
        return [name, { rules: [...rules].sort(), conflicts: [...conflicts].sort() }];
      }),
    );
    expect(sortedTable(PROJECTION_REFUSALS)).toEqual(derived);
  });

  it('are declared by the one write of the system routes, the rebuild, which calls that method', () => {
    const routes = writeRoutes(CONTROLLER);
    expect(routes.map(({ name, declares }) => ({ name, declares }))).toEqual([{ name: 'rebuild', declares: ['rebuild'] }]);
    expect(routes[0]!.body).toContain('this.runtime.projections.rebuild(');
  });
});
