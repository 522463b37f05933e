import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  CompactTree,
  consistencyProof,
  eventLeaf,
  eventLeafHash,
  inclusionProof,
  leafHash,
  merkleTreeHash,
  nodeHash,
  rootOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle.js';

/**
 * The log tree's proofs are RFC 9162's, so an auditor may check them with any Certificate
 * Transparency library. The vectors are the reference ones of the CT test suites (the 8-leaf
 * tree of RFC 6962's tests: leaf hashes, roots of the first n, inclusion and consistency paths).
 */
const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  Buffer.from(hex, 'hex'),
);
const leafHashes = leaves.map(leafHash);
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
const rootOf = (size: number) => roots[size - 1]!;

// (0-based leaf index, tree size, PATH)
const inclusionVectors: Array<[number, number, string[]]> = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

// (size1, size2, PROOF)
const consistencyVectors: Array<[number, number, string[]]> = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
const SOME = 'abacaba000000000000000000000000000000000000000000060061e00123456';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('the log tree (RFC 9162 §2.1)', () => {
  it('builds the reference roots one leaf at a time, as verify does', () => {
    const tree = new CompactTree();
    expect(tree.root()).toBe(EMPTY);
    leafHashes.forEach((hash, i) => {
      tree.appendLeafHash(hash);
      expect(tree.root()).toBe(rootOf(i + 1));
      expect(rootOfLeafHashes(leafHashes.slice(0, i + 1))).toBe(rootOf(i + 1));
    });
    expect(tree.frontier().map((r) => [r.from, r.size])).toEqual([[0, 8]]);
  });

  it("leaves are the event's 0-based log index (8 bytes, big-endian) then its 32-byte chained hash", () => {
    expect(eventLeaf(258, 'ab'.repeat(32)).toString('hex')).toBe('0000000000000102' + 'ab'.repeat(32));
  });

  it("an event's leaf hash and an inner node's, built in one buffer, are RFC 9162's over the same bytes", () => {
    const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    fc.assert(
      fc.property(
        fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER)),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (index, a, b) => {
          const hex = Buffer.from(a).toString('hex');
          expect(eventLeafHash(index, hex).toString('hex')).toBe(sha256(Buffer.of(0), eventLeaf(index, hex)));
          expect(eventLeafHash(index, hex.toUpperCase()).toString('hex')).toBe(sha256(Buffer.of(0), eventLeaf(index, hex)));
          expect(nodeHash(a, b).toString('hex')).toBe(sha256(Buffer.of(1), Buffer.from(a), Buffer.from(b)));
        },
      ),
    );
    // Not 32 bytes of hex: the general path, whatever its bytes are.
    for (const odd of ['', 'ab', 'zz'.repeat(32), 'ab'.repeat(31) + 'zz'])
      expect(eventLeafHash(7, odd).toString('hex')).toBe(sha256(Buffer.of(0), eventLeaf(7, odd)));
  });

  it.each(inclusionVectors)('inclusion of leaf %i in %i leaves is the reference PATH, and verifies', (index, size, path) => {
    expect(inclusionProof(leafHashes.slice(0, size), index)).toEqual(path);
    const leaf = leafHashes[index]!.toString('hex');
    expect(verifyInclusion(leaf, index, size, path, rootOf(size))).toBe(true);
    // The Go reference suite's corruptions: each must fail.
    const wrong: Array<[number, number, string[], string, string]> = [
      [index - 1, size, path, leaf, rootOf(size)],
      [index + 1, size, path, leaf, rootOf(size)],
      [index ^ 2, size, path, leaf, rootOf(size)],
      [index, size * 2, path, leaf, rootOf(size)],
      [index, Math.floor(size / 2), path, leaf, rootOf(size)],
      [index, size, path, SOME, rootOf(size)],
      [index, size, path, leaf, EMPTY],
      [index, size, path, leaf, SOME],
      [index, size, [...path, rootOf(size)], leaf, rootOf(size)],
      [index, size, [rootOf(size), ...path], leaf, rootOf(size)],
      ...path.map((_, i): [number, number, string[], string, string] => [
        index,
        size,
        path.map((p, j) => (j === i ? flip(p) : p)),
        leaf,
        rootOf(size),
      ]),
      ...(path.length > 0
        ? [[index, size, path.slice(0, -1), leaf, rootOf(size)] as [number, number, string[], string, string]]
        : []),
      ...(path.length > 1
        ? [[index, size, [path[0]!, SOME, ...path.slice(1)], leaf, rootOf(size)] as [number, number, string[], string, string]]
        : []),
    ];
    for (const [i, n, p, l, r] of wrong) {
      if (i === index && n === size && p === path && l === leaf && r === rootOf(size)) continue;
      if (n === size && i === index && l === leaf && r === rootOf(size) && p.join() === path.join()) continue;
      expect(verifyInclusion(l, i, n, p, r)).toBe(false);
    }
  });

  it('refuses inclusion in an empty tree or past its end', () => {
    expect(verifyInclusion(SOME, 0, 0, [], EMPTY)).toBe(false);
    expect(verifyInclusion(SOME, 1, 0, [], EMPTY)).toBe(false);
    expect(verifyInclusion(SOME, 2, 1, [], SOME)).toBe(false);
    expect(() => inclusionProof(leafHashes, 8)).toThrow(RangeError);
  });

  it.each(consistencyVectors)('consistency of %i with %i leaves is the reference PROOF, and verifies', (size1, size2, proof) => {
    expect(consistencyProof(leafHashes.slice(0, size2), size1)).toEqual(proof);
    const [r1, r2] = [rootOf(size1), rootOf(size2)];
    expect(verifyConsistency(size1, size2, proof, r1, r2)).toBe(true);
    if (proof.length === 0) return;
    const wrong: Array<[number, number, string[], string, string]> = [
      [size1 - 1, size2, proof, r1, r2],
      [size1 + 1, size2, proof, r1, r2],
      [size1 ^ 2, size2, proof, r1, r2],
      [size1, size2 * 2, proof, r1, r2],
      [size1, Math.floor(size2 / 2), proof, r1, r2],
      [size1, size2, proof, SOME, r2],
      [size1, size2, proof, r1, SOME],
      [size1, size2, proof, r2, r1],
      [size1, size2, [], r1, r2],
      [size1, size2, [...proof, r1], r1, r2],
      [size1, size2, [...proof, r2], r1, r2],
      [size1, size2, [r1, ...proof], r1, r2],
      [size1, size2, [r2, ...proof], r1, r2],
      [size1, size2, [proof[0]!, ...proof], r1, r2],
      [size1, size2, proof.slice(0, -1), r1, r2],
      ...proof.map((_, i): [number, number, string[], string, string] => [
        size1,
        size2,
        proof.map((p, j) => (j === i ? flip(p) : p)),
        r1,
        r2,
      ]),
    ];
    for (const [m, n, p, a, b] of wrong) expect(verifyConsistency(m, n, p, a, b)).toBe(false);
  });

  it('follows the reference suite on trivial sizes', () => {
    expect(verifyConsistency(0, 0, [], SOME, SOME)).toBe(true);
    expect(verifyConsistency(0, 0, [], EMPTY, SOME)).toBe(false);
    expect(verifyConsistency(1, 1, [], SOME, SOME)).toBe(true);
    expect(verifyConsistency(1, 1, [EMPTY], EMPTY, EMPTY)).toBe(false);
    expect(verifyConsistency(0, 1, [EMPTY], EMPTY, EMPTY)).toBe(false);
    expect(verifyConsistency(1, 0, [], SOME, SOME)).toBe(false);
    expect(verifyConsistency(1, 2, [], SOME, EMPTY)).toBe(false);
  });

  const randomLeaves = fc.array(fc.uint8Array({ minLength: 0, maxLength: 8 }), { minLength: 1, maxLength: 70 });

  it('proves every leaf of any tree, and only at its own index', () => {
    fc.assert(
      fc.property(randomLeaves, fc.nat(), (data, pick) => {
        const hashes = data.map(leafHash);
        const index = pick % hashes.length;
        const root = merkleTreeHash(data);
        const proof = inclusionProof(hashes, index);
        expect(verifyInclusion(hashes[index]!.toString('hex'), index, hashes.length, proof, root)).toBe(true);
        if (hashes.length > 1) {
          const other = (index + 1) % hashes.length;
          if (!hashes[other]!.equals(hashes[index]!))
            expect(verifyInclusion(hashes[other]!.toString('hex'), index, hashes.length, proof, root)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('proves any prefix consistent with the whole, and not a prefix with one leaf changed', () => {
    fc.assert(
      fc.property(randomLeaves, fc.nat(), fc.nat(), (data, pick, change) => {
        const hashes = data.map(leafHash);
        const size1 = 1 + (pick % hashes.length);
        const proof = consistencyProof(hashes, size1);
        const root1 = rootOfLeafHashes(hashes.slice(0, size1));
        const root2 = rootOfLeafHashes(hashes);
        const compact = new CompactTree();
        hashes.forEach((h) => compact.appendLeafHash(h));
        expect(compact.root()).toBe(root2);
        expect(verifyConsistency(size1, hashes.length, proof, root1, root2)).toBe(true);
        // A history rewritten before size1: the old root is no prefix of the new tree.
        const at = change % size1;
        const rewritten = hashes.map((h, i) => (i === at ? leafHash(Buffer.concat([data[i]!, Buffer.of(1)])) : h));
        const forged = rootOfLeafHashes(rewritten);
        if (size1 < hashes.length)
          expect(verifyConsistency(size1, hashes.length, consistencyProof(rewritten, size1), root1, forged)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
