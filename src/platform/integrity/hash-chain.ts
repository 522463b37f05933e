import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * The per-stream hash chain auditors rely on:
 * `hash = sha256(prevHash ‖ JCS({stream, revision, type, data, metadata without hash}))`,
 * hex-encoded. The first `prevHash` of a stream is derived from its name, so a stream
 * cannot be renamed or its first event replaced without breaking the chain.
 */
export interface ChainInput {
  stream: string;
  revision: bigint;
  type: string;
  data: unknown;
  /** Metadata including `prevHash`; a `hash` field, if present, is left out. */
  metadata: object;
}

export const genesisHash = (stream: string): string => createHash('sha256').update(`coop-ledger:stream:${stream}`).digest('hex');

/** The canonical bytes the hash covers. */
export function chainPayload(input: ChainInput): string {
  const { hash: _omitted, ...metadata } = input.metadata as Record<string, unknown>;
  // Keys in code-unit order: canonical JSON then takes its fast path.
  return canonicalJson({
    data: input.data,
    metadata,
    revision: input.revision.toString(),
    stream: input.stream,
    type: input.type,
  });
}

export function chainHash(prevHash: string, input: ChainInput): string {
  return createHash('sha256').update(prevHash).update(chainPayload(input)).digest('hex');
}

export interface ChainBreak {
  stream: string;
  revision: bigint;
  reason: 'prevHash' | 'hash' | 'revision';
  expected: string;
  actual: string;
}

/**
 * Checks one event against its predecessor's hash; returns the break, if any. `expectedRevision`
 * guards against removed or reordered events.
 */
export function checkLink(prevHash: string, expectedRevision: bigint, event: ChainInput): ChainBreak | undefined {
  const at = { stream: event.stream, revision: event.revision };
  if (event.revision !== expectedRevision)
    return { ...at, reason: 'revision', expected: expectedRevision.toString(), actual: event.revision.toString() };
  const metadata = event.metadata as { prevHash?: unknown; hash?: unknown };
  if (metadata.prevHash !== prevHash) return { ...at, reason: 'prevHash', expected: prevHash, actual: String(metadata.prevHash) };
  const recomputed = chainHash(prevHash, event);
  if (metadata.hash !== recomputed) return { ...at, reason: 'hash', expected: recomputed, actual: String(metadata.hash) };
  return undefined;
}
