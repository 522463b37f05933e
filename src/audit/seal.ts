import { z } from 'zod';
import { systemClock, type Clock } from '../platform/clock.js';
import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { defineEvent } from '../platform/event-store/event-registry.js';
import type { Actor, ExpectedRevision } from '../platform/event-store/event-store.js';
import { comparePositions, isPosition, type Position } from '../platform/event-store/position.js';
import type { EventStorage } from '../platform/event-store/storage.js';
import { deterministicId, randomIds } from '../platform/ids.js';
import { checkLink, genesisHash, type ChainBreak } from '../platform/integrity/hash-chain.js';
import type { ContextDefinition } from '../platform/runtime.js';
import { streamHeadsRoot, type StreamHead } from './merkle.js';

/**
 * Seals exist because a per-stream hash chain cannot notice what is missing at its end: a
 * stream truncated, rewritten from some point on, or deleted whole leaves every surviving
 * chain intact. A seal commits to every stream head at one `$all` position in a single
 * Merkle root; once that root is kept outside the store (printed, signed, or time-stamped as
 * c.c. art. 2215-bis allows for books kept by computer), the history up to it is fixed.
 */
export const SEAL_STREAM = 'ledgerSeal-main';

export const LedgerSealed = defineEvent({
  type: 'LedgerSealed',
  schemaVersion: 1,
  schema: z.object({
    /** The `$all` position sealed: the last event before the seal (`0` for an empty store). */
    position: z.string().refine(isPosition, 'not a position'),
    /** Every event up to and including `position`, earlier seals included. */
    events: z.number().int().min(0),
    /** The streams under the root: every stream but the seal stream. */
    streams: z.number().int().min(0),
    merkleRoot: z.string().regex(/^[0-9a-f]{64}$/),
    sealedAt: z.iso.datetime(),
  }),
});
export type LedgerSealedData = z.infer<typeof LedgerSealed.schema>;

/** The auditors' context: no projections, only the seal event. */
export const auditContext: ContextDefinition = { name: 'audit', events: [LedgerSealed], projectors: [] };

/** A seal is refused over a history whose chains do not hold: sealing would vouch for the tampering. */
export class BrokenHistoryError extends Error {
  constructor(readonly chainBreak: ChainBreak & { position: Position }) {
    super(
      `refusing to seal: the chain of ${chainBreak.stream} breaks at revision ${chainBreak.revision} ` +
        `(position ${chainBreak.position}, ${chainBreak.reason}); run \`coop audit verify\` for the report`,
    );
    this.name = 'BrokenHistoryError';
  }
}

/**
 * What a seal at `until` (by default the head) must say, computed from the raw stored
 * history. Each stored hash is checked against its recomputation on the way (the stream's
 * link and revision too), so a seal never vouches for a history whose chains are broken:
 * that throws {@link BrokenHistoryError}. What a chain cannot see (a stream cut short,
 * deleted or rewritten whole) is what earlier seals are for, and `verifyHistory` checks them.
 */
export async function computeSeal(storage: EventStorage, until?: Position): Promise<Omit<LedgerSealedData, 'sealedAt'>> {
  const head = until ?? (await storage.headPosition());
  const heads = new Map<string, StreamHead>();
  let events = 0;
  if (head !== undefined)
    for await (const record of storage.readAll()) {
      if (comparePositions(record.position, head) > 0) break;
      events += 1;
      const known = heads.get(record.stream);
      const broken = checkLink(known?.hash ?? genesisHash(record.stream), known ? known.revision + 1n : 0n, record);
      if (broken) throw new BrokenHistoryError({ ...broken, position: record.position });
      heads.set(record.stream, { revision: record.revision, hash: String(record.metadata.hash) });
    }
  return { position: head ?? ('0' as Position), events, ...streamHeadsRoot(heads, SEAL_STREAM) };
}

export interface SealReceipt extends LedgerSealedData {
  /** Where the seal itself was recorded. */
  sealPosition: Position;
  sealRevision: bigint;
  eventId: string;
  commandId: string;
}

/**
 * Appends a `LedgerSealed` over the history as it stands. It is appended at the seal stream's
 * revision read before the history, so two concurrent seals cannot both claim to be the
 * latest (the loser gets WrongExpectedRevisionError). Events appended by others between the
 * scan and the seal are not covered by it; the next seal covers them.
 */
export async function sealHistory(
  events: ChainedEventStore,
  actor: Actor,
  options: { clock?: Clock; commandId?: string } = {},
): Promise<SealReceipt> {
  let expected: ExpectedRevision = 'no_stream';
  for await (const last of events.storage.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 }))
    expected = last.revision;
  const sealed = await computeSeal(events.storage);
  const sealedAt = (options.clock ?? systemClock).now().toISOString();
  const data: LedgerSealedData = { ...sealed, sealedAt };
  const commandId = options.commandId ?? randomIds.next();
  const eventId = deterministicId('LedgerSealed', commandId);
  const result = await events.append(
    SEAL_STREAM,
    [
      {
        id: eventId,
        type: LedgerSealed.type,
        data,
        metadata: { occurredAt: sealedAt, actor, commandId, correlationId: commandId, causationId: commandId },
      },
    ],
    expected,
  );
  const recorded = result.events[0]!;
  return {
    ...(recorded.data as LedgerSealedData),
    sealPosition: recorded.position,
    sealRevision: recorded.revision,
    eventId,
    commandId,
  };
}
