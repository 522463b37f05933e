import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { chainHash, genesisHash, namedPrevHash, storedSchemaVersion } from './hash-chain.js';

// Pinned against an independent computation: every chain ever written starts from these bytes.
describe('hash chain', () => {
  it('derives a stream’s first prevHash from its name: sha256("coop-ledger:stream:" ‖ name), hex', () => {
    const expected = createHash('sha256').update('coop-ledger:stream:member-42').digest('hex');
    expect(genesisHash('member-42')).toBe(expected);
    expect(genesisHash('member-42')).toMatch(/^[0-9a-f]{64}$/);
    expect(genesisHash('member-43')).not.toBe(expected);
  });

  it('hashes prevHash ‖ the canonical payload (keys sorted, revision as a string, no hash member)', () => {
    const prevHash = genesisHash('member-42');
    const metadata = { schemaVersion: 1, prevHash, hash: 'left out', actor: { role: 'admin', keyId: 'k' } };
    const payload =
      `{"data":{"a":1,"b":"x"},"metadata":{"actor":{"keyId":"k","role":"admin"},"prevHash":"${prevHash}","schemaVersion":1},` +
      `"revision":"0","stream":"member-42","type":"Counted"}`;
    const expected = createHash('sha256').update(prevHash).update(payload).digest('hex');
    expect(chainHash(prevHash, { stream: 'member-42', revision: 0n, type: 'Counted', data: { b: 'x', a: 1 }, metadata })).toBe(
      expected,
    );
  });

  describe('what an audit reads off stored metadata text', () => {
    const h = (c: string) => c.repeat(64);
    const stored = (middle: string) =>
      `{"actor":{"keyId":"k","role":"admin"},"prevHash":"${h('a')}",${middle},"hash":"${h('b')}"}`;

    it('the schema version when the text ends with it and the hash, as the store writes it', () => {
      expect(storedSchemaVersion(stored('"schemaVersion":2'))).toBe(2);
      expect(storedSchemaVersion(stored('"recordedAt":"x","schemaVersion":12'))).toBe(12);
      expect(JSON.parse(stored('"schemaVersion":12')).schemaVersion).toBe(12);
    });

    it('nothing when the text does not show it so (the caller parses it)', () => {
      for (const text of [
        stored('"schemaVersion":0'),
        stored('"schemaVersion":01'),
        stored('"schemaVersion":"2"'),
        stored('"schemaVersion":2.5'),
        stored('"schemaVersion":2,"zeta":1'),
        `{"schemaVersion":2,"hash":"${h('b')}"}`,
        `{"prevHash":"${h('a')}","schemaVersion":2,"hash":"${h('b')}"} `,
        `{"prevHash":"${h('a')}","schemaVersion":2,"hash":"${h('b')}","hash":"${h('c')}"}`,
      ])
        expect([text, storedSchemaVersion(text)]).toEqual([text, undefined]);
    });

    it('the prevHash the text names, only when it names one', () => {
      expect(namedPrevHash(stored('"schemaVersion":2'))).toBe(h('a'));
      expect(namedPrevHash(`{"prevHash":"${h('a')}"}`)).toBeUndefined();
      expect(namedPrevHash(stored('"schemaVersion":2').replace(h('a'), 'a'.repeat(63)))).toBeUndefined();
      expect(namedPrevHash(`{"actor":{"x":1,"prevHash":"${h('c')}"},"prevHash":"${h('a')}"}`)).toBeUndefined();
    });
  });
});
