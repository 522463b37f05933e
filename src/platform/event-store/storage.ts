import type { Position } from './position.js';
import type { EventMetadata, ReadAllOptions, ReadStreamOptions, Subscription } from './event-store.js';

/**
 * What an adapter stores: a fully formed event (hash chain and all) that the adapter
 * must keep byte-for-byte in meaning. Adapters know nothing of schemas or hashes.
 */
export interface StoredEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface StoredRecord extends StoredEvent {
  stream: string;
  revision: bigint;
  position: Position;
}

/** A stored event as the adapter keeps it: `data` and `metadata` are the stored JSON text, unparsed. */
export interface StoredText {
  id: string;
  type: string;
  stream: string;
  revision: bigint;
  position: Position;
  data: string;
  metadata: string;
}

/**
 * The raw adapter contract. Appends always name the exact state they expect
 * (`no_stream` or a revision): the platform reads the head first so that it can chain
 * hashes, so `any` never reaches an adapter.
 */
export interface EventStorage {
  readonly name: string;
  /**
   * True when the adapter answers success to a re-sent append whose ids it already holds at the
   * expected revision, without writing (EventStoreDB), rather than refusing it as a conflict
   * (SQLite). The records it then returns are the stored ones, which may not be those sent.
   */
  readonly acceptsResentAppends?: boolean;
  /**
   * Events the adapter has received from its store for reads of `$all` (rows read, or events
   * sent by the server), whether or not they were wanted: what a filter left to the client costs.
   */
  readonly received: { events: number };
  /** True when positions are consecutive numbers of events (SQLite's sequence), so their difference counts events. */
  readonly positionsCountEvents?: boolean;
  /** Throws WrongExpectedRevisionError (with the actual revision) or DuplicateEventIdError. */
  append(stream: string, events: readonly StoredEvent[], expected: 'no_stream' | bigint): Promise<StoredAppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<StoredRecord>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredRecord>;
  /**
   * `$all` as stored text, page by page, for an adapter that keeps events as JSON text: what
   * auditors hash without parsing. Optional; without it they read {@link readAll}.
   */
  readAllText?(options?: ReadAllOptions): AsyncIterable<readonly StoredText[]>;
  subscribeToAll(options?: { after?: Position; types?: readonly string[] }): Subscription<StoredRecord>;
  headPosition(): Promise<Position | undefined>;
  /**
   * The identity of this store, created once when it is first opened and never copied: positions
   * (checkpoints, consumer-group positions, SSE ids) belong to one store, and are refused by another.
   */
  storeId(): Promise<string>;
  /** Where an event id is recorded, if the adapter can look it up directly. */
  locate?(id: string): Promise<{ stream: string; revision: bigint } | undefined>;
  close(): Promise<void>;
}

export interface StoredAppendResult {
  nextExpectedRevision: bigint;
  /** The events as stored at the revisions appended to: for a re-send, those stored before. */
  records: StoredRecord[];
}
