import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CommandSpans, seededHash, type CommandIdHash, type Span } from './command-spans.js';

/*
 * The index against its plain reading: a Map from each command id to the first and last
 * revision it recorded at. Exact, the two agree; packed, every span the index gives holds the
 * command's recorded revisions (it may hold more where digests collide), and an id that never
 * recorded gets no span unless it shares a digest with one that did.
 */

function referenceSpans(records: Array<[string, number]>): Map<string, Span> {
  const spans = new Map<string, Span>();
  for (const [id, revision] of records) {
    const span = spans.get(id);
    if (!span) spans.set(id, { from: revision, to: revision });
    else spans.set(id, { from: Math.min(span.from, revision), to: Math.max(span.to, revision) });
  }
  return spans;
}

/** A deliberately poor digest: 2 bits, so most ids collide. */
const fourBuckets: CommandIdHash = (id) => [id.length % 4, 0];

const ids = fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }), fc.constantFrom('seed:2026:admission:1', 'key/1', ''));
const records = fc.array(fc.tuple(ids, fc.nat({ max: 2_000_000 })), { maxLength: 300 });

describe('the idempotency index of a stream (CommandSpans)', () => {
  it('kept exact, answers exactly what the plain reading answers', () => {
    fc.assert(
      fc.property(records, fc.array(ids, { maxLength: 20 }), (recorded, asked) => {
        const spans = new CommandSpans({ exactUpTo: 10_000 });
        for (const [id, revision] of recorded) spans.record(id, revision);
        const reference = referenceSpans(recorded);
        expect(spans.size).toBe(reference.size);
        for (const id of [...reference.keys(), ...asked]) expect(spans.spanOf(id)).toEqual(reference.get(id));
      }),
    );
  });

  for (const [name, hash] of [
    ['a seeded digest', seededHash(1, 2)],
    ['a digest where most ids collide', fourBuckets],
  ] as const)
    it(`packed with ${name}, gives every recorded command a span holding all its revisions, and only colliding ids a span they did not earn`, () => {
      fc.assert(
        fc.property(records, fc.array(ids, { maxLength: 20 }), fc.nat({ max: 40 }), (recorded, asked, exactUpTo) => {
          const spans = new CommandSpans({ exactUpTo, hash });
          for (const [id, revision] of recorded) spans.record(id, revision);
          const reference = referenceSpans(recorded);
          for (const [id, expected] of reference) {
            const span = spans.spanOf(id);
            expect(span).toBeDefined();
            expect(span!.from).toBeLessThanOrEqual(expected.from);
            expect(span!.to).toBeGreaterThanOrEqual(expected.to);
            expect(spans.has(id)).toBe(true);
          }
          for (const id of asked) {
            if (reference.has(id) || spans.spanOf(id) === undefined) continue;
            // Only a shared digest explains a span for an id never recorded.
            const sharing = [...reference.keys()].filter((other) => String(hash(other)) === String(hash(id)));
            expect(sharing.length).toBeGreaterThan(0);
          }
        }),
      );
    });

  it('widens a shared span to cover every id that shares its digest', () => {
    const spans = new CommandSpans({ exactUpTo: 0, hash: () => [7, 7] });
    spans.record('a', 5);
    spans.record('b', 2);
    spans.record('a', 9);
    expect(spans.spanOf('a')).toEqual({ from: 2, to: 9 });
    expect(spans.spanOf('never')).toEqual({ from: 2, to: 9 });
    expect(spans.size).toBe(1);
  });

  it('packs a stream past its exact size and keeps what it knew', () => {
    const spans = new CommandSpans({ exactUpTo: 3, hash: seededHash(1, 2) });
    for (let i = 0; i < 1_000; i++) spans.record(`seed:2026:admission:${i}`, 2 * i);
    spans.record('seed:2026:admission:0', 7);
    expect(spans.size).toBe(1_000);
    expect(spans.spanOf('seed:2026:admission:0')).toEqual({ from: 0, to: 7 });
    expect(spans.spanOf('seed:2026:admission:999')).toEqual({ from: 1998, to: 1998 });
    expect(spans.spanOf('seed:2026:admission:1000')).toBeUndefined();
  });

  it('digests a string with two independent halves, the seed changing both', () => {
    const [a1, b1] = seededHash(1, 2)('seed:2026:admission:1');
    const [a2, b2] = seededHash(3, 4)('seed:2026:admission:1');
    expect(a1).not.toBe(a2);
    expect(b1).not.toBe(b2);
    const digests = new Set(Array.from({ length: 100_000 }, (_, i) => String(seededHash(1, 2)(`key/${i}`))));
    expect(digests.size).toBe(100_000);
  });
});
