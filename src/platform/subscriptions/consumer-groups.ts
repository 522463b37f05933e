import { streamCategory, type EventStore, type RecordedEvent } from '../event-store/event-store.js';
import { comparePositions, positionKey, type Position } from '../event-store/position.js';
import { NotFoundError, stateConflict } from '../errors/domain-errors.js';
import type { Doc, ReadModelStore } from '../read-models/read-model-store.js';

export interface ConsumerGroupSpec {
  name: string;
  types?: string[];
  categories?: string[];
  /** Deliveries a consumer may reject before the event is parked. */
  maxDeliveries: number;
}

interface GroupDoc extends Doc {
  types: string[] | null;
  categories: string[] | null;
  maxDeliveries: number;
  /** Everything up to here is acknowledged or parked. */
  position: Position | null;
  /**
   * The event store the positions belong to. A group found with another store's (a history
   * moved with `coop copy`) starts again from the beginning of this one: its consumers receive
   * every event again, under the same ids. Absent on groups made before it was kept.
   */
  store?: string;
  createdAt: string;
}

interface ParkedDoc extends Doc {
  group: string;
  eventId: string;
  stream: string;
  revision: string;
  position: Position;
  /** `position` in a form that sorts in `$all` order ({@link positionKey}): positions as text do not. */
  positionKey: string;
  type: string;
  attempts: number;
  reason: string;
  /**
   * pending: rejected fewer than `maxDeliveries` times, delivered again with the new events;
   * parked: set aside; retry: parked and sent for replay, delivered before new events;
   * replayed: a replayed event acknowledged while the checkpoint is still before it, so it is
   * not delivered again as new (removed once the checkpoint passes it).
   */
  state: 'pending' | 'parked' | 'retry' | 'replayed';
  at: string;
}

const GROUPS = '_consumer_groups';
export const DELIVERIES = '_consumer_deliveries';
/** Every query of deliveries names the group and the states it wants. */
export const DELIVERY_INDEXES = [{ fields: { group: 1, state: 1 } }] as const;
/** The filters deliveries are read with (for the plan test). */
export const DELIVERY_QUERIES = [
  { group: 'g', state: 'retry' },
  { group: 'g', state: { $in: ['parked', 'retry'] } },
  { group: 'g', position: '1', state: 'retry' },
];

export interface Delivery {
  event: RecordedEvent;
  /** True for a parked event sent again after a replay. */
  redelivery: boolean;
}

/**
 * Durable consumer groups for internal services: the service keeps each group's
 * checkpoint, so a consumer that restarts resumes where it acknowledged. An event a
 * consumer rejects `maxDeliveries` times is parked (listed, and replayable) and the group
 * moves on. State lives beside the read models, committed in their transactions.
 */
