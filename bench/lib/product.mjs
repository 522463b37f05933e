// The product, as built (`npm run build` output in ../dist): the bench measures compiled JS.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { contexts } from '../../dist/contexts.js';
import { systemClock } from '../../dist/platform/clock.js';
import { ChainedEventStore } from '../../dist/platform/event-store/chained-event-store.js';
import { EventRegistry } from '../../dist/platform/event-store/event-registry.js';
import { EventStoreDbStorage } from '../../dist/platform/event-store/eventstoredb/esdb-event-storage.js';
import { SqliteEventStorage } from '../../dist/platform/event-store/sqlite/sqlite-event-storage.js';
import { ApplyBody } from '../../dist/membership/http/membership.schemas.js';
import { applicationStream } from '../../dist/membership/domain/membership-events.js';
import { applicationRequest } from '../../dist/seed/history.js';
import { dayOf } from '../../dist/seed/italian.js';
import { deriveSeed, mulberry32 } from '../../dist/seed/random.js';

export const registry = () => new EventRegistry().register(...contexts.flatMap((context) => context.events));

/** A ChainedEventStore over the embedded adapter (file `events.sqlite` in `dir`) or EventStoreDB. */
export function openEventStore({ storage = 'sqlite', dir, url }) {
  const adapter = storage === 'eventstoredb' ? new EventStoreDbStorage(url) : new SqliteEventStorage(join(dir, 'events.sqlite'));
  return new ChainedEventStore(adapter, registry(), systemClock);
}

const BENCH_ACTOR = { keyId: 'bench', role: 'secretary' };

/**
 * MembershipApplied data as the application handler records it, for `size` generated
 * applicants: appends reuse them (with fresh ids), so every event has realistic JSON sizes.
 */
export function applicationPool(size = 2_000, seed = 2026) {
  const day = dayOf('2025-06-01');
  return Array.from({ length: size }, (_, i) => {
    const random = mulberry32(deriveSeed(seed, i));
    const body = ApplyBody.parse(applicationRequest(random, day - (i % 900)));
    const { kind, ...personal } = body.applicant;
    return {
      applicantKind: kind,
      applicant: { scheme: 'none', fields: personal },
      category: body.category,
      requestedShares: { count: body.requestedShares, nominalValueCents: 2_500 },
      appliedOn: body.appliedOn,
    };
  });
}

/** The i-th new application: its own new stream, a fresh event id, data from the pool. */
export function newApplication(pool, i) {
  const applicationId = randomUUID();
  const template = pool[i % pool.length];
  const commandId = `bench/${randomUUID()}`;
  return {
    stream: applicationStream(applicationId),
    event: {
      id: randomUUID(),
      type: 'MembershipApplied',
      data: { applicationId, ...template, applicant: { subject: applicationId, ...template.applicant } },
      metadata: {
        actor: BENCH_ACTOR,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        occurredAt: `${template.appliedOn}T09:30:00.000Z`,
      },
    },
  };
}

const HEX64 = 'f'.repeat(64);

/** The row the embedded adapter would store for `newApplication(...)`, for the raw baselines (same JSON sizes). */
export function rawRow(application) {
  const { stream, event } = application;
  const recordedAt = new Date().toISOString();
  return {
    id: event.id,
    stream,
    revision: 0,
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: 2,
      occurredAt: event.metadata.occurredAt,
      recordedAt,
      actor: event.metadata.actor,
      commandId: event.metadata.commandId,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      prevHash: HEX64,
      hash: HEX64,
    },
  };
}
