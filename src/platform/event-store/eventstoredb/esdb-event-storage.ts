import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type JSONType,
  type ReadPosition,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import {
  AppendTooLargeError,
  WrongExpectedRevisionError,
  eventBytes,
  type EventMetadata,
  type ReadAllOptions,
  type ReadStreamOptions,
  type Subscription,
} from '../event-store.js';
import { isAfter, positionOf, positionParts, type Position } from '../position.js';
import type { EventStorage, StoredAppendResult, StoredEvent, StoredRecord } from '../storage.js';

/** Events per `$all` read request: bounds what one gRPC call buffers, whatever the caller's maxCount. */
const PAGE = 1000;

/** The stream whose metadata holds the store's identity (see `storeId`). */
const STORE_STREAM = 'coop-store';

/** Marks the end of a filtered read of `$all` (see `readAllOfTypes`). */
const END_OF_READ = Symbol('end of read');

/** What the server sends for a position it does not know (`Position.FromInt64(-1, -1)`). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

type EsdbRecordedEvent = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

/**
 * The server adapter, over EventStoreDB (or KurrentDB) through the v6 gRPC client. The
 * port was modelled on EventStoreDB, so most of this is translation; what differs:
 *
 * - An event id already recorded in *another* stream is not detected: EventStoreDB only
 *   checks ids against the stream it appends to. `locate` is therefore not implemented,
 *   and `DuplicateEventIdError` is raised by the embedded adapter only.
 * - Event ids must be UUIDs (the server stores them as such) and are read back lower-case.
 * - Positions are the server's `$all` positions, `"<commit>:<prepare>"`. A gRPC append
 *   writes every event as its own commit, so both parts are equal and positions read as
 *   `"<commit>"`, the same whether the event was read from its stream or from `$all`.
 * - Server-side filters exist only for subscriptions in this client version, so a `readAll`
 *   by types is a filtered subscription read until it has passed the head it saw at the start
 *   (the server's caught-up message, EventStoreDB 23.10 or later, or a filter checkpoint): the
 *   server skips the other types, instead of sending the whole of `$all` to be filtered here.
 */
export interface EventStoreDbStorageOptions {
  /**
   * Told of each event of `$all` that this service did not write (another tool's: no JSON, or
   * no envelope with a hash chain), which is skipped rather than failing the read.
   */
  onForeignEvent?(event: { stream: string; revision: bigint; type: string; reason: string }): void;
}

export class EventStoreDbStorage implements EventStorage {
  readonly name = 'eventstoredb';
  /**
   * The server answers success to an append re-sent at its expected revision when the ids at
   * the revisions after it match (its idempotency check compares ids, not contents): the
   * records read back are then the stored ones, which the caller compares with what it sent.
   */
  readonly acceptsResentAppends = true;
  readonly received = { events: 0 };
  private readonly client: EventStoreDBClient;
  private identity: Promise<string> | undefined;

  /** @param connectionString `esdb://host:2113?tls=false`; `kurrentdb://` is accepted too. */
  constructor(
    connectionString: string,
    private readonly options: EventStoreDbStorageOptions = {},
  ) {
    this.client = EventStoreDBClient.connectionString(toEsdbConnectionString(connectionString));
  }

  /** Ours, or skipped with a word to `onForeignEvent` (a default that writes a line to stderr). */
  private ours(event: EsdbRecordedEvent): boolean {
    const reason = foreign(event);
    if (reason === undefined) return true;
    const report = { stream: event.streamId, revision: event.revision, type: event.type, reason };
    if (this.options.onForeignEvent) this.options.onForeignEvent(report);
    else process.stderr.write(`eventstoredb: skipped ${report.stream}@${report.revision} (${report.type}): ${reason}\n`);
    return false;
  }

