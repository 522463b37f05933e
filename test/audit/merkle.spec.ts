import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { headLeaf, merkleTreeHash, streamHeadsRoot } from '../../src/audit/merkle.js';

/** An auditor recomputes a seal's root with any RFC 6962 library, so ours must be exactly that. */
describe('the Merkle tree of a seal', () => {
  // The Certificate Transparency reference vectors (RFC 6962 leaves, roots of the first n).
  const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
    Buffer.from(hex, 'hex'),
  );
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it.each(roots.map((root, i) => [i + 1, root] as const))('matches the RFC 6962 vector for %i leaves', (n, root) => {
    expect(merkleTreeHash(leaves.slice(0, n))).toBe(root);
  });

  it('is the hash of nothing for no leaves', () => {
    expect(merkleTreeHash([])).toBe(createHash('sha256').digest('hex'));
  });

  it('has one leaf per stream head, sorted by the bytes of the name, without the seal stream', () => {
    const heads = new Map([
      ['zeta-1', { revision: 3n, hash: 'c'.repeat(64) }],
      ['ledgerSeal-main', { revision: 0n, hash: 'd'.repeat(64) }],
      ['Émile-1', { revision: 0n, hash: 'a'.repeat(64) }],
      ['alpha-1', { revision: 10n, hash: 'b'.repeat(64) }],
    ]);
    const sorted = ['alpha-1', 'zeta-1', 'Émile-1']; // 'É' is 0xC3 0x89 in UTF-8, after every ASCII letter
    expect(streamHeadsRoot(heads, 'ledgerSeal-main')).toEqual({
      streams: 3,
      merkleRoot: merkleTreeHash(sorted.map((s) => headLeaf(s, heads.get(s)!))),
    });
    expect(headLeaf('alpha-1', heads.get('alpha-1')!).toString()).toBe(`alpha-1\n10\n${'b'.repeat(64)}`);
  });
});
