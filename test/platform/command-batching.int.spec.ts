import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FixedClock } from '../../src/platform/clock.js';
import { CommandProcessor, type CommandMetadata, type CommandResult } from '../../src/platform/commands/command-processor.js';
import type { Decider } from '../../src/platform/commands/decider.js';
import { refusal, RuleViolation } from '../../src/platform/errors/domain-errors.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { defineEvent, EventRegistry, InvalidEventDataError } from '../../src/platform/event-store/event-registry.js';
import { WrongExpectedRevisionError } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { collect } from '../support/test-events.js';

/**
 * A running total with a cap. Each event carries the total it brings the stream to, so an
 * event decided against a state that missed an earlier command's event would show it. `bonus`
 * has a schema default the decider never writes: the state must fold what is recorded.
 */
const Added = defineEvent({
  type: 'Added',
  schemaVersion: 1,
  schema: z.object({ amount: z.number().int(), total: z.number().int(), bonus: z.number().int().default(0) }),
});
type Event = { type: 'Added'; data: { amount: number; total: number; bonus?: number } };
type Command = { type: 'Add'; amount: number } | { type: 'Garble' };
type State = { total: number; count: number };
const CAP = 100;
const counter: Decider<Command, State, Event> = {
  initialState: () => ({ total: 0, count: 0 }),
  // In place, as the register's evolve does.
  evolve: (state, event) => {
    state.total = event.data.total + event.data.bonus!;
    state.count += 1;
    return state;
  },
  decide: (command, state) => {
    if (command.type === 'Garble') return [{ type: 'Added', data: { amount: 1, total: 'many' as unknown as number } }];
    if (command.amount < 0) throw refusal('NEGATIVE', 'the counter’s own rule', 'only additions');
    if (command.amount === 0) return [];
    if (state.total + command.amount > CAP) throw refusal('CAP', 'the counter’s own rule', 'over the cap');
    return [{ type: 'Added', data: { amount: command.amount, total: state.total + command.amount } }];
  },
};
const actor = { keyId: 'test', role: 'admin' };
const meta = (commandId: string, extra: Partial<CommandMetadata> = {}): CommandMetadata => ({ commandId, actor, ...extra });
const add = (amount: number): Command => ({ type: 'Add', amount });

/** What a caller can observe of an outcome, without positions (two streams are compared). */
function observed(outcome: PromiseSettledResult<CommandResult>) {
  if (outcome.status === 'rejected') {
    const error = outcome.reason as Error;
    return { error: error instanceof RuleViolation ? error.rule : error.name };
  }
  const { revision, replayed, events } = outcome.value;
  return { revision, replayed, events: events.map((e) => `${e.type}@${e.revision}`) };
}