  async append(stream: string, events: readonly StoredEvent[], expected: 'no_stream' | bigint): Promise<StoredAppendResult> {
    try {
      await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: expected === 'no_stream' ? NO_STREAM : expected,
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw new WrongExpectedRevisionError(stream, expected, error.actualVersion);
      if (error instanceof MaxAppendSizeExceededError)
        throw new AppendTooLargeError(
          stream,
          events.length,
          events.reduce((sum, event) => sum + eventBytes(event), 0),
          error.maxAppendSize,
        );
      throw error;
    }
    // The append reply carries one position for the whole batch; each record needs its own.
    // After an idempotent success these are the events stored before, not the ones just sent.
    const first = expected === 'no_stream' ? 0n : expected + 1n;
    const records: StoredRecord[] = [];
    for await (const record of this.readStream(stream, { fromRevision: first, maxCount: events.length })) records.push(record);
    if (records.length !== events.length || records.some((record, i) => record.id !== events[i]!.id))
      throw new Error(`stream ${stream}: the events read back after an append at revision ${first} are not the ones appended`);
    return { nextExpectedRevision: records[records.length - 1]!.revision, records };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredRecord> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      // The client starts at START whatever the direction: a backwards read must ask for END.
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount !== undefined && { maxCount: options.maxCount }),
    });
    try {
      for await (const resolved of read) if (resolved.event && this.ours(resolved.event)) yield toRecord(resolved.event);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    } finally {
      await cancelIfOpen(read);
    }
  }

  /**
   * Pages through `$all` from `after`. The server's `fromPosition` is inclusive, so each
   * page starts at the last event seen and skips it; system events are dropped. A read by
   * types is filtered on the server (`readAllOfTypes`).
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredRecord> {
    if (options.types) return yield* this.readAllOfTypes(options.after, options.types, options.maxCount ?? Infinity);
    let remaining = options.maxCount ?? Infinity;
    let after = options.after;
    while (remaining > 0) {
      let seen = 0;
      for await (const event of this.scanAll(after, FORWARDS, PAGE)) {
        seen++;
        this.received.events++;
        const position = eventPosition(event);
        if (!isAfter(position, after)) continue;
        after = position;
        if (isSystem(event) || !this.ours(event)) continue;
        yield toRecord(event);
        if (--remaining === 0) return;
      }
      if (seen < PAGE) return;
    }
  }

  /**
   * `$all` filtered by type on the server: a filtered catch-up subscription from `after`, left
   * once it has delivered everything up to the head as it was when the read began. The end is
   * known by an event at or past that head, a filter checkpoint at or past it (sent every
   * `maxSearchWindow` events scanned), or the server's caught-up message (after which only the
   * events already received remain to be taken).
   */
  private async *readAllOfTypes(
    after: Position | undefined,
    types: readonly string[],
    maxCount: number,
  ): AsyncGenerator<StoredRecord> {
    if (types.length === 0 || maxCount <= 0) return;
    const head = await this.headPosition();
    if (head === undefined || (after !== undefined && !isAfter(head, after))) return;
    let reachedHead!: () => void;
    const reached = new Promise<typeof END_OF_READ>((resolve) => (reachedHead = () => resolve(END_OF_READ)));
    const source = this.client.subscribeToAll({
      fromPosition: after === undefined ? START : positionParts(after),
      filter: eventTypeFilter({
        regex: exactly(types),
        checkpointInterval: 1,
        checkpointReached: (_subscription, position) => {
          if (!isAfter(head, positionOf(position.commit, position.prepare))) reachedHead();
        },
      }),
    });
    source.once('caughtUp', reachedHead);
    const iterator = source[Symbol.asyncIterator]();
    let remaining = maxCount;
    let pending = iterator.next();
    try {
      for (;;) {
        const next = await Promise.race([pending, reached]);
        // At the end, what the server sent before it is buffered or being handed over: take it.
        const result = next === END_OF_READ ? (source.readableLength > 0 ? await pending : undefined) : next;
        if (!result || result.done) return;
        pending = iterator.next();
        this.received.events++;
        const event = result.value.event;
        if (!event || isSystem(event) || !isAfter(eventPosition(event), after)) continue;
        if (!isAfter(eventPosition(event), head) && this.ours(event)) {
          yield toRecord(event);
          if (--remaining === 0) return;
        }
        if (!isAfter(head, eventPosition(event))) return; // at or past the head
      }
    } finally {
      // The read still waiting when the end was known fails once the source is destroyed.
      pending.catch(() => undefined);
      await source.unsubscribe().catch(() => undefined);
      source.destroy();
    }
  }

  /**
   * Catch-up then live, as the server does it: one gRPC subscription that reads history and
   * then switches to live events (the client swallows its caught-up, fell-behind and
   * checkpoint messages). The server starts after `after`; the position check guards
   * against a server that would deliver `after` itself again.
   */
  subscribeToAll(options: { after?: Position; types?: readonly string[] } = {}): Subscription<StoredRecord> {
    const { after, types } = options;
    const source = this.client.subscribeToAll({
      fromPosition: after === undefined ? START : positionParts(after),
      filter: types ? eventTypeFilter({ regex: exactly(types) }) : excludeSystemEvents(),
    });
    // Ending the iteration does not end the gRPC call: only unsubscribe() cancels it.
    const unsubscribe = () => source.unsubscribe().catch(() => undefined);
    let closed = false;
    const ours = (event: EsdbRecordedEvent) => this.ours(event);
    async function* run(): AsyncGenerator<StoredRecord> {
      try {
        for await (const resolved of source) {
          const event = resolved.event;
          if (event && !isSystem(event) && isAfter(eventPosition(event), after) && ours(event)) yield toRecord(event);
        }
      } catch (error) {
        // close() destroys the source under a pending read, which ends it with a premature close.
        if (!closed) throw error;
      } finally {
        await unsubscribe();
      }
    }
    const iterator = run();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        if (closed) return;
        closed = true;
        await unsubscribe();
        source.destroy();
        await iterator.return(undefined);
      },
    };
  }

  /**
   * The newest user event of `$all`. The server keeps writing its own events (statistics,
   * scavenges), so this reads backwards past them until it finds one of ours.
   */
  async headPosition(): Promise<Position | undefined> {
    for await (const event of this.scanAll(undefined, BACKWARDS)) if (!isSystem(event)) return eventPosition(event);
    return undefined;
  }

  /**
   * Kept in the metadata of the stream `coop-store` (a `$metadata` event of `$$coop-store`, a
   * system stream: no read of `$all` here sees it, and `coop copy` does not copy it). The first
   * process to open the store writes it at NoStream; one that loses that race reads the winner's.
   */
  storeId(): Promise<string> {
    this.identity ??= this.readOrCreateStoreId().catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }

  private async readOrCreateStoreId(): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const { metadata } = await this.client.getStreamMetadata<{ coopStoreId?: string }>(STORE_STREAM);
      if (typeof metadata?.coopStoreId === 'string') return metadata.coopStoreId;
      try {
        await this.client.setStreamMetadata(STORE_STREAM, { coopStoreId: randomUUID() }, { expectedRevision: NO_STREAM });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 2) throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** Raw events of `$all` in one read; stops the server-side read when the caller stops early. */
  private async *scanAll(
    from: Position | undefined,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount?: number,
  ): AsyncGenerator<EsdbRecordedEvent> {
    const fromPosition: ReadPosition = from !== undefined ? positionParts(from) : direction === FORWARDS ? START : END;
    const read = this.client.readAll({ fromPosition, direction, ...(maxCount !== undefined && { maxCount }) });
    try {
      for await (const resolved of read) if (resolved.event) yield resolved.event;
    } finally {
      await cancelIfOpen(read);
    }
  }
}

