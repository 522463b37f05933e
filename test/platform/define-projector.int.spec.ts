import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { defineEvent, EventRegistry } from '../../src/platform/event-store/event-registry.js';
import type { NewEvent } from '../../src/platform/event-store/event-store.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { chainHash, genesisHash } from '../../src/platform/integrity/hash-chain.js';
import { defineProjector, onEach, type EventMapOf } from '../../src/platform/projections/define-projector.js';
import { ProjectionRunner } from '../../src/platform/projections/projection-runner.js';
import type { Projector } from '../../src/platform/projections/projector.js';
import { EmbeddedReadModelStore } from '../../src/platform/read-models/embedded/embedded-read-model-store.js';
import type { Doc } from '../../src/platform/read-models/read-model-store.js';
import { actor } from '../support/test-events.js';

/** Version 2 of a box's opening; version 1 stored its size in centimetres as `{ box, cm }`. */
const Opened = defineEvent({
  type: 'Opened',
  schemaVersion: 2,
  schema: z.object({ boxId: z.string(), sizeMm: z.number().int() }),
  upcasters: { 1: (data) => ({ boxId: (data as { box: string }).box, sizeMm: (data as { cm: number }).cm * 10 }) },
});
const Closed = defineEvent({ type: 'Closed', schemaVersion: 1, schema: z.object({ boxId: z.string() }) });
const Painted = defineEvent({ type: 'Painted', schemaVersion: 1, schema: z.object({ boxId: z.string(), colour: z.string() }) });
const boxEvents = [Opened, Closed, Painted];
type BoxEvents = EventMapOf<typeof boxEvents>;

interface BoxDoc extends Doc {
  sizeMm: number;
  closed: boolean;
  colour?: string;
}

/** Reads openings and closings, not paintings: a painting must leave the boxes untouched. */
const boxes = defineProjector<BoxEvents>({
  name: 'boxes',
  version: 4,
  indexes: { boxes: [{ fields: { sizeMm: 1 } }] },
  on: {
    async Opened({ data }, context) {
      await context
        .collection<BoxDoc>('boxes')
        .replaceOne({ _id: data.boxId }, { _id: data.boxId, sizeMm: data.sizeMm, closed: false }, { upsert: true });
    },
    async Closed({ data }, context) {
      await context.collection<BoxDoc>('boxes').updateOne({ _id: data.boxId }, { $set: { closed: true } });
    },
  },
});

const event = (type: string, data: unknown, id: string): NewEvent => ({
  id,
  type,
  data,
  metadata: { actor, commandId: id, correlationId: id, causationId: id },
});

describe('defineProjector', () => {
  let dir: string;
  let storage: SqliteEventStorage;
  let events: ChainedEventStore;
  let readModels: EmbeddedReadModelStore;
  let runner: ProjectionRunner | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-define-projector-'));
    storage = new SqliteEventStorage(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
    events = new ChainedEventStore(storage, new EventRegistry().register(...boxEvents), new FixedClock('2026-01-01T00:00:00Z'));
    readModels = new EmbeddedReadModelStore(join(dir, 'read-models.sqlite'));
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await readModels.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const project = async (projector: Projector) => {
    runner = new ProjectionRunner(events, readModels, [projector], { batchSize: 10, pollIntervalMs: 20 });
    await runner.start();
    expect(await runner.catchUp(5_000)).toBe(true);
    return (await runner.collection<BoxDoc>(projector.name, 'boxes')).find({}, { sort: { _id: 1 } });
  };

  it('takes its event types from the handlers it has, and keeps its name, version and indexes', () => {
    expect([...boxes.eventTypes].sort()).toEqual(['Closed', 'Opened']);
    expect(boxes).toMatchObject({ name: 'boxes', version: 4, indexes: { boxes: [{ fields: { sizeMm: 1 } }] } });
    expect(boxes).not.toHaveProperty('on');
  });

  it('hands each event to the handler of its type, and ignores a type it has no handler for', async () => {
    await events.append('box-a', [event('Opened', { boxId: 'a', sizeMm: 300 }, 'e1')], 'no_stream');
    await events.append('box-a', [event('Painted', { boxId: 'a', colour: 'red' }, 'e2')], 0n);
    await events.append('box-b', [event('Opened', { boxId: 'b', sizeMm: 120 }, 'e3')], 'no_stream');
    await events.append('box-b', [event('Closed', { boxId: 'b' }, 'e4')], 0n);
    expect(await project(boxes)).toEqual([
      { _id: 'a', sizeMm: 300, closed: false },
      { _id: 'b', sizeMm: 120, closed: true },
    ]);
  });

  it('gives a handler the data as its schema’s current version reads it (an old version upcast)', async () => {
    // Written as an older release wrote it: version 1 stored `{ box, cm }`.
    const stream = 'box-old';
    const metadata = {
      schemaVersion: 1,
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedAt: '2025-01-01T00:00:00.000Z',
      actor,
      commandId: 'legacy',
      correlationId: 'legacy',
      causationId: 'legacy',
      prevHash: genesisHash(stream),
    };
    const data = { box: 'old', cm: 42 };
    const hash = chainHash(metadata.prevHash, { stream, revision: 0n, type: 'Opened', data, metadata });
    await storage.append(stream, [{ id: 'legacy-1', type: 'Opened', data, metadata: { ...metadata, hash } }], 'no_stream');
    expect(await project(boxes)).toEqual([{ _id: 'old', sizeMm: 420, closed: false }]);
  });

  it('onEach gives one handler to several types, and only those are read', async () => {
    const touched = defineProjector<BoxEvents>({
      name: 'touched',
      version: 1,
      on: onEach(['Opened', 'Painted'] as const, async ({ id, data }, context) => {
        const { boxId } = data as { boxId: string };
        await context
          .collection<BoxDoc>('boxes')
          .updateOne({ _id: boxId }, { $inc: { sizeMm: 1 }, $set: { closed: false, colour: id } }, { upsert: true });
      }),
    });
    expect([...touched.eventTypes].sort()).toEqual(['Opened', 'Painted']);
    await events.append('box-c', [event('Opened', { boxId: 'c', sizeMm: 5 }, 'e5')], 'no_stream');
    await events.append('box-c', [event('Painted', { boxId: 'c', colour: 'blue' }, 'e6')], 0n);
    await events.append('box-c', [event('Closed', { boxId: 'c' }, 'e7')], 1n);
    expect(await project(touched)).toEqual([{ _id: 'c', sizeMm: 2, closed: false, colour: 'e6' }]);
  });

  it('types each handler by its event’s schema (tsc checks the expected errors below)', () => {
    const typed = defineProjector<BoxEvents>({
      name: 'typed',
      version: 1,
      on: {
        async Opened({ data }) {
          const size: number = data.sizeMm;
          // @ts-expect-error: an opening has no colour
          void data.colour;
          void size;
        },
        async Painted({ data }) {
          // @ts-expect-error: a colour is a string, not a number
          const colour: number = data.colour;
          void colour;
        },
        // @ts-expect-error: no event of the map is called Opend
        async Opend() {},
      },
    });
    expect(typed.eventTypes).toContain('Opened');
  });
});
