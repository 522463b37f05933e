import type { Clock } from '../clock.js';
import { KeyedLock } from '../keyed-lock.js';
import { sortKeys } from '../integrity/canonical-json.js';
import { chainHash, genesisHash } from '../integrity/hash-chain.js';
import type { EventRegistry } from './event-registry.js';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from './event-store.js';
import { comparePositions, positionParts, type Position } from './position.js';
import { RecentAppends } from './recent-appends.js';
import type { EventStorage, StoredEvent, StoredRecord } from './storage.js';

/** How far back an `any` append looks for its own ids when it is re-sent. */
const IDEMPOTENCY_WINDOW = 256;
const RACE_RETRIES = 20;
/** Streams whose head (revision and hash) this instance remembers from its own appends. */
const REMEMBERED_HEADS = 10_000;

interface Head {
  revision: bigint;
  hash: string;
}

/**
 * The event store every context uses, over any {@link EventStorage} adapter. It owns
 * what must not depend on the adapter: data validated by its schema on write and on
 * read (with upcasting), the envelope (schema version, recording time), the per-stream
 * hash chain, the expected-revision rules and idempotency by event id.
 *
 * The chain is linear because every append is made at the exact revision whose hash it
 * chained from; an `any` append reads the head and retries if another writer got there first.
 */
export class ChainedEventStore implements EventStore {
  private readonly streamLock = new KeyedLock();
  private readonly appended = new Set<(position: Position) => void>();
  /** The heads this instance's own appends left, most recent last: an append at that revision chains from it unread. */
  private readonly heads = new Map<string, Head>();
  /** What this instance appended last, for the live readers of `$all` (a store whose positions count events). */
  private readonly recent: RecentAppends<RecordedEvent> | undefined;

  constructor(
    readonly storage: EventStorage,
    readonly registry: EventRegistry,
    private readonly clock: Clock,
    private readonly options: { onAppendMeasured?: (seconds: number) => void } = {},
  ) {
    // Each record as a read from the store would give it (upcast and validated), made once and
    // frozen: the live projectors reading it share it, and none can change it. Its data and
    // metadata are this append's own (`chain` made them; the caller is answered with copies).
    if (storage.positionsCountEvents) this.recent = new RecentAppends((record) => deepFreeze(this.toRecorded(record)));
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('an append needs at least one event');
    const validated = events.map((event) => ({ ...event, data: this.registry.validateForWrite(event.type, event.data) }));
    // One append per stream at a time in this process: the head we chain from stays the
    // head until we write. Other processes are caught by the adapter's revision check.
    return this.streamLock.run(stream, () => this.appendChained(stream, events, validated, expected));
  }

