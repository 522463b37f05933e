import type { Clock } from '../clock.js';
import {
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store/event-store.js';
import type { Position } from '../event-store/position.js';
import { deterministicId } from '../ids.js';
import { KeyedLock } from '../keyed-lock.js';
import type { Decider, DomainEvent } from './decider.js';

export interface CommandMetadata {
  /** From the client's `Idempotency-Key`, or generated. Event ids derive from it. */
  commandId: string;
  actor: Actor;
  correlationId?: string;
  causationId?: string;
  /** Business time of the fact, if not now. */
  occurredAt?: string;
  /** The client's own expectation of the stream (HTTP `If-Match`): no retry when it is stale. */
  expectedRevision?: bigint | 'no_stream';
}

export interface WrittenEvent {
  id: string;
  type: string;
  stream: string;
  revision: string;
  position: Position;
}

export interface CommandResult {
  commandId: string;
  stream: string;
  /** `$all` position of the last event written: pass it as `?after=` to read your writes. */
  position: Position | null;
  /** The stream's revision after the command (null if it still has no events). */
  revision: string | null;
  events: WrittenEvent[];
  /** True when this is the original answer to an earlier command with the same id. */
  replayed: boolean;
}

export interface LoadedState<S> {
  state: S;
  revision: bigint | undefined;
}

interface CacheEntry<S> {
  state: S;
  revision: bigint | undefined;
  byCommand: Map<string, RecordedEvent[]>;
}

export interface CommandProcessorOptions {
  /** Attempts on a concurrency conflict before giving up (the last conflict is thrown). */
  maxAttempts?: number;
  /** Streams whose folded state stays in memory, read forward from where they were. */
  cachedStreams?: number;
}

/**
 * The one generic command handler: load (fold the stream), decide, append at the
 * loaded revision, and on a conflict with another writer reload and decide again, a
 * bounded number of times. Commands on one stream run one at a time in this process;
 * other processes are kept out by the expected revision.
 *
 * Idempotency: a command whose id already produced events in the stream gets the
 * original result back without deciding again; its event ids derive from the command id,
 * so even two racing retries write once.
 */
export class CommandProcessor {
  private readonly lock = new KeyedLock();
  private readonly cache = new Map<string, CacheEntry<unknown>>();
  private readonly deciderIds = new WeakMap<object, number>();
  private readonly maxAttempts: number;
  private readonly cachedStreams: number;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    options: CommandProcessorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.cachedStreams = options.cachedStreams ?? 2_000;
  }

  async execute<C, S, E extends DomainEvent>(
    stream: string,
    decider: Decider<C, S, E>,
    command: C,
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    return this.lock.run(stream, async () => {
      for (let attempt = 1; ; attempt++) {
        const entry = await this.fold(stream, decider);
        const earlier = entry.byCommand.get(metadata.commandId);
        if (earlier) return resultOf(metadata.commandId, stream, entry.revision, earlier, true);
        const expected = entry.revision ?? 'no_stream';
        if (metadata.expectedRevision !== undefined && metadata.expectedRevision !== expected)
          throw new WrongExpectedRevisionError(stream, metadata.expectedRevision, expected);
        const decided = decider.decide(command, entry.state, { now: this.clock.now() });
        if (decided.length === 0) return resultOf(metadata.commandId, stream, entry.revision, [], false);
        try {
          const appended = await this.store.append(stream, this.envelope(stream, decided, metadata), expected);
          return resultOf(metadata.commandId, stream, appended.nextExpectedRevision, appended.events, !appended.written);
        } catch (error) {
          const retry =
            error instanceof WrongExpectedRevisionError && metadata.expectedRevision === undefined && attempt < this.maxAttempts;
          if (!retry) throw error;
        }
      }
    });
  }

  /** The current state of a stream, for a handler that needs another stream's facts. */
  async load<C, S, E extends DomainEvent>(stream: string, decider: Decider<C, S, E>): Promise<LoadedState<S>> {
    return this.lock.run(stream, async () => {
      const { state, revision } = await this.fold(stream, decider);
      return { state, revision };
    });
  }

  private async fold<C, S, E extends DomainEvent>(stream: string, decider: Decider<C, S, E>): Promise<CacheEntry<S>> {
    const key = `${this.deciderId(decider)}:${stream}`;
    let entry = this.cache.get(key) as CacheEntry<S> | undefined;
    if (entry) this.cache.delete(key);
    else entry = { state: decider.initialState(), revision: undefined, byCommand: new Map() };
    const from = entry.revision === undefined ? 0n : entry.revision + 1n;
    for await (const event of this.store.readStream(stream, { fromRevision: from })) {
      entry.state = decider.evolve(entry.state, { type: event.type, data: event.data } as E);
      entry.revision = event.revision;
      const siblings = entry.byCommand.get(event.metadata.commandId);
      if (siblings) siblings.push(event);
      else entry.byCommand.set(event.metadata.commandId, [event]);
    }
    this.cache.set(key, entry);
    if (this.cache.size > this.cachedStreams) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  private deciderId(decider: object): number {
    let id = this.deciderIds.get(decider);
    if (id === undefined) this.deciderIds.set(decider, (id = nextDeciderId++));
    return id;
  }

  private envelope(stream: string, events: DomainEvent[], metadata: CommandMetadata): NewEvent[] {
    return events.map((event, index) => ({
      id: deterministicId(metadata.commandId, stream, String(index)),
      type: event.type,
      data: event.data,
      metadata: {
        actor: metadata.actor,
        commandId: metadata.commandId,
        correlationId: metadata.correlationId ?? metadata.commandId,
        causationId: metadata.causationId ?? metadata.commandId,
        ...(metadata.occurredAt ? { occurredAt: metadata.occurredAt } : {}),
      },
    }));
  }
}

let nextDeciderId = 1;

function resultOf(
  commandId: string,
  stream: string,
  revision: bigint | undefined,
  events: readonly RecordedEvent[],
  replayed: boolean,
): CommandResult {
  return {
    commandId,
    stream,
    position: events.length ? events[events.length - 1]!.position : null,
    revision: revision === undefined ? null : revision.toString(),
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      stream: e.stream,
      revision: e.revision.toString(),
      position: e.position,
    })),
    replayed,
  };
}
