import type { Clock } from '../../platform/clock.js';
import { invalidField, NotFoundError, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { ChainedEventStore } from '../../platform/event-store/chained-event-store.js';
import type { Actor, ExpectedRevision } from '../../platform/event-store/event-store.js';
import { deterministicId, randomIds } from '../../platform/ids.js';
import { proveConsistency, seals as allSeals } from '../proofs.js';
import { sealHistory, type SealReceipt } from '../seal.js';
import { checkSealSignatures, type EvidenceEvent, type SealSignaturesReport } from './check-signatures.js';
import { checkpointBody, COSIGNATURE_V1, ED25519, parseVerifierKey, signNote, verifierKey, verifyCosignature } from './note.js';
import { configuredOrigin, newSealKey, type SealKeySource } from './seal-key.js';
import {
  EVIDENCE_STREAMS,
  rotationStatement,
  SEAL_COSIGNATURES_STREAM,
  SEAL_KEYS_STREAM,
  SEAL_SIGNATURES_STREAM,
  SEAL_WITNESSES_STREAM,
  type SealCosignedData,
  type SealKeyAdoptedData,
  type SealKeyRotatedData,
  type SealSignedData,
  type WitnessAddedData,
} from './signing-events.js';

/** Every evidence event, stream by stream (keys, witnesses, signatures, cosignatures). */
export async function readEvidence(events: ChainedEventStore): Promise<EvidenceEvent[]> {
  const found: EvidenceEvent[] = [];
  for (const stream of EVIDENCE_STREAMS)
    for await (const record of events.readStream(stream)) found.push({ type: record.type, data: record.data } as EvidenceEvent);
  return found;
}

/** The signature report of the history as stored: keys, each seal's signature, its cosigners. */
export async function sealSignatures(events: ChainedEventStore): Promise<SealSignaturesReport> {
  return checkSealSignatures(await readEvidence(events), await allSeals(events));
}

async function lastRevision(events: ChainedEventStore, stream: string): Promise<ExpectedRevision> {
  let expected: ExpectedRevision = 'no_stream';
  for await (const last of events.storage.readStream(stream, { direction: 'backwards', maxCount: 1 })) expected = last.revision;
  return expected;
}

async function append(
  events: ChainedEventStore,
  stream: string,
  type: string,
  data: object,
  actor: Actor,
  clock: Clock,
  expected: ExpectedRevision,
) {
  const commandId = randomIds.next();
  const occurredAt = clock.now().toISOString();
  const result = await events.append(
    stream,
    [
      {
        id: deterministicId(type, commandId),
        type,
        data,
        metadata: { occurredAt, actor, commandId, correlationId: commandId, causationId: commandId },
      },
    ],
    expected,
  );
  return result.events[0]!;
}

export interface SigningContext {
  events: ChainedEventStore;
  keys: SealKeySource;
  clock: Clock;
  actor: Actor;
}

/**
 * The current seal key, checked against the chain of keys recorded: the first use adopts it
 * (creating the key file when there is none); a key that is not the chain's current one (the
 * key file replaced or edited) is refused rather than used to sign.
 */
async function currentKey(ctx: SigningContext) {
  const report = checkSealSignatures(await readEvidence(ctx.events), []);
  const chain = report.keys.at(-1);
  if (!chain) {
    const key = ctx.keys.load() ?? ctx.keys.create(configuredOrigin());
    const vkey = verifierKey(key.name, ED25519, key.publicKey);
    const data: SealKeyAdoptedData = {
      origin: key.name,
      keyId: vkey.split('+')[1]!,
      publicKey: key.publicKey.toString('base64'),
      validFromTreeSize: 0,
    };
    await append(ctx.events, SEAL_KEYS_STREAM, 'SealKeyAdopted', data, ctx.actor, ctx.clock, 'no_stream');
    return { key, keyId: data.keyId, origin: key.name, fromTreeSize: 0 };
  }
  let key;
  try {
    key = ctx.keys.load();
  } catch (error) {
    throw stateConflict(
      'SEAL_KEY_UNREADABLE',
      `the seal key in ${ctx.keys.where} is not a signer key: ${(error as Error).message}`,
    );
  }
  if (!key) throw stateConflict('SEAL_KEY_MISSING', `seal key ${chain.keyId} is recorded but ${ctx.keys.where} holds no key`);
  if (key.name !== chain.origin || key.publicKey.toString('base64') !== chain.publicKey)
    throw stateConflict(
      'SEAL_KEY_MISMATCH',
      `the seal key in ${ctx.keys.where} (${verifierKey(key.name, ED25519, key.publicKey)}) is not the recorded current key ${chain.verifierKey}: refusing to sign with it`,
    );
  return { key, keyId: chain.keyId, origin: chain.origin, fromTreeSize: chain.fromTreeSize };
}

/** Signs seal `n` (the latest by default) with the current seal key: a `SealSigned` over its checkpoint. */
export async function signSeal(ctx: SigningContext, n?: number): Promise<SealSignedData> {
  const list = await allSeals(ctx.events);
  const seal = n === undefined ? list.at(-1) : list[n];
  if (!seal) throw new NotFoundError('seal', String(n ?? '(none yet)'));
  if (!seal.logRoot)
    throw stateConflict('SEAL_WITHOUT_LOG_ROOT', `seal ${seal.seal} is of version 1: it has no log root to sign`);
  const { key, keyId, origin, fromTreeSize } = await currentKey(ctx);
  if (seal.treeSize < fromTreeSize)
    throw stateConflict(
      'SEAL_BEFORE_KEY',
      `seal ${seal.seal} (tree size ${seal.treeSize}) is older than the current key (from ${fromTreeSize})`,
    );
  const data: SealSignedData = {
    seal: seal.seal,
    treeSize: seal.treeSize,
    logRoot: seal.logRoot,
    origin,
    keyId,
    signature: signNote(origin, key, checkpointBody(origin, seal.treeSize, seal.logRoot)),
  };
  await append(
    ctx.events,
    SEAL_SIGNATURES_STREAM,
    'SealSigned',
    data,
    ctx.actor,
    ctx.clock,
    await lastRevision(ctx.events, SEAL_SIGNATURES_STREAM),
  );
  return data;
}

/** Seals the history and signs the seal: what `coop audit seal` and the daily job do. */
export async function sealAndSign(ctx: SigningContext): Promise<SealReceipt & { signed: SealSignedData }> {
  await currentKey(ctx); // a key that is not the recorded one is refused before anything is sealed
  const receipt = await sealHistory(ctx.events, ctx.actor, { clock: ctx.clock });
  const signed = await signSeal(ctx, Number(receipt.sealRevision));
  return { ...receipt, signed };
}

/**
 * Replaces the seal key: a `SealKeyRotated` carrying the new public key, signed by the old
 * one, valid for every seal recorded after it. The new key file is written only once the
 * event is recorded.
 */
export async function rotateSealKey(
  ctx: SigningContext,
): Promise<SealKeyRotatedData & { signerKey: ReturnType<typeof newSealKey> }> {
  const { key, keyId, origin } = await currentKey(ctx);
  const expected = await lastRevision(ctx.events, SEAL_KEYS_STREAM);
  let logSize = 0;
  for await (const _ of ctx.events.storage.readAll()) logSize += 1;
  const next = newSealKey(origin);
  const vkey = verifierKey(origin, ED25519, next.publicKey);
  const validFromTreeSize = logSize + 1;
  const data: SealKeyRotatedData = {
    origin,
    previousKeyId: keyId,
    keyId: vkey.split('+')[1]!,
    publicKey: next.publicKey.toString('base64'),
    validFromTreeSize,
    signature: signNote(origin, key, rotationStatement(origin, vkey, validFromTreeSize)),
  };
  await append(ctx.events, SEAL_KEYS_STREAM, 'SealKeyRotated', data, ctx.actor, ctx.clock, expected);
  ctx.keys.replace(next, keyId);
  return { ...data, signerKey: next };
}

/** Registers a witness's public key (a signed-note verifier key, type 0x04 or 0x01). */
export async function addWitness(events: ChainedEventStore, vkey: string, actor: Actor, clock: Clock): Promise<WitnessAddedData> {
  let parsed;
  try {
    parsed = parseVerifierKey(vkey);
  } catch (error) {
    throw invalidField('verifierKey', 'INVALID_VERIFIER_KEY', (error as Error).message);
  }
  const keyId = verifierKey(parsed.name, COSIGNATURE_V1, parsed.publicKey).split('+')[1]!;
  const known = (await readEvidence(events)).filter((e) => e.type === 'WitnessAdded').map((e) => e.data as WitnessAddedData);
  if (known.some((w) => w.keyId === keyId))
    throw stateConflict('WITNESS_EXISTS', `witness ${parsed.name} (${keyId}) is registered already`);
  const data: WitnessAddedData = {
    name: parsed.name,
    keyId,
    publicKey: parsed.publicKey.toString('base64'),
    verifierKey: vkey.trim(),
  };
  await append(
    events,
    SEAL_WITNESSES_STREAM,
    'WitnessAdded',
    data,
    actor,
    clock,
    await lastRevision(events, SEAL_WITNESSES_STREAM),
  );
  return data;
}

export interface CosignatureSubmission {
  /** The witness's cosignature key id (type 0x04), 8 hex digits. */
  keyId: string;
  /** base64(key id ‖ u64 time ‖ signature), as on a tlog-cosignature line. */
  signature: string;
}

/**
 * Records a witness's cosignature of seal `n` after checking it as the witness's own
 * verifier would: the key is a registered witness's, the signature verifies over the seal's
 * checkpoint, and the seal extends, by a consistency proof over the history as stored, the
 * last seal this witness cosigned.
 */
export async function recordCosignature(
  events: ChainedEventStore,
  n: number,
  submission: CosignatureSubmission,
  actor: Actor,
  clock: Clock,
): Promise<SealCosignedData> {
  const list = await allSeals(events);
  const seal = list[n];
  if (!seal) throw new NotFoundError('seal', String(n));
  if (!seal.logRoot) throw stateConflict('SEAL_WITHOUT_LOG_ROOT', `seal ${n} is of version 1: it has no checkpoint to cosign`);
  const evidence = await readEvidence(events);
  const report = checkSealSignatures(evidence, list);
  const origin = report.keys[0]?.origin;
  if (!origin || report.seals[n]?.signature.status !== 'valid')
    throw stateConflict(
      'SEAL_NOT_SIGNED',
      `seal ${n} carries no valid signature of the cooperative: sign it first (coop audit sign --seal ${n})`,
    );
  const witness = evidence.find((e) => e.type === 'WitnessAdded' && e.data.keyId === submission.keyId)?.data as
    WitnessAddedData | undefined;
  if (!witness)
    throw invalidField(
      'keyId',
      'UNKNOWN_REFERENCE',
      `no witness with key id ${submission.keyId} is registered (coop audit witness-add)`,
    );
  const body = checkpointBody(origin, seal.treeSize, seal.logRoot);
  const time = verifyCosignature(witness.name, Buffer.from(witness.publicKey, 'base64'), body, submission.signature);
  if (time === undefined)
    throw invalidField(
      'signature',
      'BAD_SIGNATURE',
      `the cosignature does not verify with ${witness.name}'s key over seal ${n}'s checkpoint`,
    );
  if (time > Math.floor(clock.now().getTime() / 1000) + 300)
    throw invalidField('signature', 'DATE_IN_FUTURE', `the cosignature's time ${time} is after now`);
  const mine = evidence
    .filter((e) => e.type === 'SealCosigned' && e.data.keyId === witness.keyId)
    .map((e) => e.data as SealCosignedData);
  const previous = mine.at(-1);
  if (previous) {
    if (previous.seal === n) throw stateConflict('COSIGNATURE_EXISTS', `${witness.name} cosigned seal ${n} already`);
    if (previous.seal > n)
      throw stateConflict('COSIGNATURE_ROLLBACK', `${witness.name} last cosigned seal ${previous.seal}, later than seal ${n}`);
    try {
      await proveConsistency(events, previous.seal, n);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'LOG_NOT_AS_SEALED' && code !== 'SEAL_ORDER') throw error;
      // SEAL_INCONSISTENT: the collegio sindacale attests the books it oversees (c.c. art. 2403); it cannot attest one that rewrites what it attested.
      throw refusal(
        'SEAL_INCONSISTENT',
        'c.c. art. 2403',
        `seal ${n} is not a consistent extension of seal ${previous.seal}, which ${witness.name} cosigned: ${(error as Error).message}`,
      );
    }
  }
  const data: SealCosignedData = {
    seal: n,
    treeSize: seal.treeSize,
    logRoot: seal.logRoot,
    origin,
    witness: witness.name,
    keyId: witness.keyId,
    time,
    signature: submission.signature,
  };
  await append(
    events,
    SEAL_COSIGNATURES_STREAM,
    'SealCosigned',
    data,
    actor,
    clock,
    await lastRevision(events, SEAL_COSIGNATURES_STREAM),
  );
  return data;
}