  private async appendChained(
    stream: string,
    events: readonly NewEvent[],
    validated: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      // A new stream has no head to chain from: skip the read the first time; if the stream
      // exists after all, the adapter refuses and the next round reads it.
      // Nor for an exact revision this instance wrote last: if another process wrote since,
      // the adapter refuses and the next round reads the head.
      // An adapter that answers success to a re-sent append (EventStoreDB) must have the head
      // read first, so that a re-send is told apart before anything is chained.
      const remembered = attempt === 0 && typeof expected === 'bigint' ? this.heads.get(stream) : undefined;
      const head =
        attempt === 0 && expected === 'no_stream' && !this.storage.acceptsResentAppends
          ? undefined
          : remembered?.revision === expected
            ? remembered
            : await this.head(stream);
      const actual = head ? head.revision : 'no_stream';
      const already = await this.alreadyAppended(stream, events, expected, head);
      if (already) return already;
      if (!satisfies(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
      const stored = this.chain(stream, validated, head);
      try {
        const started = performance.now();
        const result = await this.storage.append(stream, stored, head ? head.revision : 'no_stream');
        this.options.onAppendMeasured?.((performance.now() - started) / 1000);
        const position = result.records[result.records.length - 1]!.position;
        if (result.records.some((record, i) => record.metadata.hash !== stored[i]!.metadata.hash)) {
          // The adapter answered success with events it already held under these ids (EventStoreDB's
          // idempotent re-send, written by another attempt or process): this attempt's chain was
          // never stored. Answer with what is stored, and remember no head from it.
          this.heads.delete(stream);
          return await this.storedBefore(stream, result.records);
        }
        this.heads.delete(stream);
        this.heads.set(stream, { revision: result.nextExpectedRevision, hash: stored[stored.length - 1]!.metadata.hash });
        if (this.heads.size > REMEMBERED_HEADS) this.heads.delete(this.heads.keys().next().value!);
        this.recent?.add(result.records);
        for (const listener of this.appended) listener(position);
        return {
          nextExpectedRevision: result.nextExpectedRevision,
          position,
          // Validated on the way in: the records are returned as written, not parsed again, with
          // metadata of their own (the stored records' stay with RecentAppends until first read).
          events: result.records.map((record, i) => ({
            ...record,
            data: validated[i]!.data,
            metadata: { ...record.metadata, actor: { ...record.metadata.actor } },
          })),
          written: true,
        };
      } catch (error) {
        this.heads.delete(stream);
        const raced = error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError;
        // Another writer moved the head between our read and our write. Look again: the
        // next round finds an idempotent re-send, a real conflict, or (for `any`) retries.
        if (!raced || attempt >= RACE_RETRIES) throw error;
      }
    }
  }

  async *readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for await (const record of this.storage.readStream(stream, options)) yield this.toRecorded(record);
  }

  /**
   * `$all` after a position. Near the head (a live projector, "events since"), what this
   * instance just appended is answered from {@link RecentAppends}, and the store is asked
   * only when its head lies beyond: no query per event type for a reader that is caught up.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after;
    let remaining = options.maxCount ?? Infinity;
    // While the reader takes the records, this instance may append more (the reader's loop
    // gives the event loop a turn now and then): those are asked of memory again, not the store.
    for (let recent = this.recent?.after(after, options.types, remaining); recent;) {
      yield* recent.records;
      remaining -= recent.records.length;
      if (remaining <= 0) return;
      if (options.headSeen !== undefined && comparePositions(options.headSeen, recent.upTo) <= 0) return;
      const head = await this.storage.headPosition();
      if (head === undefined || comparePositions(head, recent.upTo) <= 0) return;
      const moved = recent.upTo !== after;
      after = recent.upTo;
      // Memory holds nothing further (another process wrote, or a gap): the store has the rest.
      recent = moved ? this.recent!.after(after, options.types, remaining) : undefined;
    }
    const rest = { ...options, after, ...(options.maxCount !== undefined && { maxCount: remaining }) };
    for await (const record of this.storage.readAll(rest)) yield this.toRecorded(record);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const inner = this.storage.subscribeToAll(options);
    const toRecorded = (record: StoredRecord) => this.toRecorded(record);
    async function* mapped(): AsyncGenerator<RecordedEvent> {
      for await (const record of inner) yield toRecorded(record);
    }
    const iterator = mapped();
    return { [Symbol.asyncIterator]: () => iterator, close: () => inner.close() };
  }

  headPosition(): Promise<Position | undefined> {
    return this.storage.headPosition();
  }

  storeId(): Promise<string> {
    return this.storage.storeId();
  }

  async eventsBetween(after: Position | undefined, until: Position, cap: number): Promise<number> {
    if (after !== undefined && comparePositions(after, until) >= 0) return 0;
    if (this.storage.positionsCountEvents) {
      const behind = positionParts(until).commit - (after === undefined ? 0n : positionParts(after).commit);
      return Number(behind < BigInt(cap) ? behind : BigInt(cap));
    }
    let count = 0;
    for await (const record of this.storage.readAll({ ...(after !== undefined && { after }), maxCount: cap })) {
      if (comparePositions(record.position, until) > 0) break;
      count++;
    }
    return count;
  }

  /**
   * Calls `listener` after each append made through this instance. Other processes'
   * appends are not seen here: whoever waits on this must also poll.
   */
  onAppend(listener: (position: Position) => void): () => void {
    this.appended.add(listener);
    return () => this.appended.delete(listener);
  }

