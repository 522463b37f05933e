import { describe, expect, it } from '@jest/globals';
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, sortKeys } from './canonical-json.js';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

describe('canonical JSON', () => {
  it('equals RFC 8785 for any JSON value, with keys sorted or not', () =>
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
        expect(canonicalJson(sortKeys(value))).toBe(canonicalize(value));
      }),
      { numRuns: 500, seed: 8785 },
    ));

  it('orders keys by code units, as JCS does', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }], c: 'é' }, A: null, '\u00e9': true, e: 1e21 };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(Object.keys(sortKeys(value))).toEqual(['A', 'a', 'b', 'e', '\u00e9']);
  });
});
