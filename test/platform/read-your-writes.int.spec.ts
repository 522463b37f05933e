import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import type { ProjectionContext, Projector } from '../../src/platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import { readCheckpoint } from '../../src/platform/projections/projection-state.js';
import { collect, counted, noted, testRegistry, uniqueStream } from '../support/test-events.js';

/**
 * Read-your-writes through a process manager: a query given the position of a command waits
 * for the process manager that reacts to it, then for its read model to take in what the
 * process manager wrote; a read model the process manager does not feed does not wait for it.
 */
describe('read-your-writes through a process manager', () => {
  let dir: string;
  let events: ChainedEventStore;
  let readModels: EmbeddedReadModelStore;
  let runner: ProjectionRunner | undefined;
  /** The process manager's command waits on this gate, as a slow command would. */
  let openGate: () => void;
  let gate: Promise<void>;
  /** The process manager fails (and retries) while this holds. */
  let failing = false;

  /** On every `Counted`, appends a `Noted` (its "command"), and reports where it wrote. */
  const followUp: Projector = {
    name: 'follow-up',
    version: 1,
    eventTypes: ['Counted'],
    issuesCommands: true,
    emits: ['Noted'],
    async apply(event: RecordedEvent, context: ProjectionContext) {
      if (failing) throw new Error('the command cannot be carried out now');
      await gate;
      const { n } = event.data as { n: number };
      const written = await events.append(uniqueStream('note'), [noted(`after ${n}`, `${event.id.slice(0, 30)}-note`)], 'any');
      context.wrote?.(written.position);
    },
  };
  const notes: Projector = {
    name: 'notes',
    version: 1,
    eventTypes: ['Noted'],
    async apply(event, context) {
      await context.collection('notes').insertOne({ _id: event.id, text: (event.data as { text: string }).text });
    },
  };
  const counts: Projector = {
    name: 'counts',
    version: 1,
    eventTypes: ['Counted'],
    async apply(event, context) {
      await context.collection('counts').insertOne({ _id: event.id, n: (event.data as { n: number }).n });
    },
  };

  const start = async () => {
    runner = new ProjectionRunner(events, readModels, [followUp, notes, counts], { pollIntervalMs: 20 });
    await runner.start();
    return runner;
  };
  const noteTexts = async (r: ProjectionRunner) =>
    (await (await r.collection<{ _id: string; text: string }>('notes', 'notes')).find()).map((d) => d.text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-ryw-'));
    events = new ChainedEventStore(
      new SqliteEventStorage(join(dir, 'events.sqlite'), { pollIntervalMs: 20 }),
      testRegistry(),
      new FixedClock('2026-01-01T00:00:00Z'),
    );
    readModels = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
    gate = new Promise((resolve) => (openGate = resolve));
    failing = false;
  });
  afterEach(async () => {
    openGate();
    await runner?.stop();
    runner = undefined;
    await readModels.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the process manager and then for the read model it feeds to take in what it wrote', async () => {
    const r = await start();
    const { position } = await events.append(uniqueStream(), [counted(1)], 'no_stream');
    // The process manager has not carried the event out: the wait does not answer yet.
    expect(await r.waitFor(position, ['notes'], 300)).toBe(false);
    openGate();
    expect(await r.waitFor(position, ['notes'], 10_000)).toBe(true);
    expect(await noteTexts(r)).toEqual(['after 1']);
  });

  it('does not hold up a read model the process manager does not feed', async () => {
    failing = true;
    const r = await start();
    const { position } = await events.append(uniqueStream(), [counted(2)], 'no_stream');
    expect(await r.waitFor(position, ['counts'], 10_000)).toBe(true);
    expect(await (await r.collection('counts', 'counts')).count()).toBe(1);
    expect(await r.waitFor(position, ['notes'], 300)).toBe(false);
  });

  it('keeps where the process manager wrote with its checkpoint, so another process or a restart waits as far', async () => {
    openGate();
    const r = await start();
    const { position } = await events.append(uniqueStream(), [counted(3)], 'no_stream');
    expect(await r.waitFor(position, ['notes'], 10_000)).toBe(true);
    const [note] = (await collect(events.readAll({ types: ['Noted'] }))).slice(-1);
    expect(await readCheckpoint(readModels, 'follow-up', 'v1g0')).toMatchObject({ written: note!.position });
  });
});
