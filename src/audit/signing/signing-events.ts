import { z } from 'zod';
import { defineEvent } from '../../platform/event-store/event-registry.js';

/**
 * The evidence that makes a seal more than a number the store wrote about itself: the
 * cooperative's signature over each seal's checkpoint, the chain of its signing keys, the
 * witnesses (the collegio sindacale, c.c. art. 2403; the federation's revisore, D.Lgs.
 * 220/2002) and their cosignatures. Every stream name starts with `ledgerSeal`, so whatever
 * carries the seals by prefix (an audit bundle, `coop copy`) carries these too.
 *
 * The signature is an event of its own rather than a field of `LedgerSealed`: a seal is
 * recorded first and signed after (so seals recorded before signing existed can be signed
 * too, and a seal schema shared with the time-stamps stays as it is), and the key that
 * signed it is named by its key id in the chain of keys.
 */
export const SEAL_KEYS_STREAM = 'ledgerSealKeys-main';
export const SEAL_SIGNATURES_STREAM = 'ledgerSealSignatures-main';
export const SEAL_WITNESSES_STREAM = 'ledgerSealWitnesses-main';
export const SEAL_COSIGNATURES_STREAM = 'ledgerSealCosignatures-main';

/** The evidence streams, in the order the signature check reads them (keys, witnesses, signatures, cosignatures). */
export const EVIDENCE_STREAMS = [SEAL_KEYS_STREAM, SEAL_WITNESSES_STREAM, SEAL_SIGNATURES_STREAM, SEAL_COSIGNATURES_STREAM];

const KeyId = z.string().regex(/^[0-9a-f]{8}$/);
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/);
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** The cooperative's first seal key: pinned by this, its first appearance. */
export const SealKeyAdopted = defineEvent({
  type: 'SealKeyAdopted',
  schemaVersion: 1,
  schema: z.object({
    /** The log's origin (checkpoint line 1) and the key's name. */
    origin: z.string().min(1),
    keyId: KeyId,
    /** The 32-byte Ed25519 public key, base64. */
    publicKey: Base64,
    /** The first tree size the key signs. */
    validFromTreeSize: z.number().int().min(0),
  }),
});

/** A new seal key, valid from `validFromTreeSize`; `signature` is the old key's over the rotation statement. */
export const SealKeyRotated = defineEvent({
  type: 'SealKeyRotated',
  schemaVersion: 1,
  schema: z.object({
    origin: z.string().min(1),
    previousKeyId: KeyId,
    keyId: KeyId,
    publicKey: Base64,
    validFromTreeSize: z.number().int().min(1),
    /** Signed-note signature (base64 of key id ‖ Ed25519) by the previous key over {@link rotationStatement}. */
    signature: Base64,
  }),
});

/** The cooperative's signature over a seal's checkpoint. */
export const SealSigned = defineEvent({
  type: 'SealSigned',
  schemaVersion: 1,
  schema: z.object({
    /** The seal's number (its revision in ledgerSeal-main). */
    seal: z.number().int().min(0),
    treeSize: z.number().int().min(0),
    logRoot: Hash,
    origin: z.string().min(1),
    keyId: KeyId,
    /** The signature line's value: base64(key id ‖ Ed25519 over the checkpoint body). */
    signature: Base64,
  }),
});

/** A witness whose cosignatures the cooperative records. */
export const WitnessAdded = defineEvent({
  type: 'WitnessAdded',
  schemaVersion: 1,
  schema: z.object({
    name: z.string().min(1),
    /** The cosignature key id (type 0x04). */
    keyId: KeyId,
    publicKey: Base64,
    /** The verifier key as the witness gave it. */
    verifierKey: z.string().min(1),
  }),
});

/** A witness's cosignature (C2SP tlog-cosignature v1) over a seal's checkpoint. */
export const SealCosigned = defineEvent({
  type: 'SealCosigned',
  schemaVersion: 1,
  schema: z.object({
    seal: z.number().int().min(0),
    treeSize: z.number().int().min(0),
    logRoot: Hash,
    origin: z.string().min(1),
    witness: z.string().min(1),
    keyId: KeyId,
    /** The witness's claimed time (unix seconds), as in the cosignature. */
    time: z.number().int().min(0),
    /** base64(key id ‖ u64 time ‖ Ed25519 over cosignature/v1 + checkpoint). */
    signature: Base64,
  }),
});

export const signingEvents = [SealKeyAdopted, SealKeyRotated, SealSigned, WitnessAdded, SealCosigned];

export type SealKeyAdoptedData = z.infer<typeof SealKeyAdopted.schema>;
export type SealKeyRotatedData = z.infer<typeof SealKeyRotated.schema>;
export type SealSignedData = z.infer<typeof SealSigned.schema>;
export type WitnessAddedData = z.infer<typeof WitnessAdded.schema>;
export type SealCosignedData = z.infer<typeof SealCosigned.schema>;

/** What the old key signs to hand over to the new one: a signed-note body of its own. */
export const rotationStatement = (origin: string, newVerifierKey: string, validFromTreeSize: number): string =>
  `${origin}\nseal-key-rotation/v1\n${newVerifierKey}\n${validFromTreeSize}\n`;
