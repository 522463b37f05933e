import type { Clock } from '../clock.js';
import {
  APPEND_BYTES_BUDGET,
  WrongExpectedRevisionError,
  eventBytes,
  type AppendResult,
  type EventStore,
  type NewEvent,
} from '../event-store/event-store.js';
import type { Decider, DomainEvent } from './decider.js';
import { envelope, resultOf, type CommandMetadata, type CommandResult } from './envelope.js';
import type { CachedStream, StreamStateCache } from './stream-state-cache.js';

/** A command waiting on its stream's queue, with the promise it answers. */
export interface Execution {
  kind: 'execute';
  decider: Decider<unknown, unknown, DomainEvent>;
  command: unknown;
  metadata: CommandMetadata;
  /** After a batch could not be appended: run on its own, as it would without batching. */
  alone: boolean;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

/** What a batch runs with: the processor's store, cache, clock and counters. */
export interface BatchContext {
  store: EventStore;
  cache: StreamStateCache;
  clock: Clock;
  /** The data as the store will record it (see `CommandProcessorOptions.prepareData`). */
  prepareData: ((type: string, data: unknown) => unknown) | undefined;
  stats: { commands: number; appends: number };
}

/**
 * The commands at the head of a queue that can be decided together: the same decider, no
 * command id twice (the second must see the first's result), none that must run alone.
 */
export function takeBatch(queue: Array<Execution | { kind: string }>): Execution[] {
  const first = queue[0] as Execution;
  let count = 1;
  if (!first.alone) {
    const ids = new Set([first.metadata.commandId]);
    for (; count < queue.length; count++) {
      const next = queue[count]!;
      if (next.kind !== 'execute') break;
      const execution = next as Execution;
      if (execution.alone || execution.decider !== first.decider || ids.has(execution.metadata.commandId)) break;
      ids.add(execution.metadata.commandId);
    }
  }
  return queue.splice(0, count) as Execution[];
}

/**
 * Several commands on one stream, decided in order against the evolving state and
 * appended together. Answers them all once the append is durable, and returns the commands
 * left for the next batch; returns false, answering none, when the batch must run again one
 * command at a time. The append stays under {@link APPEND_BYTES_BUDGET}: the commands that
 * would take it past are not decided, and are returned to be run next.
 */
export async function executeBatch(context: BatchContext, stream: string, batch: Execution[]): Promise<Execution[] | false> {
  const { store, cache, clock, prepareData, stats } = context;
  const decider = batch[0]!.decider;
  let entry: CachedStream<unknown> | undefined;
  try {
    entry = await cache.fold(stream, decider);
    const start = entry.revision;
    let revision = start;
    const outcomes: Array<(appended: AppendResult | undefined) => void> = [];
    const events: NewEvent[] = [];
    let deciding = 0;
    let bytes = 0;
    let leftover: Execution[] = [];
    for (let i = 0; i < batch.length; i++) {
      const { command, metadata, resolve, reject } = batch[i]!;
      const earlier = entry.byCommand.has(metadata.commandId) && (await cache.recall(stream, entry, metadata.commandId));
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
        decided = decider.decide(command, entry.state, { now: clock.now() });
        // What will be read back: the next command is decided against that.
        recorded = prepareData
          ? decided.map((event) => ({ type: event.type, data: prepareData(event.type, event.data) }))
          : decided;
      } catch (error) {
        outcomes.push(() => reject(error));
        continue;
      }
      if (decided.length === 0) {
        outcomes.push(() => resolve(resultOf(metadata.commandId, stream, at, [], false)));
        continue;
      }
      const enveloped = envelope(stream, decided, metadata);
      const size = enveloped.reduce((sum, event) => sum + eventBytes(event), 0);
      if (events.length > 0 && bytes + size > APPEND_BYTES_BUDGET) {
        leftover = batch.slice(i); // decided again, against the state this append leaves
        break;
      }
      bytes += size;
      // Evolve may update the state in place: from here on the cached entry is only good
      // if the append succeeds (it is forgotten otherwise).
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
      stats.commands += deciding;
      stats.appends += 1;
      appended = await store.append(stream, events, start ?? 'no_stream');
      if (appended.written) cache.recorded(entry, appended.events, appended.nextExpectedRevision);
      else cache.forget(stream, decider, entry);
    }
    for (const outcome of outcomes) outcome(appended);
    return leftover;
  } catch {
    // The state may hold events that were not recorded: fold it again from the store.
    if (entry) cache.forget(stream, decider, entry);
    return false;
  }
}