describe('command processor: commands queued on one stream are decided in order and appended together', () => {
  let dir: string;
  let store: ChainedEventStore;
  const clock = new FixedClock('2026-01-01T00:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-batch-'));
    store = new ChainedEventStore(new SqliteEventStorage(join(dir, 'events.sqlite')), new EventRegistry().register(Added), clock);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const data = async (stream: string) => (await collect(store.readStream(stream))).map((e) => e.data);

  it('writes the same events, revisions and answers as the same commands run one after another, in fewer appends', async () => {
    const commands = [5, 3, -1, 0, 7, 2, 60, 30, 4, 0, -2, 9, 1].map(add);
    const batched = new CommandProcessor(store, clock);
    const sequential = new CommandProcessor(store, clock);

    const concurrent = await Promise.allSettled(
      commands.map((command, i) => batched.execute('counter-a', counter, command, meta(`a-${i}`))),
    );
    const oneByOne: PromiseSettledResult<CommandResult>[] = [];
    for (const [i, command] of commands.entries()) {
      const [outcome] = await Promise.allSettled([sequential.execute('counter-b', counter, command, meta(`b-${i}`))]);
      oneByOne.push(outcome!);
    }

    expect(concurrent.map(observed)).toEqual(oneByOne.map(observed));
    expect(await data('counter-a')).toEqual(await data('counter-b'));
    expect(await data('counter-a')).toEqual([
      { amount: 5, total: 5, bonus: 0 },
      { amount: 3, total: 8, bonus: 0 },
      { amount: 7, total: 15, bonus: 0 },
      { amount: 2, total: 17, bonus: 0 },
      { amount: 60, total: 77, bonus: 0 },
      { amount: 4, total: 81, bonus: 0 },
      { amount: 9, total: 90, bonus: 0 },
      { amount: 1, total: 91, bonus: 0 },
    ]);
    // The first command found the stream free and ran alone; the others queued behind it.
    expect(batched.stats).toEqual({ commands: 8, appends: 2 });
    expect(sequential.stats).toEqual({ commands: 8, appends: 8 });
    // The folded state the processor keeps is the recorded one (bonus defaulted to 0).
    expect((await batched.load('counter-a', counter)).state).toEqual({ total: 91, count: 8 });
    expect((await new CommandProcessor(store, clock).load('counter-a', counter)).state).toEqual({ total: 91, count: 8 });
  });

  it('keeps each append of a batch under the append size EventStoreDB accepts, in order, with the same answers', async () => {
    const Padded = defineEvent({ type: 'Padded', schemaVersion: 1, schema: z.object({ n: z.number().int(), text: z.string() }) });
    const padder: Decider<{ type: 'Pad'; n: number }, number, { type: 'Padded'; data: { n: number; text: string } }> = {
      initialState: () => 0,
      evolve: (count) => count + 1,
      // 100 kB each: twenty of them are about 2 MB, twice EventStoreDB's default MaxAppendSize.
      decide: (command, count) => [{ type: 'Padded', data: { n: count * 1000 + command.n, text: 'x'.repeat(100_000) } }],
    };
    const padded = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'padded.sqlite')),
      new EventRegistry().register(Padded),
      clock,
    );
    try {
      const processor = new CommandProcessor(padded, clock);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, n) => processor.execute('pad-a', padder, { type: 'Pad', n }, meta(`pad-${n}`))),
      );
      expect(outcomes.map((o) => o.revision)).toEqual(Array.from({ length: 20 }, (_, n) => String(n)));
      const recorded = await collect(padded.readStream('pad-a'));
      // Each event was decided against the state the events before it left, batches or not.
      expect(recorded.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, n) => n * 1000 + n));
      // The first ran alone; the other nineteen (1.9 MB) in appends of at most 768 KiB: seven each.
      expect(processor.stats).toEqual({ commands: 20, appends: 4 });
    } finally {
      await padded.close();
    }
  });

  it('refuses only the command whose rule fails, or whose event fails its schema', async () => {
    const processor = new CommandProcessor(store, clock);
    const outcomes = await Promise.allSettled([
      processor.execute('counter-c', counter, add(1), meta('first')),
      processor.execute('counter-c', counter, add(2), meta('before')),
      processor.execute('counter-c', counter, add(-5), meta('negative')),
      processor.execute('counter-c', counter, { type: 'Garble' }, meta('garbled')),
      processor.execute('counter-c', counter, add(500), meta('over-cap')),
      processor.execute('counter-c', counter, add(3), meta('after')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    expect(((outcomes[2] as PromiseRejectedResult).reason as RuleViolation).rule).toBe('NEGATIVE');
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidEventDataError);
    expect(((outcomes[4] as PromiseRejectedResult).reason as RuleViolation).rule).toBe('CAP');
    expect((outcomes[1] as PromiseFulfilledResult<CommandResult>).value.revision).toBe('1');
    expect((outcomes[5] as PromiseFulfilledResult<CommandResult>).value.revision).toBe('2');
    expect(await data('counter-c')).toEqual([
      { amount: 1, total: 1, bonus: 0 },
      { amount: 2, total: 3, bonus: 0 },
      { amount: 3, total: 6, bonus: 0 },
    ]);
    expect(processor.stats).toEqual({ commands: 3, appends: 2 });
  });

  it('answers a repeated command id with the original result, inside a batch and across batches', async () => {
    const processor = new CommandProcessor(store, clock);
    const first = await Promise.all([
      processor.execute('counter-d', counter, add(1), meta('one')),
      processor.execute('counter-d', counter, add(2), meta('two')),
      processor.execute('counter-d', counter, add(3), meta('three')),
    ]);
    const again = await Promise.all([
      processor.execute('counter-d', counter, add(4), meta('four')),
      processor.execute('counter-d', counter, add(99), meta('two')),
      processor.execute('counter-d', counter, add(5), meta('five')),
      processor.execute('counter-d', counter, add(99), meta('five')),
      processor.execute('counter-d', counter, add(99), meta('one')),
    ]);
    expect(again[0]).toMatchObject({ revision: '3', replayed: false });
    expect(again[1]).toEqual({ ...first[1], revision: '3', replayed: true });
    expect(again[2]).toMatchObject({ revision: '4', replayed: false });
    expect(again[3]).toEqual({ ...again[2], replayed: true });
    expect(again[4]).toEqual({ ...first[0], revision: '4', replayed: true });
    expect((await data('counter-d')).map((d) => (d as { amount: number }).amount)).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps the client's If-Match: met by the revision the earlier commands of the batch bring, refused when stale", async () => {
    const processor = new CommandProcessor(store, clock);
    const outcomes = await Promise.allSettled([
      processor.execute('counter-e', counter, add(1), meta('first')),
      processor.execute('counter-e', counter, add(2), meta('second')),
      processor.execute('counter-e', counter, add(3), meta('named', { expectedRevision: 1n })),
      processor.execute('counter-e', counter, add(4), meta('stale', { expectedRevision: 1n })),
      processor.execute('counter-e', counter, add(5), meta('last')),
    ]);
    expect(outcomes.map(observed)).toEqual([
      { revision: '0', replayed: false, events: ['Added@0'] },
      { revision: '1', replayed: false, events: ['Added@1'] },
      { revision: '2', replayed: false, events: ['Added@2'] },
      { error: 'WrongExpectedRevisionError' },
      { revision: '3', replayed: false, events: ['Added@3'] },
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ expected: 1n, actual: 2n });
    expect(outcomes[3]!.status === 'rejected' && outcomes[3].reason).toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('serves a load in its place in the queue: after the commands before it, before those after it', async () => {
    const processor = new CommandProcessor(store, clock);
    const [, loaded] = await Promise.all([
      processor.execute('counter-f', counter, add(1), meta('first')),
      processor.load('counter-f', counter).then(({ state, revision }) => ({ state: { ...state }, revision })),
      processor.execute('counter-f', counter, add(2), meta('second')),
    ]);
    expect(loaded).toEqual({ state: { total: 1, count: 1 }, revision: 0n });
  });

  it('runs the commands of a batch again one by one when another process wrote first', async () => {
    // Two processors stand for two processes; each queues a batch deciding from the same state.
    const a = new CommandProcessor(store, clock);
    const b = new CommandProcessor(store, clock);
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6].flatMap((n) => [
        a.execute('counter-g', counter, add(n), meta(`a-${n}`)),
        b.execute('counter-g', counter, add(10 * n), meta(`b-${n}`)),
      ]),
    );
    const refused = outcomes
      .filter((o) => o.status === 'rejected')
      .map((o) => ((o as PromiseRejectedResult).reason as RuleViolation).rule);
    expect(refused.every((rule) => rule === 'CAP')).toBe(true);
    const stored = (await data('counter-g')) as Array<{ amount: number; total: number }>;
    // Every event was decided against everything recorded before it: a linear history.
    let total = 0;
    for (const event of stored) expect(event.total).toBe((total += event.amount));
    expect(total).toBeLessThanOrEqual(CAP);
    expect(stored.length + refused.length).toBe(12);
  });
});
