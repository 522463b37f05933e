import { checkpointBody, COSIGNATURE_V1, ED25519, verifierKey, verifyCosignature, verifyNote } from './note.js';
import {
  rotationStatement,
  SealCosigned,
  SealKeyAdopted,
  SealKeyRotated,
  SealSigned,
  WitnessAdded,
  type SealCosignedData,
  type SealKeyAdoptedData,
  type SealKeyRotatedData,
  type SealSignedData,
  type WitnessAddedData,
} from './signing-events.js';

/** An evidence event as read (already upcast and validated), in the order it was recorded. */
export type EvidenceEvent =
  | { type: typeof SealKeyAdopted.type; data: SealKeyAdoptedData }
  | { type: typeof SealKeyRotated.type; data: SealKeyRotatedData }
  | { type: typeof SealSigned.type; data: SealSignedData }
  | { type: typeof WitnessAdded.type; data: WitnessAddedData }
  | { type: typeof SealCosigned.type; data: SealCosignedData };

export interface SealToCheck {
  seal: number;
  treeSize: number;
  /** Absent on seals of version 1: nothing to sign. */
  logRoot?: string;
}

export interface SealKeyValidity {
  origin: string;
  keyId: string;
  publicKey: string;
  /** As a signed-note verifier key (type 0x01): what a Go `note.NewVerifier` takes. */
  verifierKey: string;
  /** Signs the seals of tree size from `fromTreeSize` up to `untilTreeSize` (exclusive; open when absent). */
  fromTreeSize: number;
  untilTreeSize?: number;
  /** How the key came in: the first key (pinned by its first appearance), or a rotation the previous key signed. */
  adoptedBy: 'first' | 'rotation';
}

export type SignatureStatus = 'valid' | 'invalid' | 'missing';

export interface CosignerStatus {
  witness: string;
  keyId: string;
  time: number;
  status: 'valid' | 'invalid' | 'unknown-witness' | 'inconsistent';
  reason?: string;
}

export interface SealSignatureReport {
  seal: number;
  treeSize: number;
  signature: { status: SignatureStatus; keyName?: string; keyId?: string; reason?: string };
  cosigners: CosignerStatus[];
}

export interface SignatureProblem {
  kind: 'key' | 'rotation' | 'signature' | 'cosignature';
  seal?: number;
  message: string;
}

export interface SealSignaturesReport {
  /** No signature, rotation or cosignature is invalid (a missing signature is reported, not a failure). */
  ok: boolean;
  keys: SealKeyValidity[];
  witnesses: Array<{ name: string; keyId: string; verifierKey: string }>;
  seals: SealSignatureReport[];
  problems: SignatureProblem[];
}

export interface CheckSignaturesOptions {
  /**
   * Verifier keys of the cooperative the auditor holds from elsewhere (a printed book, last
   * year's report): the first key must be one of them. Without them the first key is pinned
   * by its first appearance in the history.
   */
  pinnedKeys?: string[];
}

/**
 * Checks every seal's signature against the chain of the cooperative's keys, and every
 * cosignature against the witness's registered key and the witness's previous cosignature,
 * from the evidence events alone: no store is needed, so an offline bundle can be checked
 * with the events it carries.
 */
