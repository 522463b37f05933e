import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { find, Query, update as mingoUpdate } from 'mingo';
import type { Doc, Update } from '../read-model-store.js';
import { matcher, projector, updated } from './mongo-semantics.js';

/** What mingo alone makes of an update: the reference the `$set` fast path must agree with. */
function byMingo(doc: Doc, update: Update): { doc: Doc; modified: boolean } {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  const changed = mingoUpdate(copy, update as never);
  return { doc: copy, modified: changed.length > 0 };
}

/** `updated` gives what mingo gives, or throws where mingo throws. */
function expectAsMingo(doc: Doc, update: Update): void {
  let expected: { doc: Doc; modified: boolean } | Error;
  try {
    expected = byMingo(doc, update);
  } catch (error) {
    expected = error as Error;
  }
  if (expected instanceof Error) expect(() => updated(doc, update, false)).toThrow();
  else expect(updated(doc, update, false)).toEqual(expected);
}

const key = fc.constantFrom('a', 'b', 'c', 'x', '0', '$x', '');
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, 1, 'a', 'b'),
    fc.array(tie('value'), { maxLength: 3 }),
    // Documents come from JSON: objects always have Object's prototype.
    fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;
const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => keys.join('.'));

describe('updated', () => {
  it('applies a $set as mingo does, fast path or not', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, json, { maxKeys: 4, noNullPrototype: true }),
        fc.dictionary(path, json, { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
        (fields, set) => expectAsMingo({ ...fields, _id: 'd' } as Doc, { $set: set }),
      ),
      { numRuns: 2_000, seed: 20_261_125 },
    );
  });

  it('applies $inc and $push, alone, together and beside a $set, as mingo does, fast path or not', () => {
    const number = fc.constantFrom(0, 1, -2, 2.5);
    const operand = fc.oneof(number, json);
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.oneof(json, number, fc.array(json, { maxLength: 2 })), { maxKeys: 4, noNullPrototype: true }),
        fc.record(
          {
            $set: fc.dictionary(path, json, { minKeys: 1, maxKeys: 2, noNullPrototype: true }),
            $inc: fc.dictionary(path, operand, { minKeys: 1, maxKeys: 2, noNullPrototype: true }),
            $push: fc.dictionary(path, json, { minKeys: 1, maxKeys: 2, noNullPrototype: true }),
          },
          { requiredKeys: [] },
        ),
        (fields, update) => {
          fc.pre(Object.keys(update).length > 0);
          expectAsMingo({ ...fields, _id: 'd' } as Doc, update as Update);
        },
      ),
      { numRuns: 3_000, seed: 20_261_203 },
    );
  });

  it('keeps a value equal in content (keys in another order) and counts it unmodified', () => {
    const result = updated({ _id: 'd', a: { x: 1, y: 2 } }, { $set: { a: { y: 2, x: 1 } } }, false);
    expect(result).toEqual({ doc: { _id: 'd', a: { x: 1, y: 2 } }, modified: false });
    expect(JSON.stringify(result.doc)).toBe('{"_id":"d","a":{"x":1,"y":2}}');
  });
});

describe('matcher', () => {
  const scalar = fc.constantFrom<string | number | boolean>('a', 'b', '', 0, 1, -0, 2.5, true, false);
  const field = fc.oneof(json, fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })), { maxLength: 3 }));
  const fieldName = fc.constantFrom('a', 'b', 'c', 'constructor', 'toString', 'length');

  it('answers equality filters on top-level fields as mingo does (values, arrays holding them, missing fields)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fieldName, field, { maxKeys: 4, noNullPrototype: true }),
        fc.dictionary(fieldName, scalar, { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
        (fields, filter) => {
          const doc = { ...fields, _id: 'd' } as Doc;
          expect(matcher(filter)(doc)).toBe(new Query(filter).test(doc));
        },
      ),
      { numRuns: 5_000, seed: 20_261_203 },
    );
  });
});

describe('projector', () => {
  // No field named `constructor` here: mingo drops one holding an object from an inclusion
  // (`{ constructor: {} }` by `{ constructor: 1 }` gives only `_id`), where MongoDB and the fast path keep it.
  const fieldName = fc.constantFrom('_id', 'a', 'b', 'c', 'a.b', '$a');
  const outcome = (run: () => unknown) => {
    try {
      // As JSON with sorted keys: the form a projected document is sent in, and one jest's
      // equality compares even when a field is named `constructor`.
      return {
        value: JSON.stringify(run(), (_, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
        ),
      };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it('projects top-level inclusions and exclusions as mingo does, fast path or not (missing fields, _id alone, mixed)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), json, { maxKeys: 4, noNullPrototype: true }),
        fc.dictionary(fieldName, fc.constantFrom<0 | 1>(0, 1), { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
        (fields, projection) => {
          const doc = { ...fields, _id: 'd' } as Doc;
          const ours = outcome(() => projector(projection)(structuredClone(doc)));
          const theirs = outcome(() => find([structuredClone(doc)], {}, projection).all()[0]);
          expect(ours).toStrictEqual(theirs);
        },
      ),
      { numRuns: 5_000, seed: 20_261_203 },
    );
  });
});
