import type { Clock } from '../clock.js';
import { ChainedEventStore } from '../event-store/chained-event-store.js';
import { WrongExpectedRevisionError, type EventStore } from '../event-store/event-store.js';
import type { CommandSpans, CommandSpansOptions } from './command-spans.js';
import { executeBatch, takeBatch, type BatchContext, type Execution } from './command-batch.js';
import type { Decider, DomainEvent } from './decider.js';
import { envelope, resultOf, type CommandMetadata, type CommandResult } from './envelope.js';
import { StreamQueues } from './stream-queues.js';
import { StreamStateCache } from './stream-state-cache.js';

export type { CommandMetadata, CommandResult, WrittenEvent } from './envelope.js';

export interface LoadedState<S> {
  state: S;
  revision: bigint | undefined;
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
  /** How each stream's idempotency index is kept ({@link CommandSpans}; the defaults serve). */
  commandSpans?: CommandSpansOptions;
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
 * Idempotency: a command whose id already produced events in the stream (the index the
 * {@link StreamStateCache} keeps) gets the original result back without deciding again;
 * its event ids derive from the command id ({@link envelope}), so even two racing retries
 * write once.
 *
 * The jobs are split by seam: {@link StreamQueues} (one runner per stream),
 * {@link StreamStateCache} (folded states and the idempotency index), {@link executeBatch}
 * (batching), `envelope.ts` (event envelopes and results); this file runs one command alone,
 * with retries, and hands the rest to them.
 */
export class CommandProcessor {
  private readonly queues = new StreamQueues<Queued>((stream, queue) => this.step(stream, queue));
  private readonly cache: StreamStateCache;
  private readonly batches: BatchContext;
  private readonly maxAttempts: number;
  /** Commands that wrote events, and the appends that recorded them: their ratio is the batching gain. */
  readonly stats = { commands: 0, appends: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    options: CommandProcessorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.cache = new StreamStateCache(store, options.cachedStreams ?? 2_000, options.commandSpans);
    const prepareData =
      options.prepareData ??
      (store instanceof ChainedEventStore
        ? (type: string, data: unknown) => store.registry.validateForWrite(type, data)
        : undefined);
    this.batches = { store, cache: this.cache, clock, prepareData, stats: this.stats };
  }

  execute<C, S, E extends DomainEvent>(
    stream: string,
    decider: Decider<C, S, E>,
    command: C,
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    return new Promise((resolve, reject) =>
      this.queues.enqueue(stream, {
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
      this.queues.enqueue(stream, {
        kind: 'load',
        decider: decider as unknown as Decider<unknown, unknown, DomainEvent>,
        resolve: resolve as (result: LoadedState<unknown>) => void,
        reject,
      }),
    );
  }

  /** Runs what is at the head of a stream's queue: a load, one command alone, or a batch. */
  private async step(stream: string, queue: Queued[]): Promise<void> {
    const first = queue[0]!;
    if (first.kind === 'load') {
      queue.shift();
      try {
        const { state, revision } = await this.cache.fold(stream, first.decider);
        first.resolve({ state, revision });
      } catch (error) {
        first.reject(error);
      }
      return;
    }
    const batch = takeBatch(queue);
    if (batch.length === 1) return this.executeAlone(stream, batch[0]!);
    const leftover = await executeBatch(this.batches, stream, batch);
    if (leftover === false) {
      for (const execution of batch) execution.alone = true;
      queue.unshift(...batch);
    } else queue.unshift(...leftover); // past the append size: the next batch
  }

  /** One command: decide against the folded state, append, retry on a conflict. */
  private async executeAlone(stream: string, execution: Execution): Promise<void> {
    const { decider, command, metadata } = execution;
    try {
      for (let attempt = 1; ; attempt++) {
        const entry = await this.cache.fold(stream, decider);
        const earlier = entry.byCommand.has(metadata.commandId) && (await this.cache.recall(stream, entry, metadata.commandId));
        if (earlier) return execution.resolve(resultOf(metadata.commandId, stream, entry.revision, earlier, true));
        const expected = entry.revision ?? 'no_stream';
        if (metadata.expectedRevision !== undefined && metadata.expectedRevision !== expected)
          throw new WrongExpectedRevisionError(stream, metadata.expectedRevision, expected);
        const decided = decider.decide(command, entry.state, { now: this.clock.now() });
        if (decided.length === 0) return execution.resolve(resultOf(metadata.commandId, stream, entry.revision, [], false));
        try {
          this.stats.commands += 1;
          this.stats.appends += 1;
          const appended = await this.store.append(stream, envelope(stream, decided, metadata), expected);
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
}
