import { describe, expect, it } from '@jest/globals';
import { methods, raised, sortedTable, writeRoutes } from '../../../test/support/refusal-sources.js';
import { refusalsOf, SUBSCRIPTION_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const SERVICE = here('./consumer-groups.ts');
const CONTROLLER = here('./consumer-groups.controller.ts');

/** The codes a method of `ConsumerGroups` raises, itself or through the methods it calls. */
function codesOf(name: string): { rules: string[]; conflicts: string[] } {
  const all = methods([SERVICE]);
  const body = all.get(SERVICE.href)!.get(name);
  expect({ name, found: body !== undefined }).toEqual({ name, found: true });
  const { rules, conflicts } = raised(body!, SERVICE.href, all);
  return { rules: [...rules].sort(), conflicts: [...conflicts].sort() };
}

describe('the refusals each consumer-group write declares (for the OpenAPI document)', () => {
  it('are exactly the codes the method of ConsumerGroups it names raises', () => {
    const names = Object.keys(SUBSCRIPTION_REFUSALS);
    expect(sortedTable(SUBSCRIPTION_REFUSALS)).toEqual(Object.fromEntries(names.map((name) => [name, codesOf(name)])));
  });

  it('are, on each route, the codes of every method of ConsumerGroups it calls (creating a group reads its status too)', () => {
    const routes = writeRoutes(CONTROLLER);
    expect(routes.map(({ name }) => name)).toEqual(['create', 'ack', 'reject', 'replay']);
    for (const { name, body, declares } of routes) {
      const calls = [...body.matchAll(/\bthis\.runtime\.consumerGroups\.(\w+)\(/g)].map((m) => m[1]!);
      expect({ name, calls: calls.length > 0 }).toEqual({ name, calls: true });
      const union = (pick: (c: { rules: string[]; conflicts: string[] }) => string[]) =>
        [...new Set(calls.flatMap((call) => pick(codesOf(call))))].sort();
      const declared = declares && refusalsOf(...(declares as Array<keyof typeof SUBSCRIPTION_REFUSALS>));
      expect({ name, declared }).toEqual({
        name,
        declared: { rules: union((c) => c.rules), conflicts: union((c) => c.conflicts) },
      });
    }
  });
});
