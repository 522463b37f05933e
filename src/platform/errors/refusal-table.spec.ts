import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { sourceOf } from '../../../test/support/refusal-sources.js';
import { ACCESS_REFUSALS } from '../auth/refusals.js';
import { IDEMPOTENCY_KEY_REUSED } from '../commands/idempotency.js';
import { PROJECTION_REFUSALS } from '../projections/refusals.js';
import { SUBSCRIPTION_REFUSALS } from '../subscriptions/refusals.js';
import { refusalsIn, type Refusals } from './refusal-table.js';

const PLATFORM = new URL('../', import.meta.url);

/** Every source file of the platform, tests left out. */
const sources = (): URL[] =>
  readdirSync(PLATFORM, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts'))
    .map((path) => new URL(path, PLATFORM));

/** The codes the platform's code raises anywhere (comments, which show how to call the helpers, left out). */
function raisedAnywhere(): { rules: string[]; conflicts: string[] } {
  const code = sources()
    .map((file) =>
      sourceOf(file)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, ''),
    )
    .join('\n');
  const codes = (helper: string) =>
    [...new Set([...code.matchAll(new RegExp(`\\b${helper}\\(\\s*'([^']+)'`, 'g'))].map((m) => m[1]!))].sort();
  return { rules: codes('refusal'), conflicts: codes('stateConflict') };
}

describe("the platform's refusal tables", () => {
  it('hold every code the platform raises, but the reused Idempotency-Key every idempotent write declares', () => {
    const union = (table: Record<string, Refusals>) => refusalsIn(table, ...Object.keys(table));
    const tables = [ACCESS_REFUSALS, SUBSCRIPTION_REFUSALS, PROJECTION_REFUSALS].map(union);
    const all = (pick: (r: Refusals) => readonly string[]) => [...new Set(tables.flatMap(pick))].sort();
    expect(raisedAnywhere()).toEqual({
      rules: [...all((r) => r.rules), IDEMPOTENCY_KEY_REUSED].sort(),
      conflicts: all((r) => r.conflicts),
    });
  });

  it('refusalsIn unites the lists of the commands named, each sorted once', () => {
    const table = { A: { rules: ['R2', 'R1'], conflicts: ['X'] }, B: { rules: ['R1'], conflicts: [] } };
    expect(refusalsIn(table, 'A', 'B')).toEqual({ rules: ['R1', 'R2'], conflicts: ['X'] });
  });
});
