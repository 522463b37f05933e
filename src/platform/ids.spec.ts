import { describe, expect, it } from '@jest/globals';
import { deterministicId } from './ids.js';

describe('deterministicId', () => {
  // The ids every store already holds: a retried command must derive the very same ones.
  it('gives the ids it has always given for the same names', () => {
    expect(deterministicId('cmd-1', 'event', '0')).toBe('325f1993-c47f-5a71-a430-f48f5aa3add8');
    expect(deterministicId('Rossi Mario, via Roma 1 — Città')).toBe('baad7e3b-5320-549d-8119-272d3b19abde');
    expect(deterministicId()).toBe('fa067e26-7924-5db4-86ec-40340d09b9c9');
  });

  it('is a version 5 UUID of the RFC 9562 variant, different for different names', () => {
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => deterministicId('cmd', String(i))));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('a', 'b')).not.toBe(deterministicId('a\u001fb', ''));
  });
});
