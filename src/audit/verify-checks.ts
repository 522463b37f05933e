import { UnknownEventTypeError, type EventRegistry } from '../platform/event-store/event-registry.js';
import type { Position } from '../platform/event-store/position.js';
import type { StoredRecord, StoredText } from '../platform/event-store/storage.js';
import { checkLink, genesisHash, storedTextChains } from '../platform/integrity/hash-chain.js';
import { eventLeafHash, type StreamHead } from './merkle.js';
import { LedgerSealed, SEAL_STREAM } from './seal.js';
import type { BreakReason, IntegrityBreak } from './verify.js';

/**
 * What `verify` asks of one event, whichever thread asks it: the single-threaded pass and each
 * worker of a parallel one run these same functions, so both find the same break, with the
 * same reason and words, in the same event.
 */

export interface EventProblem {
  reason: BreakReason;
  expected: string;
  actual: string;
}

export const isObject = (value: unknown): value is Record<string, unknown> & StoredRecord['metadata'] =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parsed(text: StoredText): StoredRecord {
  return { ...text, data: JSON.parse(text.data) as unknown, metadata: JSON.parse(text.metadata) as StoredRecord['metadata'] };
}

const HASH = /^[0-9a-f]{64}$/;
/** What stands in a leaf for a hash that is not one (the event is reported broken anyway). */
const NO_HASH = '0'.repeat(64);

/** The hash the event records, as its stream's next event chains from it (even a broken one: one tampering is one break). */
export const recordedHash = (record: StoredRecord): string =>
  String(isObject(record.metadata) ? record.metadata.hash : undefined);

/** The event's leaf in the log tree, at its log index. */
export const leafOf = (logIndex: number, hash: string): Buffer => eventLeafHash(logIndex, HASH.test(hash) ? hash : NO_HASH);

/**
 * Everything one event must satisfy given its stream's previous event (`known`, undefined for a
 * stream's first): a metadata object, its revision next, its `prevHash` that head's hash, its
 * content what its hash covers (the stored text hashed as it is, when the adapter gives it;
 * parsed and canonicalised otherwise), its data valid against its schema once upcast.
 */
export function eventProblem(
  registry: EventRegistry,
  record: StoredRecord,
  text: StoredText | undefined,
  known: StreamHead | undefined,
): EventProblem | undefined {
  const metadata = isObject(record.metadata) ? record.metadata : undefined;
  if (!metadata) return { reason: 'hash', expected: 'a metadata object', actual: JSON.stringify(record.metadata) ?? 'nothing' };
  const prevHash = known?.hash ?? genesisHash(record.stream);
  const expectedRevision = known ? known.revision + 1n : 0n;
  const link =
    text && storedTextChains(prevHash, expectedRevision, text) !== undefined
      ? undefined
      : checkLink(prevHash, expectedRevision, {
          stream: record.stream,
          revision: record.revision,
          type: record.type,
          data: record.data,
          metadata,
        });
  if (link) return { reason: link.reason, expected: link.expected, actual: link.actual };
  return schemaProblem(registry, record);
}

export function schemaProblem(registry: EventRegistry, record: StoredRecord): EventProblem | undefined {
  return dataProblem(registry, record.stream, record.type, record.metadata.schemaVersion, record.data);
}

/** {@link schemaProblem} of an event given by its parts (a worker's fast path builds no record). */
export function dataProblem(
  registry: EventRegistry,
  stream: string,
  type: string,
  version: number,
  data: unknown,
): EventProblem | undefined {
  if (stream === SEAL_STREAM && type !== LedgerSealed.type)
    return { reason: 'schema', expected: `only ${LedgerSealed.type} in ${SEAL_STREAM}`, actual: type };
  if (!Number.isInteger(version) || version < 1)
    return { reason: 'schema', expected: 'a schema version', actual: String(version) };
  try {
    registry.upcastAndValidate(type, version, data);
    return undefined;
  } catch (error) {
    if (error instanceof UnknownEventTypeError)
      return { reason: 'unknown-type', expected: 'a registered event type', actual: type };
    return {
      reason: 'schema',
      expected: `${type} valid at v${registry.currentVersion(type)}`,
      actual: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Who the event found there claims to come from (claims only: it is the suspect event). */
export function claimedBy(record: StoredRecord): IntegrityBreak['event'] {
  const m: Record<string, unknown> = isObject(record.metadata) ? record.metadata : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    id: record.id,
    type: record.type,
    ...(text(m.recordedAt) ? { recordedAt: text(m.recordedAt) } : {}),
    ...(m.actor !== undefined ? { actor: m.actor } : {}),
    ...(text(m.commandId) ? { commandId: text(m.commandId) } : {}),
    ...(text(m.correlationId) ? { correlationId: text(m.correlationId) } : {}),
  };
}

/** The break of `record` at `logIndex`, as the report gives it. */
export const breakAt = (
  record: StoredRecord,
  logIndex: number,
  problem: EventProblem,
  firstDifference?: { from: number; to: number },
): IntegrityBreak => ({
  stream: record.stream,
  revision: record.revision,
  position: record.position,
  ...problem,
  logIndex,
  ...(firstDifference ? { firstDifference } : {}),
  event: claimedBy(record),
});

/** A stored row that does not parse, after `after`: the break the report gives (no stream, no revision). */
export const unreadableBreak = (after: Position, message: string): IntegrityBreak => ({
  stream: '',
  revision: -1n,
  position: after,
  reason: 'unreadable',
  logIndex: -1,
  expected: `a stored event after position ${after}`,
  actual: message,
});
