import type { EventStore, RecordedEvent } from '../event-store/event-store.js';
import { CommandSpans, type CommandSpansOptions } from './command-spans.js';
import type { Decider, DomainEvent } from './decider.js';

/** A stream folded by one decider: its state, its revision, and where each command id recorded its events. */
export interface CachedStream<S> {
  state: S;
  revision: bigint | undefined;
  /**
   * The idempotency index: where each command id's events lie, not the events (a stream that
   * many commands wrote, a register of half a million members, would otherwise keep every event
   * it ever recorded in memory). A command id that already wrote here gets its events back
   * ({@link StreamStateCache.recall}).
   */
  readonly byCommand: CommandSpans;
}

/**
 * The folded state of the streams commands ran on lately, per decider, read forward from
 * where it was left, and the idempotency index of each (which command id wrote which events).
 * The least recently used streams are forgotten past `capacity`. An entry is only good while
 * it holds recorded events: whoever evolved it with events that were then not recorded
 * {@link forget}s it, and the next fold reads the stream again from the start.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream<unknown>>();
  private readonly deciderIds = new WeakMap<object, number>();
  private nextDeciderId = 1;

  constructor(
    private readonly store: EventStore,
    private readonly capacity: number,
    private readonly spans: CommandSpansOptions = {},
  ) {}

  /** The stream's state as the store has it now: the cached state, advanced by what was appended since. */
  async fold<S>(stream: string, decider: Decider<unknown, S, DomainEvent>): Promise<CachedStream<S>> {
    const key = this.key(stream, decider);
    let entry = this.entries.get(key) as CachedStream<S> | undefined;
    if (entry) this.entries.delete(key);
    else entry = { state: decider.initialState(), revision: undefined, byCommand: new CommandSpans(this.spans) };
    const from = entry.revision === undefined ? 0n : entry.revision + 1n;
    for await (const event of this.store.readStream(stream, { fromRevision: from })) {
      entry.state = decider.evolve(entry.state, { type: event.type, data: event.data });
      entry.revision = event.revision;
      index(entry, event);
    }
    this.entries.set(key, entry as CachedStream<unknown>);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /**
   * The events `commandId` recorded in `stream`, read back from the store as they were
   * recorded, or undefined when it recorded none there. What a command sent again is answered with.
   * The index gives where to read; the events' own command ids decide ({@link CommandSpans}).
   */
  async recall(stream: string, entry: CachedStream<unknown>, commandId: string): Promise<RecordedEvent[] | undefined> {
    const span = entry.byCommand.spanOf(commandId);
    if (span === undefined) return undefined;
    const { from, to } = span;
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(stream, { fromRevision: BigInt(from), maxCount: to - from + 1 }))
      if (event.metadata.commandId === commandId) events.push(event);
    return events.length > 0 ? events : undefined;
  }

  /**
   * Events appended through `entry`, whose state already folds them: the stream now stands at
   * `revision`, and the index learns which command wrote each.
   */
  recorded(entry: CachedStream<unknown>, events: readonly RecordedEvent[], revision: bigint): void {
    entry.revision = revision;
    for (const event of events) index(entry, event);
  }

  /** Drops `entry` if it is still the cached one: its state holds events that were not recorded. */
  forget(stream: string, decider: object, entry: CachedStream<unknown>): void {
    const key = this.key(stream, decider);
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  private key(stream: string, decider: object): string {
    let id = this.deciderIds.get(decider);
    if (id === undefined) this.deciderIds.set(decider, (id = this.nextDeciderId++));
    return `${id}:${stream}`;
  }
}

/** The one writer of the idempotency index. */
function index(entry: CachedStream<unknown>, event: RecordedEvent): void {
  entry.byCommand.record(event.metadata.commandId, Number(event.revision));
}