/** The URL schemes of an EventStoreDB / KurrentDB server: `esdb://`, `kurrentdb://` and `kurrent://`, each with `+discover`. */
export const EVENTSTORE_URL_SCHEME = /^(?:esdb|kurrentdb|kurrent)(?:\+discover)?:\/\//i;

export const isEventStoreDbUrl = (value: string): boolean => EVENTSTORE_URL_SCHEME.test(value);

/** The v6 client only knows `esdb://` (and `esdb+discover://`); KurrentDB documents `kurrentdb://` and `kurrent://`. */
export function toEsdbConnectionString(connectionString: string): string {
  return connectionString.replace(/^kurrent(?:db)?(\+discover)?:\/\//i, 'esdb$1://');
}

function toEventData(event: StoredEvent) {
  return jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata });
}

function toRecord(event: EsdbRecordedEvent): StoredRecord {
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: event.revision,
    position: eventPosition(event),
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
  };
}

function eventPosition(event: EsdbRecordedEvent): Position {
  const position = event.position;
  if (!position || position.commit === UNKNOWN_POSITION || position.prepare === UNKNOWN_POSITION)
    throw new Error(
      `EventStoreDB sent ${event.streamId}@${event.revision} without its $all position: EventStoreDB 22.6 or later is required`,
    );
  return positionOf(position.commit, position.prepare);
}

/**
 * Why an event was not written by this service, or undefined when it was: every event of ours
 * is JSON with the envelope's metadata (a schema version and a hash chain).
 */
export function foreign(event: { isJson: boolean; data: unknown; metadata: unknown }): string | undefined {
  if (!event.isJson) return 'not JSON';
  const metadata = event.metadata as Partial<EventMetadata> | undefined;
  if (!metadata || typeof metadata !== 'object') return 'no metadata';
  if (typeof metadata.hash !== 'string' || typeof metadata.prevHash !== 'string' || typeof metadata.schemaVersion !== 'number')
    return 'no envelope of this service (hash chain, schema version) in its metadata';
  return undefined;
}

/** Events the server writes for itself (`$`-types such as `$metadata`, and `$`-streams). */
const isSystem = (event: EsdbRecordedEvent): boolean => event.type.startsWith('$') || event.streamId.startsWith('$');

/** A server-side regex matching exactly these event types (the server does a partial match otherwise). */
const exactly = (types: readonly string[]): string =>
  `^(?:${types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;

/**
 * Breaking out of a read leaves the gRPC call open until the server finishes it: cancel it.
 * A call that failed to open has nothing to cancel, and its own error is the one to report.
 */
async function cancelIfOpen(read: StreamingRead<unknown>): Promise<void> {
  if (!read.readableEnded) await read.cancel().catch(() => undefined);
}
