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
  /**
   * A head of `$all` the caller read just before: it needs nothing beyond it, so a store
   * answering from memory up to there need not ask for the head again. A store may still read
   * past it.
   */
  headSeen?: Position;
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

/**
 * EventStoreDB refuses an append whose events take more than its `MaxAppendSize` (1 MiB by
 * default: the events' data and metadata). Whatever batches events into one append (command
 * batches, `coop copy`, the seed) keeps each append under this budget, which leaves room for
 * what the count below leaves out (ids, types, the server's framing).
 */
export const APPEND_BYTES_BUDGET = 768 * 1024;

/** Bytes an event adds to an append, about: its JSON data and metadata, plus what a chained envelope adds. */
export function eventBytes(event: { type: string; data: unknown; metadata: unknown }): number {
  return (
    Buffer.byteLength(JSON.stringify(event.data)) +
    Buffer.byteLength(JSON.stringify(event.metadata)) +
    event.type.length +
    ENVELOPE_BYTES
  );
}

/** What the platform adds to a writer's metadata (schema version, times, two hashes), rounded up. */
const ENVELOPE_BYTES = 512;

/** The store refused an append as too large (EventStoreDB's MaxAppendSize): split it, or make its events smaller. */
export class AppendTooLargeError extends Error {
  constructor(
    readonly stream: string,
    readonly events: number,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `stream ${stream}: an append of ${events} events (about ${bytes} bytes) is larger than the store accepts (${maxBytes} bytes); split it into smaller appends`,
    );
    this.name = 'AppendTooLargeError';
  }
}

/**
 * Splits events, in order, into runs that each stay under `budget` bytes (an event larger than
 * the budget alone makes a run of its own, which the store may then refuse).
 */
export function splitBySize<E extends { type: string; data: unknown; metadata: unknown }>(
  events: readonly E[],
  budget = APPEND_BYTES_BUDGET,
): E[][] {
  const runs: E[][] = [];
  let run: E[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = eventBytes(event);
    if (run.length > 0 && bytes + size > budget) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(event);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Appends events that may exceed one append's size as several appends, each at the revision
 * the last one left: for writers that own a stream alone (the seed), where the events need not
 * be recorded atomically. Returns the appends' results joined.
 */
export async function appendInParts(
  store: Pick<EventStore, 'append'>,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const runs = splitBySize(events);
  if (runs.length <= 1) return store.append(stream, events, expected);
  const recorded: RecordedEvent[] = [];
  let last: AppendResult | undefined;
  let next = expected;
  for (const run of runs) {
    last = await store.append(stream, run, next);
    recorded.push(...last.events);
    next = last.nextExpectedRevision;
  }
  return { ...last!, events: recorded, written: recorded.length > 0 && last!.written };
}
