import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FixedClock } from '../../src/platform/clock.js';
import { CommandProcessor } from '../../src/platform/commands/command-processor.js';
import type { Decider } from '../../src/platform/commands/decider.js';
import { RuleViolation, refusal } from '../../src/platform/errors/domain-errors.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { defineEvent, EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { WrongExpectedRevisionError } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { collect } from '../support/test-events.js';

/** A counter with a cap: enough to show retries, idempotency and a rule under concurrency. */
const TicketTaken = defineEvent({ type: 'TicketTaken', schemaVersion: 1, schema: z.object({ number: z.number().int() }) });
type Event = { type: 'TicketTaken'; data: { number: number } };
const CAP = 40;
const tickets: Decider<{ type: 'Take' }, { last: number }, Event> = {
  initialState: () => ({ last: 0 }),
  evolve: (state, event) => ({ last: event.data.number }),
  decide: (_, state) => {
    if (state.last >= CAP) throw refusal('CAP', 'the ticket roll’s own rule', 'no tickets left');
    return [{ type: 'TicketTaken', data: { number: state.last + 1 } }];
  },
};
const actor = { keyId: 'test', role: 'admin' };

describe('command processor', () => {
  let dir: string;
  let store: ChainedEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-cmd-'));
    store = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite')),
      new EventRegistry().register(TicketTaken),
      new FixedClock('2026-01-01T00:00:00Z'),
    );
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a rule across processes: conflicting writers reload, decide again, and never exceed the cap', async () => {
    // Two processors stand for two processes: separate caches and locks, one store.
    const processors = [
      new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'), { maxAttempts: 100 }),
      new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'), { maxAttempts: 100 }),
    ];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        processors[i % 2]!.execute('tickets-1', tickets, { type: 'Take' }, { commandId: `take-${i}`, actor }),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(20);
    for (const reason of refused) expect((reason as RuleViolation).rule).toBe('CAP');
    const numbers = (await collect(store.readStream('tickets-1'))).map((e) => (e.data as { number: number }).number);
    expect(numbers).toEqual(Array.from({ length: CAP }, (_, i) => i + 1));
  });

  it('answers a repeated command id with the original result, even from another process', async () => {
    const a = new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'));
    const b = new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'));
    const first = await a.execute('tickets-2', tickets, { type: 'Take' }, { commandId: 'once', actor });
    await a.execute('tickets-2', tickets, { type: 'Take' }, { commandId: 'other', actor });
    const again = await b.execute('tickets-2', tickets, { type: 'Take' }, { commandId: 'once', actor });
    expect(again).toEqual({ ...first, revision: '1', replayed: true });
    expect(await collect(store.readStream('tickets-2'))).toHaveLength(2);
  });

  it('answers a repeated command id with every event it recorded, as recorded, wherever they lie in the stream', async () => {
    // Two writers of one stream under the same command id, as a script appending straight to
    // the store could: its events are not next to each other.
    const taken = (number: number, commandId: string) => ({
      id: randomUUID(),
      type: 'TicketTaken',
      data: { number },
      metadata: { actor, commandId, correlationId: commandId, causationId: commandId },
    });
    await store.append('tickets-5', [taken(1, 'split'), taken(2, 'split')], 'no_stream');
    await store.append('tickets-5', [taken(3, 'between')], 1n);
    await store.append('tickets-5', [taken(4, 'split')], 2n);
    const processor = new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'));
    await processor.execute('tickets-5', tickets, { type: 'Take' }, { commandId: 'after', actor });
    const again = await processor.execute('tickets-5', tickets, { type: 'Take' }, { commandId: 'split', actor });
    const recorded = (await collect(store.readStream('tickets-5'))).filter((e) => e.metadata.commandId === 'split');
    expect(again.replayed).toBe(true);
    expect(again.events).toEqual(
      recorded.map((e) => ({ id: e.id, type: e.type, stream: e.stream, revision: e.revision.toString(), position: e.position })),
    );
    expect(again.events.map((e) => e.revision)).toEqual(['0', '1', '3']);
    expect(again.position).toBe(recorded[2]!.position);
    expect(await collect(store.readStream('tickets-5'))).toHaveLength(5);
  });

  it('answers each repeated command id with its own events, and a new one as new, where their ids share a digest', async () => {
    // The index packed from the first command, with one digest for every id: all share one span.
    const processor = new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'), {
      commandSpans: { exactUpTo: 0, hash: () => [7, 7] },
    });
    const first = await processor.execute('tickets-6', tickets, { type: 'Take' }, { commandId: 'one', actor });
    const second = await processor.execute('tickets-6', tickets, { type: 'Take' }, { commandId: 'two', actor });
    const third = await processor.execute('tickets-6', tickets, { type: 'Take' }, { commandId: 'three', actor });
    expect(third).toMatchObject({ replayed: false, revision: '2' });
    const again = await processor.execute('tickets-6', tickets, { type: 'Take' }, { commandId: 'one', actor });
    expect(again).toEqual({ ...first, revision: '2', replayed: true });
    expect((await processor.execute('tickets-6', tickets, { type: 'Take' }, { commandId: 'two', actor })).events).toEqual(
      second.events,
    );
    expect(await collect(store.readStream('tickets-6'))).toHaveLength(3);
  });

  it('does not retry when the client named the revision it expects', async () => {
    const processor = new CommandProcessor(store, new FixedClock('2026-01-01T00:00:00Z'));
    await processor.execute('tickets-3', tickets, { type: 'Take' }, { commandId: 'c1', actor });
    await expect(
      processor.execute('tickets-3', tickets, { type: 'Take' }, { commandId: 'c2', actor, expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await collect(store.readStream('tickets-3'))).toHaveLength(1);
  });

  it('gives up after the bounded number of attempts and reports the conflict', async () => {
    // Another writer slips in before every append this processor makes.
    let rivals = 0;
    const contested = Object.create(store, {
      append: {
        value: async (...args: Parameters<ChainedEventStore['append']>) => {
          rivals++;
          await store.append(
            'tickets-4',
            [
              {
                id: randomUUID(),
                type: 'TicketTaken',
                data: { number: rivals },
                metadata: { actor, commandId: `rival-${rivals}`, correlationId: 'r', causationId: 'r' },
              },
            ],
            'any',
          );
          return store.append(...args);
        },
      },
    }) as ChainedEventStore;
    const processor = new CommandProcessor(contested, new FixedClock('2026-01-01T00:00:00Z'), { maxAttempts: 3 });
    await expect(processor.execute('tickets-4', tickets, { type: 'Take' }, { commandId: 'mine', actor })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    const takers = (await collect(store.readStream('tickets-4'))).map((e) => e.metadata.commandId);
    expect(takers).toEqual(['rival-1', 'rival-2', 'rival-3']);
  });
});
