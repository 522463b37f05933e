import { describe, expect, it } from '@jest/globals';
import {
  checkpointBody,
  cosign,
  COSIGNATURE_V1,
  ED25519,
  keyFromSeed,
  keyId,
  parseSignerKey,
  parseVerifierKey,
  signedNote,
  signNote,
  verifierKey,
  verifyCosignature,
  verifyNote,
} from './note.js';

// The example of golang.org/x/mod/sumdb/note (note_test.go), which the C2SP signed-note spec
// was written from: Ed25519 is deterministic (RFC 8032), so the same key must give the same
// bytes, and a note we sign is then one any Go-ecosystem verifier accepts.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIG = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';

describe('signed-note (C2SP) against the Go reference example', () => {
  const signer = parseSignerKey(SKEY);

  it('derives the public key and key id of the example signer key', () => {
    expect(verifierKey(signer.name, ED25519, signer.publicKey)).toBe(VKEY);
    expect(parseVerifierKey(VKEY)).toMatchObject({ name: 'PeterNeumann', keyId: 'c74f20a3', type: ED25519 });
  });

  it('signs the example text byte for byte as the reference does', () => {
    expect(signNote('PeterNeumann', signer, TEXT)).toBe(SIG);
    expect(signedNote(TEXT, [{ name: 'PeterNeumann', signature: SIG }])).toBe(`${TEXT}\n— PeterNeumann ${SIG}\n`);
  });

  it('verifies the example and refuses it altered, under another name, or by another key', () => {
    const { publicKey } = parseVerifierKey(VKEY);
    expect(verifyNote('PeterNeumann', publicKey, TEXT, SIG)).toBe(true);
    expect(verifyNote('PeterNeumann', publicKey, TEXT.replace('cryptography', 'cryptographY'), SIG)).toBe(false);
    expect(verifyNote('PeterNeumann2', publicKey, TEXT, SIG)).toBe(false);
    expect(verifyNote('PeterNeumann', keyFromSeed(Buffer.alloc(32, 7)).publicKey, TEXT, SIG)).toBe(false);
  });

  it('refuses a verifier key whose id does not match, or that is not Ed25519', () => {
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/key id does not match/);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3+AhpcsQ==')).toThrow(/Ed25519/);
  });
});

describe('checkpoints and cosignatures (C2SP tlog-checkpoint, tlog-cosignature v1)', () => {
  const root = 'a'.repeat(64);
  const body = checkpointBody('coop.example/ledger', 20, root);
  const witness = keyFromSeed(Buffer.alloc(32, 1));

  it('writes the checkpoint body as origin, size and base64 root, each line ending in a newline', () => {
    expect(body).toBe(`coop.example/ledger\n20\n${Buffer.from(root, 'hex').toString('base64')}\n`);
  });

  it('computes the cosignature key id from type 0x04, not the note type 0x01', () => {
    const id = keyId('collegio', COSIGNATURE_V1, witness.publicKey);
    const bytes = Buffer.from(cosign('collegio', witness, body, 1_679_315_147), 'base64');
    expect(bytes.subarray(0, 4)).toEqual(id);
    expect(id).not.toEqual(keyId('collegio', ED25519, witness.publicKey));
    // timestamped_signature: u64 big-endian time, then the 64-byte signature.
    expect(bytes.readBigUInt64BE(4)).toBe(1_679_315_147n);
    expect(bytes.length).toBe(4 + 8 + 64);
  });

  it('verifies a cosignature over its checkpoint and time, and no other', () => {
    const signature = cosign('collegio', witness, body, 1_679_315_147);
    expect(verifyCosignature('collegio', witness.publicKey, body, signature)).toBe(1_679_315_147);
    expect(verifyCosignature('collegio', witness.publicKey, checkpointBody('coop.example/ledger', 21, root), signature)).toBe(
      undefined,
    );
    const otherTime = Buffer.from(signature, 'base64');
    otherTime.writeBigUInt64BE(1_679_315_148n, 4);
    expect(verifyCosignature('collegio', witness.publicKey, body, otherTime.toString('base64'))).toBe(undefined);
  });
});