export function checkSealSignatures(
  evidence: readonly EvidenceEvent[],
  seals: readonly SealToCheck[],
  options: CheckSignaturesOptions = {},
): SealSignaturesReport {
  const problems: SignatureProblem[] = [];
  const keys: Array<SealKeyValidity & { raw: Buffer }> = [];
  const witnesses = new Map<string, WitnessAddedData>();
  const signatures = new Map<number, SealSignedData[]>();
  const cosignatures: SealCosignedData[] = [];

  for (const event of evidence) {
    switch (event.type) {
      case 'SealKeyAdopted': {
        const d = event.data;
        if (keys.length > 0) {
          problems.push({
            kind: 'key',
            message: `a second first key (${d.keyId}) after ${keys[0]!.keyId}: keys change only by a rotation the old key signs`,
          });
          break;
        }
        const raw = Buffer.from(d.publicKey, 'base64');
        const vkey = verifierKey(d.origin, ED25519, raw);
        if (raw.length !== 32 || !vkey.startsWith(`${d.origin}+${d.keyId}+`)) {
          problems.push({ kind: 'key', message: `the first key's id ${d.keyId} does not match its public key` });
          break;
        }
        if (options.pinnedKeys && !options.pinnedKeys.includes(vkey)) {
          problems.push({ kind: 'key', message: `the first key ${vkey} is not one of the keys given to pin` });
          break;
        }
        keys.push({
          origin: d.origin,
          keyId: d.keyId,
          publicKey: d.publicKey,
          verifierKey: vkey,
          fromTreeSize: 0,
          adoptedBy: 'first',
          raw,
        });
        break;
      }
      case 'SealKeyRotated': {
        const d = event.data;
        const current = keys.at(-1);
        const raw = Buffer.from(d.publicKey, 'base64');
        const vkey = raw.length === 32 ? verifierKey(d.origin, ED25519, raw) : '';
        const refuse = (why: string) =>
          problems.push({ kind: 'rotation', message: `rotation to key ${d.keyId} refused: ${why}` });
        if (!current) refuse('there is no key to rotate from');
        else if (d.previousKeyId !== current.keyId)
          refuse(`it names ${d.previousKeyId} as the previous key, the current one is ${current.keyId}`);
        else if (!vkey.startsWith(`${d.origin}+${d.keyId}+`) || d.origin !== current.origin)
          refuse('its key id, key or origin does not match');
        else if (d.validFromTreeSize <= current.fromTreeSize)
          refuse(`it starts at tree size ${d.validFromTreeSize}, not after ${current.fromTreeSize}`);
        else if (!verifyNote(current.origin, current.raw, rotationStatement(d.origin, vkey, d.validFromTreeSize), d.signature))
          refuse(`it is not signed by the previous key ${current.keyId}`);
        else {
          current.untilTreeSize = d.validFromTreeSize;
          keys.push({
            origin: d.origin,
            keyId: d.keyId,
            publicKey: d.publicKey,
            verifierKey: vkey,
            fromTreeSize: d.validFromTreeSize,
            adoptedBy: 'rotation',
            raw,
          });
        }
        break;
      }
      case 'SealSigned':
        signatures.set(event.data.seal, [...(signatures.get(event.data.seal) ?? []), event.data]);
        break;
      case 'WitnessAdded':
        witnesses.set(event.data.keyId, event.data);
        break;
      case 'SealCosigned':
        cosignatures.push(event.data);
        break;
      default:
        event satisfies never;
    }
  }

  const keyAt = (treeSize: number) => [...keys].reverse().find((k) => k.fromTreeSize <= treeSize);
  const bySeal = new Map(seals.map((s) => [s.seal, s]));
  const reports = new Map<number, SealSignatureReport>();
  for (const seal of seals) {
    const report: SealSignatureReport = {
      seal: seal.seal,
      treeSize: seal.treeSize,
      signature: { status: 'missing' },
      cosigners: [],
    };
    reports.set(seal.seal, report);
    const found = signatures.get(seal.seal) ?? [];
    if (!seal.logRoot || found.length === 0) continue;
    const invalid = (reason: string, s: SealSignedData) => {
      report.signature = { status: 'invalid', keyName: s.origin, keyId: s.keyId, reason };
      problems.push({ kind: 'signature', seal: seal.seal, message: `seal ${seal.seal}: ${reason}` });
    };
    for (const s of found) {
      const key = keyAt(seal.treeSize);
      if (s.treeSize !== seal.treeSize || s.logRoot !== seal.logRoot)
        invalid(`the signature is over tree size ${s.treeSize}, root ${s.logRoot}, not the seal's`, s);
      else if (!key) invalid('no seal key is known for it', s);
      else if (key.keyId !== s.keyId)
        invalid(`signed by key ${s.keyId}, but the key for tree size ${seal.treeSize} is ${key.keyId}`, s);
      else if (
        s.origin !== key.origin ||
        !verifyNote(key.origin, key.raw, checkpointBody(key.origin, s.treeSize, s.logRoot), s.signature)
      )
        invalid(`the signature does not verify with key ${key.keyId}`, s);
      else if (report.signature.status !== 'invalid')
        report.signature = { status: 'valid', keyName: key.origin, keyId: key.keyId };
    }
  }

  const lastSeen = new Map<string, { treeSize: number; logRoot: string }>();
  for (const c of cosignatures) {
    const report = reports.get(c.seal);
    const status: CosignerStatus = { witness: c.witness, keyId: c.keyId, time: c.time, status: 'valid' };
    const fail = (kind: CosignerStatus['status'], reason: string) => {
      Object.assign(status, { status: kind, reason });
      problems.push({ kind: 'cosignature', seal: c.seal, message: `cosignature of ${c.witness} over seal ${c.seal}: ${reason}` });
    };
    const witness = witnesses.get(c.keyId);
    const seal = bySeal.get(c.seal);
    const previous = lastSeen.get(c.keyId);
    if (!witness || witness.name !== c.witness) fail('unknown-witness', `no witness ${c.witness} with key ${c.keyId} was added`);
    else if (!seal || seal.treeSize !== c.treeSize || seal.logRoot !== c.logRoot)
      fail('invalid', 'it cosigns a checkpoint that is not the seal’s');
    else if (
      verifyCosignature(
        c.witness,
        Buffer.from(witness.publicKey, 'base64'),
        checkpointBody(c.origin, c.treeSize, c.logRoot),
        c.signature,
      ) !== c.time
    )
      fail('invalid', 'the cosignature does not verify with the witness’s key');
    else if (previous && (previous.treeSize > c.treeSize || (previous.treeSize === c.treeSize && previous.logRoot !== c.logRoot)))
      fail('inconsistent', `it goes back from tree size ${previous.treeSize}, which the witness cosigned before`);
    if (status.status === 'valid') lastSeen.set(c.keyId, { treeSize: c.treeSize, logRoot: c.logRoot });
    report?.cosigners.push(status);
  }

  return {
    ok: problems.length === 0,
    keys: keys.map(({ raw: _raw, ...k }) => k),
    witnesses: [...witnesses.values()].map((w) => ({
      name: w.name,
      keyId: w.keyId,
      verifierKey: verifierKey(w.name, COSIGNATURE_V1, Buffer.from(w.publicKey, 'base64')),
    })),
    seals: [...reports.values()],
    problems,
  };
}
