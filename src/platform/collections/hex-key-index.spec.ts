import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DayColumn } from './day-column.js';
import { HexKeyIndex } from './hex-key-index.js';

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const uuid = fc.uuid();
/** Keys of every shape: canonical and upper-case UUIDs, 64 hex digits, and anything else. */
const anyKey = fc.oneof(
  uuid,
  uuid.map((u) => u.toUpperCase()),
  hex(64),
  fc.string({ maxLength: 40 }),
);

describe('hex key index', () => {
  it.each(['uuid', 'hex64'] as const)('behaves like a map from keys to rows in insertion order (%s)', (shape) => {
    fc.assert(
      fc.property(fc.array(anyKey, { maxLength: 600 }), (keys) => {
        const index = new HexKeyIndex(shape, 16);
        const model = new Map<string, number>();
        for (const key of keys) {
          if (!model.has(key)) model.set(key, model.size);
          expect(index.insert(key)).toBe(model.get(key));
        }
        expect(index.size).toBe(model.size);
        for (const [key, row] of model) {
          expect(index.rowOf(key)).toBe(row);
          expect(index.keyOf(row)).toBe(key);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds no row for a key it was not given, however similar', () => {
    const index = new HexKeyIndex('uuid');
    index.insert('0000abcd-0000-4000-8000-000000000001');
    expect(index.rowOf('0000abcd-0000-4000-8000-000000000002')).toBe(-1);
    expect(index.rowOf('0000ABCD-0000-4000-8000-000000000001')).toBe(-1);
    expect(index.rowOf('m-1')).toBe(-1);
    expect(() => index.keyOf(1)).toThrow(RangeError);
  });

  it('keeps every key through growth, sequential ids included', () => {
    const index = new HexKeyIndex('uuid', 16);
    const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const rows = Array.from({ length: 50_000 }, (_, n) => index.insert(id(n)));
    expect(rows.every((row, n) => row === n)).toBe(true);
    for (let n = 0; n < 50_000; n += 997) expect(index.rowOf(id(n))).toBe(n);
    expect(index.keyOf(49_999)).toBe(id(49_999));
  });
});

describe('day column', () => {
  it('returns exactly what it was given, days or not, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(300),
            fc.option(
              fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
                fc.string(),
              ),
              { nil: undefined },
            ),
          ),
          { maxLength: 200 },
        ),
        (writes) => {
          const column = new DayColumn(4);
          const model = new Map<number, string | undefined>();
          for (const [row, value] of writes) {
            column.resize(row + 1);
            column.set(row, value);
            model.set(row, value);
          }
          for (const [row, value] of model) expect(column.get(row)).toBe(value);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('packs the first and the last day of the calendar', () => {
    const column = new DayColumn(3);
    column.set(0, '0000-00-00');
    column.set(1, '0001-01-01');
    column.set(2, '9999-12-31');
    expect([column.get(0), column.get(1), column.get(2)]).toEqual(['0000-00-00', '0001-01-01', '9999-12-31']);
  });
});
