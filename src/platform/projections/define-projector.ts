import type { z } from 'zod';
import type { EventDefinition } from '../event-store/event-registry.js';
import type { RecordedEvent } from '../event-store/event-store.js';
import type { ProjectionContext, Projector } from './projector.js';

/**
 * A typed projector: one handler per event type it reads (as Eventuous's `On<T>`), each
 * typed by its event's schema, and the projector's `eventTypes` taken from the handlers'
 * keys, so a handled type is never missing from what the runner reads.
 */

/** Event type name → the data a handler receives (the schema's output, after upcasting). */
export type EventMap = Record<string, unknown>;

/** The event map of a list of `defineEvent` definitions: how a context types the events it projects. */
export type EventMapOf<D extends readonly EventDefinition[]> = {
  [E in D[number] as E['type']]: z.infer<E['schema']>;
};

/** A recorded event of one type of a map, its data typed by the map. */
export type EventOf<M extends EventMap, K extends keyof M & string = keyof M & string> = {
  [T in K]: RecordedEvent<T, M[T]>;
}[K];

/** The handler of one event type: applies it to the projector's collections. */
export type Handler<M extends EventMap, K extends keyof M & string> = (
  event: RecordedEvent<K, M[K]>,
  context: ProjectionContext,
) => Promise<void>;

/** Handlers by event type; a key that names no event of the map does not compile. */
export type Handlers<M extends EventMap> = { readonly [K in keyof M & string]?: Handler<M, K> };

/** What {@link projectorHandlers} gives: the types read and the `apply` that hands each event to its handler. */
export interface HandledEvents {
  readonly eventTypes: readonly string[];
  apply(event: RecordedEvent, context: ProjectionContext): Promise<void>;
}

/**
 * `eventTypes` and `apply` from a table of handlers: `eventTypes` are its keys, and `apply`
 * hands each event to the handler of its type (an event of another type is ignored). For a
 * projector written as a class (a process manager); others use {@link defineProjector}.
 */
export function projectorHandlers<M extends EventMap>(on: Handlers<M>): HandledEvents {
  // Dispatch by type at run time: the one place the event's type is known only by its string.
  const table: Readonly<Record<string, ((event: never, context: ProjectionContext) => Promise<void>) | undefined>> = on;
  return {
    eventTypes: Object.freeze(Object.keys(table)),
    async apply(event, context) {
      const handler = Object.hasOwn(table, event.type) ? table[event.type] : undefined;
      if (handler) await handler(event as never, context);
    },
  };
}

/** A projector as declared: everything a {@link Projector} says but its event types and `apply`, plus its handlers. */
export type ProjectorDefinition<M extends EventMap> = Omit<Projector, 'eventTypes' | 'apply'> & { on: Handlers<M> };

/**
 * Declares a projector over the events of `M` (see {@link EventMapOf}):
 * `defineProjector<Events>({ name, version, on: { MemberAdmitted: async ({ data }, context) => … } })`.
 */
export function defineProjector<M extends EventMap>(definition: ProjectorDefinition<M>): Projector {
  const { on, ...rest } = definition;
  return { ...rest, ...projectorHandlers<M>(on) };
}

/**
 * The same handler for several event types that it reads only the envelope of (a link from
 * any caused event back to its cause, say), as entries to spread into `on`.
 */
export function onEach<
  const T extends readonly string[],
  H extends (event: RecordedEvent<T[number]>, context: ProjectionContext) => Promise<void>,
>(types: T, handler: H): { readonly [K in T[number]]: H } {
  return Object.fromEntries(types.map((type) => [type, handler])) as { readonly [K in T[number]]: H };
}
