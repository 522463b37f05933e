import type { Clock } from '../clock.js';
import { ChainedEventStore } from '../event-store/chained-event-store.js';
import {
  APPEND_BYTES_BUDGET,
  WrongExpectedRevisionError,
  eventBytes,
  type Actor,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store/event-store.js';
import type { Position } from '../event-store/position.js';
import { deterministicId } from '../ids.js';
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
  /**
   * The data as the store will record it (validated by its schema, defaults filled in). A
   * batch folds each command's events into the state before the next command is decided,
   * so it must fold what will be read back. Defaults to the registry of a ChainedEventStore.
   */
  prepareData?: (type: string, data: unknown) => unknown;
}

interface Execution {
  kind: 'execute';
  decider: Decider<unknown, unknown, DomainEvent>;
  command: unknown;
  metadata: CommandMetadata;
  /** After a batch could not be appended: run on its own, as it would without batching. */
  alone: boolean;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

interface Loading {
  kind: 'load';
  decider: Decider<unknown, unknown, DomainEvent>;
  resolve(result: LoadedState<unknown>): void;
  reject(error: unknown): void;
}

type Queued = Execution | Loading;

/**
 * The one generic command handler: load (fold the stream), decide, append at the
 * loaded revision, and on a conflict with another writer reload and decide again, a
 * bounded number of times. Commands on one stream run one at a time in this process, in
 * arrival order; other processes are kept out by the expected revision.
 *
 * Batching: when a stream is free, every command queued on it meanwhile (with the same
 * decider) is decided in order against the state the earlier ones leave, and all their
 * events are appended in one append: one durable commit for the lot. A refusal answers only
 * its own command. Nobody is answered before that append is durable; if it fails (a conflict
 * with another process, an event its schema refuses), the batch's commands run again one
 * at a time exactly as they would have without batching.
 *
 * Idempotency: a command whose id already produced events in the stream gets the
 * original result back without deciding again; its event ids derive from the command id,
 * so even two racing retries write once.
 */
export class CommandProcessor {
  private readonly queues = new Map<string, Queued[]>();
  private readonly cache = new Map<string, CacheEntry<unknown>>();
  private readonly deciderIds = new WeakMap<object, number>();
  private readonly maxAttempts: number;
  private readonly cachedStreams: number;
  private readonly prepareData: ((type: string, data: unknown) => unknown) | undefined;
  /** Commands that wrote events, and the appends that recorded them: their ratio is the batching gain. */
  readonly stats = { commands: 0, appends: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    options: CommandProcessorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.cachedStreams = options.cachedStreams ?? 2_000;
    this.prepareData =
      options.prepareData ??
      (store instanceof ChainedEventStore ? (type, data) => store.registry.validateForWrite(type, data) : undefined);
  }

  execute<C, S, E extends DomainEvent>(
    stream: string,
    decider: Decider<C, S, E>,
    command: C,
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    return new Promise((resolve, reject) =>
      this.enqueue(stream, {
        kind: 'execute',
        decider: decider as unknown as Decider<unknown, unknown, DomainEvent>,
        command,
        metadata,
        alone: false,
        resolve,
        reject,
      }),
    );
  }

  /** The current state of a stream, for a handler that needs another stream's facts. */
  load<C, S, E extends DomainEvent>(stream: string, decider: Decider<C, S, E>): Promise<LoadedState<S>> {
    return new Promise((resolve, reject) =>
      this.enqueue(stream, {
        kind: 'load',
        decider: decider as unknown as Decider<unknown, unknown, DomainEvent>,
        resolve: resolve as (result: LoadedState<unknown>) => void,
        reject,
      }),
    );
  }

  private enqueue(stream: string, item: Queued): void {
    const queue = this.queues.get(stream);
    if (queue) return void queue.push(item);
    this.queues.set(stream, [item]);
    void this.drain(stream);
  }

