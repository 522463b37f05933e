import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { MEMBERSHIP_REFUSALS } from './refusals.js';

const source = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
const DOMAIN = ['../domain/register.ts', '../domain/shares.ts', '../domain/application.ts', '../domain/register-guards.ts'];

/** Top-level functions and consts of the deciders' files, each with its body. */
function chunks(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of DOMAIN) {
    const text = source(file);
    const starts = [...text.matchAll(/^(?:export )?(?:function|const) (\w+)/gm)];
    starts.forEach((m, i) => found.set(m[1]!, text.slice(m.index, starts[i + 1]?.index ?? text.length)));
  }
  return found;
}

/** The codes a body raises, itself or through the functions of the deciders' files it calls. */
function raised(
  body: string,
  all: Map<string, string>,
  seen = new Set<string>(),
): { rules: Set<string>; conflicts: Set<string> } {
  const rules = new Set([...body.matchAll(/\brefusal\(\s*'([^']+)'/g)].map((m) => m[1]!));
  const conflicts = new Set([...body.matchAll(/\bstateConflict\(\s*'([^']+)'/g)].map((m) => m[1]!));
  for (const [, name] of body.matchAll(/\b(\w+)\(/g)) {
    if (!all.has(name!) || seen.has(name!)) continue;
    seen.add(name!);
    const inner = raised(all.get(name!)!, all, seen);
    inner.rules.forEach((r) => rules.add(r));
    inner.conflicts.forEach((c) => conflicts.add(c));
  }
  return { rules, conflicts };
}

/** Each command type and the body that decides it: `case 'X': return decideX(…)`, or the case's own block. */
function deciders(all: Map<string, string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const body of all.values())
    for (const m of body.matchAll(/case '(\w+)':\s*(?:return (\w+)\(|\{([\s\S]*?)\n\s{6}\})/g))
      if (m[2] && all.has(m[2])) found.set(m[1]!, all.get(m[2])!);
      else if (m[3]) found.set(m[1]!, m[3]);
  return found;
}

/** G7 from the handlers: the commands they send through DecisionAuthority.assertMayDecide. */
function decidedByTheBoard(): Set<string> {
  const onRegister = source('./record-on-register.handler.ts');
  const table = /BOARD_DECISIONS[^{]*\{([\s\S]*?)\};/.exec(onRegister)![1]!;
  const types = [...table.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
  // decide-application.handler.ts asks it before every admission and rejection.
  expect(source('./decide-application.handler.ts')).toContain('assertMayDecide');
  return new Set([...types, 'AdmitMember', 'RejectAdmission']);
}

describe('the refusals each membership command declares (for the OpenAPI document)', () => {
  it('are exactly the codes its decider and its handler raise', () => {
    const all = chunks();
    const board = decidedByTheBoard();
    const derived = Object.fromEntries(
      [...deciders(all)].map(([type, body]) => {
        const { rules, conflicts } = raised(body, all);
        if (board.has(type)) rules.add('G7');
        return [type, { rules: [...rules].sort(), conflicts: [...conflicts].sort() }];
      }),
    );
    const declared = Object.fromEntries(
      Object.entries(MEMBERSHIP_REFUSALS).map(([type, r]) => [
        type,
        { rules: [...r.rules].sort(), conflicts: [...r.conflicts].sort() },
      ]),
    );
    expect(declared).toEqual(derived);
  });
});
