import type { Clock } from '../platform/clock.js';
import { CommandProcessor, type CommandMetadata } from '../platform/commands/command-processor.js';
import type { Decider, DomainEvent } from '../platform/commands/decider.js';
import { envelope } from '../platform/commands/envelope.js';
import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import type { Actor, NewEvent } from '../platform/event-store/event-store.js';
import { intBetween, type Random } from './random.js';

/** Who the generated events say wrote them. */
export const SEED_ACTOR: Actor = { keyId: 'seed', role: 'secretary' };

/** The correlation and causation of a command issued by someone else than the secretariat (a process manager). */
export interface SeedLink {
  actor: Actor;
  correlationId: string;
  causationId: string;
}

/**
 * The metadata of the secretariat's command `commandId` at business time `occurredAt`, or of
 * a command the `link`'s actor issues, with its correlation and causation.
 */
export function seedMetadata(commandId: string, occurredAt: string, link?: SeedLink): CommandMetadata {
  return {
    actor: link?.actor ?? SEED_ACTOR,
    commandId,
    correlationId: link?.correlationId ?? commandId,
    causationId: link?.causationId ?? commandId,
    occurredAt,
  };
}

/**
 * The envelope the command processor gives a command's events ({@link envelope}: ids from the
 * command id), as the secretariat's command `commandId` at business time `occurredAt`, or as
 * the `link`'s actor with its correlation and causation.
 */
export function seedEnvelope(
  commandId: string,
  stream: string,
  decided: readonly DomainEvent[],
  occurredAt: string,
  link?: SeedLink,
): NewEvent[] {
  return envelope(stream, decided, seedMetadata(commandId, occurredAt, link));
}

/** A stream's state and revision, folded by its decider as the command processor folds it for a handler. */
export async function loadStream<C, S, E extends DomainEvent>(
  events: ChainedEventStore,
  clock: Clock,
  stream: string,
  decider: Decider<C, S, E>,
): Promise<{ state: S; revision: bigint | 'no_stream' }> {
  const { state, revision } = await new CommandProcessor(events, clock).load(stream, decider);
  return { state, revision: revision ?? 'no_stream' };
}

export async function streamExists(events: ChainedEventStore, stream: string): Promise<boolean> {
  for await (const _ of events.readStream(stream, { maxCount: 1 })) return true;
  return false;
}

/** Office hours on that day (UTC, to the minute). */
export function officeHours(day: number, random: Random): string {
  const minute = intBetween(random, 8 * 60, 17 * 60 + 59);
  return new Date(day * 86_400_000 + minute * 60_000).toISOString();
}