export class ConsumerGroups {
  private indexed: Promise<void> | undefined;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    private readonly now: () => Date,
  ) {}

  private ensureIndexes(): Promise<void> {
    this.indexed ??= this.store.createIndexes(DELIVERIES, DELIVERY_INDEXES).catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    });
    return this.indexed;
  }

  async create(spec: ConsumerGroupSpec): Promise<{ created: boolean; group: GroupDoc }> {
    await this.ensureIndexes();
    return this.store.transaction(async (tx) => {
      const groups = tx.collection<GroupDoc>(GROUPS);
      const existing = await groups.findOne({ _id: spec.name });
      const wanted = { types: spec.types ?? null, categories: spec.categories ?? null, maxDeliveries: spec.maxDeliveries };
      if (existing) {
        const same =
          JSON.stringify([existing.types, existing.categories, existing.maxDeliveries]) === JSON.stringify(Object.values(wanted));
        if (!same)
          throw stateConflict('GROUP_SETTINGS_DIFFER', `consumer group ${spec.name} exists with other settings`, {
            existing: { types: existing.types, categories: existing.categories, maxDeliveries: existing.maxDeliveries },
          });
        return { created: false, group: existing };
      }
      const store = await this.events.storeId();
      const group: GroupDoc = { _id: spec.name, ...wanted, position: null, store, createdAt: this.now().toISOString() };
      await groups.insertOne(group);
      return { created: true, group };
    });
  }

  async status(name: string) {
    const group = await this.group(name);
    const parked = await this.store.collection<ParkedDoc>(DELIVERIES).count({ group: name, state: { $in: ['parked', 'retry'] } });
    return {
      name,
      types: group.types,
      categories: group.categories,
      maxDeliveries: group.maxDeliveries,
      position: group.position,
      parked,
    };
  }

  /** The next events to process: parked ones sent for replay first, then new ones after the checkpoint. */
  async next(name: string, limit: number): Promise<Delivery[]> {
    const group = await this.group(name);
    const retries = await this.store
      .collection<ParkedDoc>(DELIVERIES)
      .find({ group: name, state: 'retry' }, { sort: { positionKey: 1 }, limit });
    const deliveries: Delivery[] = [];
    for (const retry of retries) {
      const event = await this.eventAt(retry.stream, BigInt(retry.revision));
      if (event) deliveries.push({ event, redelivery: true });
    }
    // Parked events wait for a replay, and replayed ones come first (above) or are done: none of
    // them is a new event, whatever the checkpoint. Only a pending rejection is delivered again.
    const setAside = new Set(
      (
        await this.store
          .collection<ParkedDoc>(DELIVERIES)
          .find({ group: name, state: { $in: ['parked', 'retry', 'replayed'] } }, { projection: { eventId: 1 } })
      ).map((p) => p.eventId),
    );
    for await (const event of this.events.readAll({
      after: group.position ?? undefined,
      ...(group.types ? { types: group.types } : {}),
    })) {
      if (deliveries.length >= limit) break;
      if (group.categories && !group.categories.includes(streamCategory(event.stream))) continue;
      if (setAside.has(event.id)) continue;
      deliveries.push({ event, redelivery: false });
    }
    return deliveries;
  }

  /** Acknowledges everything up to `position` (or one replayed event); the checkpoint never moves back. */
  async ack(name: string, position: Position): Promise<{ position: Position | null }> {
    await this.group(name); // positions of another store refused first
    return this.store.transaction(async (tx) => {
      const groups = tx.collection<GroupDoc>(GROUPS);
      const group = await groups.findOne({ _id: name });
      if (!group) throw new NotFoundError('consumer group', name);
      const deliveries = tx.collection<ParkedDoc>(DELIVERIES);
      const replayed = await deliveries.findOne({ group: name, position, state: 'retry' });
      if (replayed) {
        // Done with; kept (as replayed) while the checkpoint is before it, so that it is not new again.
        if (group.position && comparePositions(position, group.position) <= 0) await deliveries.deleteOne({ _id: replayed._id });
        else await deliveries.updateOne({ _id: replayed._id }, { $set: { state: 'replayed' } });
        return { position: group.position };
      }
      if (group.position && comparePositions(position, group.position) <= 0) return { position: group.position };
      await groups.updateOne({ _id: name }, { $set: { position } });
      await deliveries.deleteMany({ group: name, state: 'pending' });
      await deliveries.deleteMany({ group: name, state: 'replayed', positionKey: { $lte: positionKey(position) } });
      return { position };
    });
  }

  /** A consumer could not process an event: after `maxDeliveries` rejections it is parked. */
  async reject(
    name: string,
    at: { stream: string; revision: bigint },
    reason: string,
  ): Promise<{ attempts: number; parked: boolean }> {
    await this.group(name);
    const event = await this.eventAt(at.stream, at.revision);
    if (!event) throw new NotFoundError('event', `${at.stream}@${at.revision}`);
    const position = event.position;
    return this.store.transaction(async (tx) => {
      const group = await tx.collection<GroupDoc>(GROUPS).findOne({ _id: name });
      if (!group) throw new NotFoundError('consumer group', name);
      const deliveries = tx.collection<ParkedDoc>(DELIVERIES);
      const id = `${name}:${event.id}`;
      const current = await deliveries.findOne({ _id: id });
      const attempts = (current?.attempts ?? 0) + 1;
      const parked = attempts >= group.maxDeliveries;
      await deliveries.replaceOne(
        { _id: id },
        {
          _id: id,
          group: name,
          eventId: event.id,
          stream: event.stream,
          revision: event.revision.toString(),
          position,
          positionKey: positionKey(position),
          type: event.type,
          attempts,
          reason,
          state: parked ? 'parked' : current?.state === 'retry' ? 'retry' : 'pending',
          at: this.now().toISOString(),
        },
        { upsert: true },
      );
      return { attempts, parked };
    });
  }

  async parked(name: string) {
    await this.group(name);
    const docs = await this.store
      .collection<ParkedDoc>(DELIVERIES)
      .find({ group: name, state: { $in: ['parked', 'retry'] } }, { sort: { positionKey: 1 } });
    return docs.map(({ _id, group, positionKey: _key, ...parked }) => parked);
  }

  /** Sends every parked event of the group again, before new ones. */
  async replayParked(name: string): Promise<{ replaying: number }> {
    await this.group(name);
    return this.store.transaction(async (tx) => {
      const result = await tx
        .collection<ParkedDoc>(DELIVERIES)
        .updateMany({ group: name, state: 'parked' }, { $set: { state: 'retry', attempts: 0 } });
      return { replaying: result.matched };
    });
  }

  /** The group, its positions first made this store's (see {@link GroupDoc.store}). */
  private async group(name: string): Promise<GroupDoc> {
    await this.ensureIndexes();
    const group = await this.store.collection<GroupDoc>(GROUPS).findOne({ _id: name });
    if (!group) throw new NotFoundError('consumer group', name);
    const store = await this.events.storeId();
    if (group.store === store) return group;
    if (group.store === undefined) {
      await this.store.transaction((tx) =>
        tx.collection<GroupDoc>(GROUPS).updateOne({ _id: name, store: { $exists: false } }, { $set: { store } }),
      );
      return { ...group, store };
    }
    return this.restartInThisStore(group, store);
  }

  /**
   * Refuses the positions of another store: the group starts again from the beginning of this
   * one. Parked events keep their place by stream and revision (which a copy keeps) and take
   * this store's positions; pending rejections and finished replays are forgotten.
   */
  private async restartInThisStore(group: GroupDoc, store: string): Promise<GroupDoc> {
    const kept = await this.store
      .collection<ParkedDoc>(DELIVERIES)
      .find({ group: group._id, state: { $in: ['parked', 'retry'] } });
    const located = new Map<string, Position | undefined>();
    for (const parked of kept) located.set(parked._id, (await this.eventAt(parked.stream, BigInt(parked.revision)))?.position);
    return this.store.transaction(async (tx) => {
      const groups = tx.collection<GroupDoc>(GROUPS);
      const current = await groups.findOne({ _id: group._id });
      if (!current) throw new NotFoundError('consumer group', group._id);
      if (current.store === store) return current; // another request restarted it first
      const deliveries = tx.collection<ParkedDoc>(DELIVERIES);
      for (const [id, position] of located)
        if (position === undefined) await deliveries.deleteOne({ _id: id });
        else await deliveries.updateOne({ _id: id }, { $set: { position, positionKey: positionKey(position) } });
      await deliveries.deleteMany({ group: group._id, state: { $in: ['pending', 'replayed'] } });
      await groups.updateOne({ _id: group._id }, { $set: { position: null, store } });
      return { ...current, position: null, store };
    });
  }

  private async eventAt(stream: string, revision: bigint): Promise<RecordedEvent | undefined> {
    for await (const event of this.events.readStream(stream, { fromRevision: revision, maxCount: 1 }))
      return event.revision === revision ? event : undefined;
    return undefined;
  }
}
