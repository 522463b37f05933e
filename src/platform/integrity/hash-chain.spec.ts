import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { chainHash, genesisHash } from './hash-chain.js';

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
});