  /** Runs what is queued on one stream, in order, until nothing is; then forgets the stream. */
  private async drain(stream: string): Promise<void> {
    const queue = this.queues.get(stream)!;
    while (queue.length > 0) {
      const first = queue[0]!;
      if (first.kind === 'load') {
        queue.shift();
        try {
          const { state, revision } = await this.fold(stream, first.decider);
          first.resolve({ state, revision });
        } catch (error) {
          first.reject(error);
        }
        continue;
      }
      const batch = takeBatch(queue);
      if (batch.length === 1) {
        await this.executeAlone(stream, batch[0]!);
        continue;
      }
      const leftover = await this.executeBatch(stream, batch);
      if (leftover === false) {
        for (const execution of batch) execution.alone = true;
        queue.unshift(...batch);
      } else queue.unshift(...leftover); // past the append size: the next batch
    }
    this.queues.delete(stream);
  }

  /** One command: decide against the folded state, append, retry on a conflict. */
  private async executeAlone(stream: string, execution: Execution): Promise<void> {
    const { decider, command, metadata } = execution;
    try {
      for (let attempt = 1; ; attempt++) {
        const entry = await this.fold(stream, decider);
        const earlier = entry.byCommand.get(metadata.commandId);
        if (earlier) return execution.resolve(resultOf(metadata.commandId, stream, entry.revision, earlier, true));
        const expected = entry.revision ?? 'no_stream';
        if (metadata.expectedRevision !== undefined && metadata.expectedRevision !== expected)
          throw new WrongExpectedRevisionError(stream, metadata.expectedRevision, expected);
        const decided = decider.decide(command, entry.state, { now: this.clock.now() });
        if (decided.length === 0) return execution.resolve(resultOf(metadata.commandId, stream, entry.revision, [], false));
        try {
          this.stats.commands += 1;
          this.stats.appends += 1;
          const appended = await this.store.append(stream, this.envelope(stream, decided, metadata), expected);
          return execution.resolve(
            resultOf(metadata.commandId, stream, appended.nextExpectedRevision, appended.events, !appended.written),
          );
        } catch (error) {
          const retry =
            error instanceof WrongExpectedRevisionError && metadata.expectedRevision === undefined && attempt < this.maxAttempts;
          if (!retry) throw error;
        }
      }
    } catch (error) {
      execution.reject(error);
    }
  }

