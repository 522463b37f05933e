import type { Actor, NewEvent, RecordedEvent } from '../event-store/event-store.js';
import type { Position } from '../event-store/position.js';
import { deterministicId } from '../ids.js';
import type { DomainEvent } from './decider.js';

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

/**
 * The envelope of a command's decided events: each event id derives from the command id, the
 * stream and the event's index (so a retried command writes once), the actor and the command
 * id are recorded, and the correlation and causation default to the command itself.
 */
export function envelope(stream: string, events: readonly DomainEvent[], metadata: CommandMetadata): NewEvent[] {
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

/** The answer to a command: the events it wrote (or had written, when `replayed`) and where the stream stands. */
export function resultOf(
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
