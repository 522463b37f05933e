import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { NotFoundError, stateConflict } from '../platform/errors/domain-errors.js';
import {
  consistencyProof,
  eventLeafHash,
  inclusionProof,
  rootOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import { checkLink, genesisHash } from '../platform/integrity/hash-chain.js';
import { SEAL_STREAM, type LedgerSealedData } from './seal.js';

/**
 * The proofs an auditor takes away (RFC 9162 §2.1.3 and §2.1.4): each checks with nothing
 * but the sealed roots, by `verifyInclusion` / `verifyConsistency` or any Certificate
 * Transparency library. They are computed from the history as it is stored now, and given
 * only when that history rebuilds the sealed root: a proof is never printed for a tree the
 * seal does not vouch for.
 */

export interface SealRef extends LedgerSealedData {
  /** The seal's number: its revision in the seal stream, as `GET /audit/seals` lists it. */
  seal: number;
  eventId: string;
}

export interface InclusionProofReport {
  seal: number;
  eventId: string;
  eventType: string;
  stream: string;
  revision: string;
  /** The event's 0-based place in `$all`. */
  logIndex: number;
  /** The event's chained hash; the leaf is SHA-256(0x00 ‖ logIndex as u64 big-endian ‖ chainedHash). */
  chainedHash: string;
  leafHash: string;
  treeSize: number;
  logRoot: string;
  /** Sibling hashes from the leaf up, hex. */
  proof: string[];
}

export interface ConsistencyProofReport {
  older: { seal: number; treeSize: number; logRoot: string };
  newer: { seal: number; treeSize: number; logRoot: string };
  proof: string[];
}

export async function seals(events: ChainedEventStore): Promise<SealRef[]> {
  const found: SealRef[] = [];
  for await (const record of events.readStream(SEAL_STREAM))
    found.push({ ...(record.data as LedgerSealedData), seal: Number(record.revision), eventId: record.id });
  return found;
}

async function sealNumbered(events: ChainedEventStore, n: number | undefined): Promise<SealRef & { logRoot: string }> {
  const all = await seals(events);
  const seal = n === undefined ? all.at(-1) : all[n];
  if (!seal) throw new NotFoundError('seal', n === undefined ? '(none yet: run coop audit seal)' : String(n));
  if (seal.logRoot === undefined)
    throw stateConflict(
      'SEAL_WITHOUT_LOG_ROOT',
      `seal ${seal.seal} is of version 1: it sealed the stream heads only, with no log tree to prove against; use a later seal`,
    );
  return seal as SealRef & { logRoot: string };
}

/**
 * The leaf hashes of the first `treeSize` events, with their ids, read raw from the adapter;
 * each event's chain is checked on the way, since a leaf vouches for a hash and the hash must
 * still cover the event.
 */
async function leaves(events: ChainedEventStore, treeSize: number) {
  const hashes: Buffer[] = [];
  const records: Array<{ id: string; type: string; stream: string; revision: bigint; hash: string }> = [];
  const heads = new Map<string, { revision: bigint; hash: string }>();
  if (treeSize > 0)
    for await (const record of events.storage.readAll()) {
      const known = heads.get(record.stream);
      const broken = checkLink(known?.hash ?? genesisHash(record.stream), known ? known.revision + 1n : 0n, record);
      if (broken)
        throw stateConflict(
          'LOG_NOT_AS_SEALED',
          `the chain of ${broken.stream} breaks at revision ${broken.revision} (log index ${hashes.length}, ${broken.reason}): ` +
            'the history was altered; run coop audit verify for the report',
        );
      const hash = String(record.metadata.hash);
      heads.set(record.stream, { revision: record.revision, hash });
      hashes.push(eventLeafHash(hashes.length, hash));
      records.push({ id: record.id, type: record.type, stream: record.stream, revision: record.revision, hash });
      if (hashes.length === treeSize) break;
    }
  return { hashes, records };
}

function asSealed(seal: SealRef & { logRoot: string }, hashes: Buffer[]): void {
  if (hashes.length !== seal.treeSize || rootOfLeafHashes(hashes) !== seal.logRoot)
    throw stateConflict(
      'LOG_NOT_AS_SEALED',
      `the first ${seal.treeSize} events of $all do not rebuild the root of seal ${seal.seal}: ` +
        'the history was altered since; run coop audit verify for where',
    );
}

/** The inclusion proof of event `eventId` in seal `n` (by default the latest seal). */
export async function proveInclusion(events: ChainedEventStore, eventId: string, n?: number): Promise<InclusionProofReport> {
  const seal = await sealNumbered(events, n);
  const { hashes, records } = await leaves(events, seal.treeSize);
  asSealed(seal, hashes);
  const logIndex = records.findIndex((r) => r.id === eventId);
  if (logIndex < 0) {
    for await (const record of events.storage.readAll())
      if (record.id === eventId)
        throw stateConflict(
          'EVENT_NOT_IN_SEAL',
          `event ${eventId} was recorded after seal ${seal.seal} (its ${seal.treeSize} events): prove it in a later seal`,
        );
    throw new NotFoundError('event', eventId);
  }
  const record = records[logIndex]!;
  const proof = inclusionProof(hashes, logIndex);
  const leafHash = hashes[logIndex]!.toString('hex');
  if (!verifyInclusion(leafHash, logIndex, seal.treeSize, proof, seal.logRoot))
    throw new Error('inclusion proof does not verify');
  return {
    seal: seal.seal,
    eventId,
    eventType: record.type,
    stream: record.stream,
    revision: record.revision.toString(),
    logIndex,
    chainedHash: record.hash,
    leafHash,
    treeSize: seal.treeSize,
    logRoot: seal.logRoot,
    proof,
  };
}

/** The consistency proof that seal `older` is a prefix of seal `newer`: nothing it sealed was changed since. */
export async function proveConsistency(events: ChainedEventStore, older: number, newer: number): Promise<ConsistencyProofReport> {
  const a = await sealNumbered(events, older);
  const b = await sealNumbered(events, newer);
  if (a.treeSize > b.treeSize || older > newer)
    throw stateConflict(
      'SEAL_ORDER',
      `seal ${older} (${a.treeSize} events) is not older than seal ${newer} (${b.treeSize} events)`,
    );
  if (a.treeSize === 0)
    throw stateConflict('EMPTY_SEAL', `seal ${older} sealed an empty log: there is nothing it could be consistent about`);
  const { hashes } = await leaves(events, b.treeSize);
  asSealed(b, hashes);
  asSealed(a, hashes.slice(0, a.treeSize));
  const proof = consistencyProof(hashes, a.treeSize);
  if (!verifyConsistency(a.treeSize, b.treeSize, proof, a.logRoot, b.logRoot))
    throw new Error('consistency proof does not verify');
  return {
    older: { seal: a.seal, treeSize: a.treeSize, logRoot: a.logRoot },
    newer: { seal: b.seal, treeSize: b.treeSize, logRoot: b.logRoot },
    proof,
  };
}