/** What a witness fetches to cosign seal `n`: its checkpoint, signed by the cooperative, as a signed note. */
export async function sealCheckpoint(events: ChainedEventStore, n: number) {
  const list = await allSeals(events);
  const seal = list[n];
  if (!seal) throw new NotFoundError('seal', String(n));
  const evidence = await readEvidence(events);
  const report = checkSealSignatures(evidence, list);
  const signed = evidence.filter((e) => e.type === 'SealSigned' && e.data.seal === n).map((e) => e.data as SealSignedData);
  const cosigned = evidence.filter((e) => e.type === 'SealCosigned' && e.data.seal === n).map((e) => e.data as SealCosignedData);
  const origin = report.keys[0]?.origin;
  if (!seal.logRoot || !origin || signed.length === 0)
    throw stateConflict('SEAL_NOT_SIGNED', `seal ${n} is not signed: there is no checkpoint to give`);
  const body = checkpointBody(origin, seal.treeSize, seal.logRoot);
  const lines = [
    ...signed.map((s) => ({ name: s.origin, signature: s.signature })),
    ...cosigned.map((c) => ({ name: c.witness, signature: c.signature })),
  ];
  return {
    seal: n,
    origin,
    treeSize: seal.treeSize,
    logRoot: seal.logRoot,
    signature: report.seals[n]!.signature,
    cosigners: report.seals[n]!.cosigners,
    note: `${body}\n${lines.map((l) => `— ${l.name} ${l.signature}\n`).join('')}`,
    keys: report.keys,
  };
}

/**
 * The log's origin, the first line of every checkpoint the cooperative signs or has
 * time-stamped: the one recorded with the first seal key, else (nothing signed yet) the
 * configured one. So a time-stamp's imprint is the sha256 of the very checkpoint the seal's
 * signature covers, on this store and on any it is copied to.
 */
export async function recordedOrigin(events: ChainedEventStore): Promise<string> {
  const chain = checkSealSignatures(await readEvidence(events), []).keys;
  return chain[0]?.origin ?? configuredOrigin();
}
