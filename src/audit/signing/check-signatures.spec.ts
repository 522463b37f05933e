import { describe, expect, it } from '@jest/globals';
import { checkSealSignatures, type EvidenceEvent, type SealToCheck } from './check-signatures.js';
import { checkpointBody, cosign, COSIGNATURE_V1, ED25519, keyFromSeed, keyId, signNote, verifierKey } from './note.js';
import { rotationStatement } from './signing-events.js';

const ORIGIN = 'coop.example/ledger';
const first = keyFromSeed(Buffer.alloc(32, 1));
const second = keyFromSeed(Buffer.alloc(32, 2));
const intruder = keyFromSeed(Buffer.alloc(32, 3));
const witness = keyFromSeed(Buffer.alloc(32, 4));
const id = (key: typeof first, type = ED25519, name = ORIGIN) => keyId(name, type, key.publicKey).toString('hex');
const root = (c: string) => c.repeat(64);

const seals: SealToCheck[] = [
  { seal: 0, treeSize: 5, logRoot: root('a') },
  { seal: 1, treeSize: 9, logRoot: root('b') },
  { seal: 2, treeSize: 14, logRoot: root('c') },
];

const adopted = (key = first): EvidenceEvent => ({
  type: 'SealKeyAdopted',
  data: { origin: ORIGIN, keyId: id(key), publicKey: key.publicKey.toString('base64'), validFromTreeSize: 0 },
});
const rotated = (to: typeof first, signedBy: typeof first, validFromTreeSize = 10): EvidenceEvent => ({
  type: 'SealKeyRotated',
  data: {
    origin: ORIGIN,
    previousKeyId: id(first),
    keyId: id(to),
    publicKey: to.publicKey.toString('base64'),
    validFromTreeSize,
    signature: signNote(
      ORIGIN,
      signedBy,
      rotationStatement(ORIGIN, verifierKey(ORIGIN, ED25519, to.publicKey), validFromTreeSize),
    ),
  },
});
const signed = (n: number, key: typeof first, body?: string): EvidenceEvent => {
  const s = seals[n]!;
  return {
    type: 'SealSigned',
    data: {
      seal: n,
      treeSize: s.treeSize,
      logRoot: s.logRoot!,
      origin: ORIGIN,
      keyId: id(key),
      signature: signNote(ORIGIN, key, body ?? checkpointBody(ORIGIN, s.treeSize, s.logRoot!)),
    },
  };
};
const witnessAdded: EvidenceEvent = {
  type: 'WitnessAdded',
  data: {
    name: 'collegio',
    keyId: id(witness, COSIGNATURE_V1, 'collegio'),
    publicKey: witness.publicKey.toString('base64'),
    verifierKey: verifierKey('collegio', COSIGNATURE_V1, witness.publicKey),
  },
};
const cosigned = (n: number, key = witness, time = 1_780_000_000): EvidenceEvent => {
  const s = seals[n]!;
  return {
    type: 'SealCosigned',
    data: {
      seal: n,
      treeSize: s.treeSize,
      logRoot: s.logRoot!,
      origin: ORIGIN,
      witness: 'collegio',
      keyId: id(witness, COSIGNATURE_V1, 'collegio'),
      time,
      signature: cosign('collegio', key, checkpointBody(ORIGIN, s.treeSize, s.logRoot!), time),
    },
  };
};

describe('checkSealSignatures: a history signed, rotated and witnessed as it should be', () => {
  const report = checkSealSignatures(
    [
      adopted(),
      rotated(second, first),
      witnessAdded,
      signed(0, first),
      signed(1, first),
      signed(2, second),
      cosigned(0),
      cosigned(2),
    ],
    seals,
  );

  it('follows the chain of keys from the first one, each with its range of tree sizes', () => {
    expect(report.ok).toBe(true);
    expect(report.keys).toMatchObject([
      { keyId: id(first), fromTreeSize: 0, untilTreeSize: 10, adoptedBy: 'first' },
      { keyId: id(second), fromTreeSize: 10, adoptedBy: 'rotation' },
    ]);
  });

  it('reports each seal signed by the key valid at its tree size, with its cosigners', () => {
    expect(report.seals.map((s) => [s.signature.status, s.signature.keyId, s.cosigners.map((c) => c.status)])).toEqual([
      ['valid', id(first), ['valid']],
      ['valid', id(first), []],
      ['valid', id(second), ['valid']],
    ]);
  });

  it('calls an unsigned seal missing, which is not a failure', () => {
    const r = checkSealSignatures([adopted(), signed(0, first)], seals);
    expect(r.ok).toBe(true);
    expect(r.seals.map((s) => s.signature.status)).toEqual(['valid', 'missing', 'missing']);
  });
});

describe('checkSealSignatures refuses', () => {
  it('a bad signature: over another checkpoint, or by a key other than the one valid for the seal', () => {
    const forged = checkSealSignatures([adopted(), signed(0, first, checkpointBody(ORIGIN, 6, root('a')))], seals);
    expect(forged.ok).toBe(false);
    expect(forged.seals[0]!.signature).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/does not verify/) });
    const wrongKey = checkSealSignatures([adopted(), signed(0, intruder)], seals);
    expect(wrongKey.seals[0]!.signature).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/the key for tree size 5 is/),
    });
    // After a rotation, the old key no longer signs.
    const stale = checkSealSignatures([adopted(), rotated(second, first), signed(2, first)], seals);
    expect(stale.seals[2]!.signature.status).toBe('invalid');
  });

  it('a rotation signed by the wrong key, and every seal signed with the key it would have brought in', () => {
    const report = checkSealSignatures([adopted(), rotated(intruder, intruder), signed(2, intruder)], seals);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({
      kind: 'rotation',
      message: expect.stringMatching(/not signed by the previous key/),
    });
    expect(report.keys).toHaveLength(1);
    expect(report.seals[2]!.signature.status).toBe('invalid');
  });

  it('a second "first" key: keys change only by a rotation', () => {
    const report = checkSealSignatures([adopted(), adopted(intruder), signed(0, intruder)], seals);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'key' });
  });

  it('a first key other than the one the auditor pinned', () => {
    const pinned = [verifierKey(ORIGIN, ED25519, second.publicKey)];
    expect(checkSealSignatures([adopted(), signed(0, first)], seals, { pinnedKeys: pinned }).ok).toBe(false);
    expect(checkSealSignatures([adopted(second), signed(0, second)], seals, { pinnedKeys: pinned }).ok).toBe(true);
  });

  it('a cosignature over a seal that goes back from the last one the witness cosigned', () => {
    const report = checkSealSignatures([adopted(), witnessAdded, cosigned(2), cosigned(1)], seals);
    expect(report.ok).toBe(false);
    expect(report.seals[1]!.cosigners[0]).toMatchObject({ status: 'inconsistent' });
  });

  it('a cosignature by a key that is not the witness’s, or by a witness never added', () => {
    const forged = checkSealSignatures([adopted(), witnessAdded, cosigned(0, intruder)], seals);
    expect(forged.seals[0]!.cosigners[0]).toMatchObject({ status: 'invalid' });
    const unknown = checkSealSignatures([adopted(), cosigned(0)], seals);
    expect(unknown.seals[0]!.cosigners[0]).toMatchObject({ status: 'unknown-witness' });
    expect(unknown.ok).toBe(false);
  });
});