  /**
   * Several commands on one stream, decided in order against the evolving state and
   * appended together. Answers them all and returns true once the append is durable;
   * returns false, answering none, when the batch must run again one command at a time. The
   * append stays under {@link APPEND_BYTES_BUDGET}: the commands that would take it past are
   * not decided, and are returned to be run next.
   */
  private async executeBatch(stream: string, batch: Execution[]): Promise<Execution[] | false> {
    const decider = batch[0]!.decider;
    const key = this.cacheKey(stream, decider);
    let entry: CacheEntry<unknown> | undefined;
    try {
      entry = await this.fold(stream, decider);
      const start = entry.revision;
      let revision = start;
      const outcomes: Array<(appended: AppendResult | undefined) => void> = [];
      const events: NewEvent[] = [];
      let deciding = 0;
      let bytes = 0;
      let leftover: Execution[] = [];
      for (let i = 0; i < batch.length; i++) {
        const { command, metadata, resolve, reject } = batch[i]!;
        const earlier = entry.byCommand.get(metadata.commandId);
        const at = revision;
        if (earlier) {
          outcomes.push(() => resolve(resultOf(metadata.commandId, stream, at, earlier, true)));
          continue;
        }
        const expected = revision ?? 'no_stream';
        if (metadata.expectedRevision !== undefined && metadata.expectedRevision !== expected) {
          const error = new WrongExpectedRevisionError(stream, metadata.expectedRevision, expected);
          outcomes.push(() => reject(error));
          continue;
        }
        let decided: DomainEvent[];
        let recorded: DomainEvent[];
        try {
          decided = decider.decide(command, entry.state, { now: this.clock.now() });
          // What will be read back: the next command is decided against that.
          recorded = this.prepareData
            ? decided.map((event) => ({ type: event.type, data: this.prepareData!(event.type, event.data) }))
            : decided;
        } catch (error) {
          outcomes.push(() => reject(error));
          continue;
        }
        if (decided.length === 0) {
          outcomes.push(() => resolve(resultOf(metadata.commandId, stream, at, [], false)));
          continue;
        }
        const enveloped = this.envelope(stream, decided, metadata);
        const size = enveloped.reduce((sum, event) => sum + eventBytes(event), 0);
        if (events.length > 0 && bytes + size > APPEND_BYTES_BUDGET) {
          leftover = batch.slice(i); // decided again, against the state this append leaves
          break;
        }
        bytes += size;
        // Evolve may update the state in place: from here on the cached entry is only good
        // if the append succeeds (it is dropped otherwise).
        for (const event of recorded) entry.state = decider.evolve(entry.state, event);
        const from = events.length;
        events.push(...enveloped);
        const count = decided.length;
        revision = (revision ?? -1n) + BigInt(count);
        outcomes.push((appended) => {
          const mine = appended!.events.slice(from, from + count);
          // Each command's answer names the revision its own events brought the stream to.
          const after = appended!.written ? mine[mine.length - 1]!.revision : appended!.nextExpectedRevision;
          resolve(resultOf(metadata.commandId, stream, after, mine, !appended!.written));
        });
        deciding += 1;
      }
      let appended: AppendResult | undefined;
      if (events.length > 0) {
        this.stats.commands += deciding;
        this.stats.appends += 1;
        appended = await this.store.append(stream, events, start ?? 'no_stream');
        if (appended.written) {
          entry.revision = appended.nextExpectedRevision;
          for (const event of appended.events) {
            const siblings = entry.byCommand.get(event.metadata.commandId);
            if (siblings) siblings.push(event);
            else entry.byCommand.set(event.metadata.commandId, [event]);
          }
        } else if (this.cache.get(key) === entry) this.cache.delete(key);
      }
      for (const outcome of outcomes) outcome(appended);
      return leftover;
    } catch {
      // The state may hold events that were not recorded: fold it again from the store.
      if (entry && this.cache.get(key) === entry) this.cache.delete(key);
      return false;
    }
  }

  private async fold(stream: string, decider: Decider<unknown, unknown, DomainEvent>): Promise<CacheEntry<unknown>> {
    const key = this.cacheKey(stream, decider);
    let entry = this.cache.get(key);
    if (entry) this.cache.delete(key);
    else entry = { state: decider.initialState(), revision: undefined, byCommand: new Map() };
    const from = entry.revision === undefined ? 0n : entry.revision + 1n;
    for await (const event of this.store.readStream(stream, { fromRevision: from })) {
      entry.state = decider.evolve(entry.state, { type: event.type, data: event.data });
      entry.revision = event.revision;
      const siblings = entry.byCommand.get(event.metadata.commandId);
      if (siblings) siblings.push(event);
      else entry.byCommand.set(event.metadata.commandId, [event]);
    }
    this.cache.set(key, entry);
    if (this.cache.size > this.cachedStreams) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  private cacheKey(stream: string, decider: object): string {
    return `${this.deciderId(decider)}:${stream}`;
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

/**
 * The commands at the head of a queue that can be decided together: the same decider, no
 * command id twice (the second must see the first's result), none that must run alone.
 */
function takeBatch(queue: Queued[]): Execution[] {
  const first = queue[0] as Execution;
  let count = 1;
  if (!first.alone) {
    const ids = new Set([first.metadata.commandId]);
    for (; count < queue.length; count++) {
      const next = queue[count]!;
      if (next.kind !== 'execute' || next.alone || next.decider !== first.decider || ids.has(next.metadata.commandId)) break;
      ids.add(next.metadata.commandId);
    }
  }
  return queue.splice(0, count) as Execution[];
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
