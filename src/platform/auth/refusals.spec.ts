import { describe, expect, it } from '@jest/globals';
import {
  chunks,
  derivedRefusals,
  merged,
  methods,
  reached,
  sortedTable,
  writeRoutes,
} from '../../../test/support/refusal-sources.js';
import { ACCESS_REFUSALS } from './refusals.js';

const here = (file: string) => new URL(file, import.meta.url);
const DECIDERS = ['./account.decider.ts', './account-passkeys.ts', './api-key.decider.ts'].map(here);
const CONTROLLERS = ['./accounts.controller.ts', './passkeys.controller.ts', './api-keys.controller.ts'].map(here);

describe('the refusals each access write declares (for the OpenAPI document)', () => {
  it('are exactly the codes the decider of each command raises', () => {
    expect(sortedTable(ACCESS_REFUSALS)).toEqual(derivedRefusals(DECIDERS));
  });

  it('are, on each route, those of the commands it runs (none where it runs none)', () => {
    // A route runs the commands named in its body, in the methods it calls and in the
    // functions of the files it imports them from (an invitation's).
    const all = merged(chunks([...CONTROLLERS, here('./invitations.ts')]), methods(CONTROLLERS));
    const commands = Object.keys(ACCESS_REFUSALS);
    const found = CONTROLLERS.flatMap((controller) =>
      writeRoutes(controller).map(({ name, body, declares }) => {
        const runs = [...reached(body, controller.href, all).matchAll(/\btype: '(\w+)'/g)].map((m) => m[1]!);
        return { name, declares, runs: [...new Set(runs.filter((type) => commands.includes(type)))].sort() };
      }),
    );
    expect(found.length).toBe(14);
    for (const { name, declares, runs } of found) expect({ name, declares }).toEqual({ name, declares: runs });
    // The options of a passkey ceremony run no command: they declare that none can clash.
    expect(found.filter(({ runs }) => runs.length === 0).map(({ name }) => name)).toEqual([
      'registrationOptions',
      'signInOptions',
    ]);
  });
});
