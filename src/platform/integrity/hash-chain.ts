import { hash as digest } from 'node:crypto';
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

// One-shot: an audit derives it for every stream it meets (half a million in the bench's history).
export const genesisHash = (stream: string): string => digest('sha256', `coop-ledger:stream:${stream}`);

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
  // One-shot over one string: the payload starts with `{`, so its UTF-8 bytes follow prevHash's unchanged.
  return digest('sha256', prevHash + chainPayload(input));
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

/** An event as stored text: `data` and `metadata` are JSON text, as the adapter keeps them. */
export interface ChainText {
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
}

const HASH_MEMBER = ',"hash":"';
const PREV_HASH_MEMBER = ',"prevHash":"';

/**
 * The fast half of {@link checkLink}, on stored text: the hash the event records, returned when it sits at
 * `expectedRevision`, names `prevHash`, and `sha256(prevHash ‖ payload)` built from the stored
 * text itself (the `hash` member cut out) equals the hash it records. Events are stored with
 * their keys in canonical order, so for every event the platform wrote that text is the
 * canonical payload and this holds without parsing anything.
 *
 * Undefined means "not shown this way", not "broken": the caller then parses the event and runs
 * {@link checkLink}, which gives the verdict and its reason (an edit; or text that is not in
 * canonical form, such as an event stored before keys were stored in order, or an object with
 * integer-like keys, which JSON text cannot keep in code-unit order).
 *
 * A hash returned is as strong as checkLink's verdict against any edit made without recomputing hashes:
 * the stored bytes are exactly the bytes that were hashed. The one difference: text that is not
 * in canonical form yet hashes correctly as it stands (only someone recomputing hashes on
 * purpose could write it) passes here, where checkLink would recompute the canonical form and
 * report `hash`. Someone recomputing hashes can write a canonical forgery just as well, which
 * neither check catches; seals do.
 */
export function storedTextChains(prevHash: string, expectedRevision: bigint, event: ChainText): string | undefined {
  if (event.revision !== expectedRevision) return undefined;
  const text = event.metadata;
  const at = text.indexOf(HASH_MEMBER);
  if (at < 0 || text.charCodeAt(at + HASH_MEMBER.length + 64) !== 34 /* " */) return undefined;
  const hash = text.slice(at + HASH_MEMBER.length, at + HASH_MEMBER.length + 64);
  const prevAt = text.indexOf(PREV_HASH_MEMBER);
  if (prevAt < 0 || !text.startsWith(`${prevHash}"`, prevAt + PREV_HASH_MEMBER.length)) return undefined;
  // One-shot hashing of one string: the payload starts with `{`, so its UTF-8 bytes follow prevHash's unchanged.
  const recomputed = digest(
    'sha256',
    `${prevHash}{"data":${event.data},"metadata":${text.slice(0, at)}${text.slice(at + HASH_MEMBER.length + 65)},"revision":"${event.revision}","stream":${JSON.stringify(event.stream)},"type":${JSON.stringify(event.type)}}`,
  );
  return recomputed === hash ? hash : undefined;
}

const SCHEMA_VERSION_MEMBER = ',"schemaVersion":';
/** `,"hash":"` + 64 hex digits + `"}`: the member the store appends last, and the object's end. */
const HASH_TAIL = HASH_MEMBER.length + 64 + 2;

/**
 * What an audit needs of stored metadata text besides its chain, read off the text itself: the
 * `prevHash` it names (the member {@link storedTextChains} reads), and its schema version when
 * the text ends `,"schemaVersion":N,"hash":"…"}`, as the store writes it (its keys in order, the
 * hash appended last: nothing sorts between the two). Those are then the object's own last two
 * members, as `JSON.parse` would read them (a duplicate key is read last by both).
 *
 * Meant for text {@link storedTextChains} has shown to be the very bytes hashed, and so written
 * by the store (the same trust as there: only someone recomputing hashes on purpose writes
 * other text that hashes correctly). Undefined: not shown this way; the caller parses the text.
 */
export function namedPrevHash(metadata: string): string | undefined {
  const at = metadata.indexOf(PREV_HASH_MEMBER);
  if (at < 0 || metadata.charCodeAt(at + PREV_HASH_MEMBER.length + 64) !== 34 /* " */) return undefined;
  if (metadata.indexOf(PREV_HASH_MEMBER, at + 1) >= 0) return undefined; // which one JSON.parse reads is for it to say
  return metadata.slice(at + PREV_HASH_MEMBER.length, at + PREV_HASH_MEMBER.length + 64);
}

/** See {@link namedPrevHash}. */
export function storedSchemaVersion(metadata: string): number | undefined {
  const end = metadata.length - HASH_TAIL;
  if (
    end < 1 ||
    metadata.indexOf(HASH_MEMBER) !== end ||
    metadata.charCodeAt(metadata.length - 2) !== 34 /* " */ ||
    metadata.charCodeAt(metadata.length - 1) !== 125 /* } */
  )
    return undefined;
  const at = metadata.lastIndexOf(SCHEMA_VERSION_MEMBER, end);
  if (at < 0) return undefined;
  let version = 0;
  const from = at + SCHEMA_VERSION_MEMBER.length;
  if (from === end || end - from > 9 || metadata.charCodeAt(from) === 48 /* 0 */) return undefined;
  for (let i = from; i < end; i++) {
    const digit = metadata.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    version = version * 10 + digit;
  }
  return version;
}
