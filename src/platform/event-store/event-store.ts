import type { Position } from './position.js';

/**
 * The event store port, with EventStoreDB's semantics: per-stream revisions from 0, one
 * global order (`$all`, see {@link Position}), optimistic concurrency on the expected
 * revision, and idempotent appends by event id.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** Who caused an event: the API key and its role, or the system itself. */
export interface Actor {
  keyId: string;
  role: string;
}

/** Metadata every recorded event carries (the envelope of DESIGN.md). */
export interface EventMetadata {
  schemaVersion: number;
  /** Business time of the fact, ISO-8601 UTC. */
  occurredAt: string;
  /** When the store recorded it, ISO-8601 UTC, from the injected clock. */
  recordedAt: string;
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  prevHash: string;
  hash: string;
}

/** What a writer supplies; the platform fills in the version, time and hash chain. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: {
    occurredAt?: string;
    actor: Actor;
    commandId: string;
    correlationId: string;
    causationId: string;
  };
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  stream: string;
  revision: bigint;
  position: Position;
  data: Data;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextExpectedRevision: bigint;
  /** Position of the last event this append wrote (or had written before, if idempotent). */
  position: Position;
  /** The events as recorded, in order. */
  events: RecordedEvent[];
  /** False when every event was already there: an idempotent re-send. */
  written: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** First revision to read (inclusive); defaults to the start, or the end backwards. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position; from the beginning when absent. */
  after?: Position;
  /** Only these event types. */
  types?: readonly string[];
  maxCount?: number;
}

export interface SubscribeOptions {
  after?: Position;
  types?: readonly string[];
}

/** A catch-up subscription: past events first, then live ones, as one ordered iterable. */
export interface Subscription<E = RecordedEvent> extends AsyncIterable<E> {
  close(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event in `$all`, or undefined when the store is empty. */
  headPosition(): Promise<Position | undefined>;
  /**
   * How many events of `$all` lie after `after` up to `until` (inclusive), counted up to `cap`
   * (a lag in events: EventStoreDB's positions are byte offsets, whose differences are not).
   */
  eventsBetween(after: Position | undefined, until: Position, cap: number): Promise<number>;
  /** The identity of this store (see {@link EventStorage.storeId}): a position means something only with it. */
  storeId(): Promise<string>;
  close(): Promise<void>;
}

/** The expected revision did not match the stream; carries what was found. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id is already recorded elsewhere than this append would put it. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId} is already recorded, not as the next event of ${stream}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Stream names are `category-id`; the category is everything before the first dash. */
export const streamCategory = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};