  close(): Promise<void> {
    return this.storage.close();
  }

  /** The data as stored, lifted to the current schema version and validated. */
  toRecorded(record: StoredRecord): RecordedEvent {
    return {
      id: record.id,
      type: record.type,
      stream: record.stream,
      revision: record.revision,
      position: record.position,
      data: this.registry.upcastAndValidate(record.type, record.metadata.schemaVersion, record.data),
      metadata: record.metadata,
    };
  }

  private async head(stream: string): Promise<Head | undefined> {
    for await (const last of this.storage.readStream(stream, { direction: 'backwards', maxCount: 1 }))
      return { revision: last.revision, hash: last.metadata.hash };
    return undefined;
  }

  private chain(stream: string, events: readonly NewEvent[], head: Head | undefined): StoredEvent[] {
    const recordedAt = this.clock.now().toISOString();
    let prevHash = head ? head.hash : genesisHash(stream);
    let revision = head ? head.revision : -1n;
    return events.map((event) => {
      revision += 1n;
      // Stored with keys in canonical order, so verifying the chain need not re-sort them.
      const metadataWithoutHash = {
        actor: { keyId: event.metadata.actor.keyId, role: event.metadata.actor.role },
        causationId: event.metadata.causationId,
        commandId: event.metadata.commandId,
        correlationId: event.metadata.correlationId,
        occurredAt: event.metadata.occurredAt ?? recordedAt,
        prevHash,
        recordedAt,
        schemaVersion: this.registry.currentVersion(event.type),
      };
      const data = sortKeys(event.data);
      const hash = chainHash(prevHash, { stream, revision, type: event.type, data, metadata: metadataWithoutHash });
      prevHash = hash;
      const metadata: EventMetadata = { ...metadataWithoutHash, hash };
      return { id: event.id, type: event.type, data, metadata };
    });
  }

  /**
   * EventStoreDB's idempotency: the same event ids re-sent at the same expected revision
   * succeed without writing. For `any` and `stream_exists` the ids are looked for in the
   * stream's recent tail.
   */
  private async alreadyAppended(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    head: Head | undefined,
  ): Promise<AppendResult | undefined> {
    if (!head) return undefined;
    let from: bigint | undefined;
    if (expected === 'no_stream') from = 0n;
    else if (typeof expected === 'bigint') from = expected < head.revision ? expected + 1n : undefined;
    else from = await this.findInTail(stream, events[0]!.id, head.revision);
    if (from === undefined) return undefined;
    const found: StoredRecord[] = [];
    for await (const record of this.storage.readStream(stream, { fromRevision: from, maxCount: events.length }))
      found.push(record);
    if (found.length !== events.length || found.some((record, i) => record.id !== events[i]!.id)) return undefined;
    return {
      nextExpectedRevision: head.revision,
      position: found[found.length - 1]!.position,
      events: found.map((record) => this.toRecorded(record)),
      written: false,
    };
  }

  /** The answer to an append whose ids the adapter already held: the stored events, not written now. */
  private async storedBefore(stream: string, records: readonly StoredRecord[]): Promise<AppendResult> {
    const head = await this.head(stream);
    return {
      nextExpectedRevision: head ? head.revision : records[records.length - 1]!.revision,
      position: records[records.length - 1]!.position,
      events: records.map((record) => this.toRecorded(record)),
      written: false,
    };
  }

  private async findInTail(stream: string, id: string, headRevision: bigint): Promise<bigint | undefined> {
    if (this.storage.locate) {
      const found = await this.storage.locate(id);
      return found?.stream === stream ? found.revision : undefined;
    }
    for await (const record of this.storage.readStream(stream, {
      direction: 'backwards',
      fromRevision: headRevision,
      maxCount: IDEMPOTENCY_WINDOW,
    }))
      if (record.id === id) return record.revision;
    return undefined;
  }
}

/** `value` with every object and array in it frozen, itself included. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function satisfies(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}
