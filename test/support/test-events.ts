import { z } from 'zod';
import { defineEvent, EventRegistry } from '../../src/platform/event-store/event-registry.js';
import type { NewEvent } from '../../src/platform/event-store/event-store.js';
import { randomUUID } from 'node:crypto';

/** Version 2 of a test event; version 1 stored `{ count }`, lifted by the upcaster. */
export const Counted = defineEvent({
  type: 'Counted',
  schemaVersion: 2,
  schema: z.object({ n: z.number().int(), note: z.string().optional() }),
  upcasters: { 1: (data) => ({ n: (data as { count: number }).count }) },
});

export const Noted = defineEvent({
  type: 'Noted',
  schemaVersion: 1,
  schema: z.object({ text: z.string() }),
});

export const testRegistry = () => new EventRegistry().register(Counted, Noted);

export const actor = { keyId: 'test-key', role: 'admin' };

export function counted(n: number, id: string = randomUUID()): NewEvent {
  const commandId = `cmd-${id}`;
  return { id, type: 'Counted', data: { n }, metadata: { actor, commandId, correlationId: commandId, causationId: commandId } };
}

export function noted(text: string, id: string = randomUUID()): NewEvent {
  return { id, type: 'Noted', data: { text }, metadata: { actor, commandId: id, correlationId: id, causationId: id } };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export const uniqueStream = (category = 'test') => `${category}-${randomUUID().replaceAll('-', '')}`;
