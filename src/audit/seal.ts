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
import { CompactTree, eventLeafHash, streamHeadsRoot, type StreamHead } from './merkle.js';
import { SealTimestamped } from './timestamps/seal-timestamped.js';
import { signingEvents } from './signing/signing-events.js';

/**
 * Seals exist because a per-stream hash chain cannot notice what is missing at its end: a
 * stream truncated, rewritten from some point on, or deleted whole leaves every surviving
 * chain intact. A seal commits to every stream head at one `$all` position in a single
 * Merkle root; once that root is kept outside the store (printed, signed, or time-stamped as
 * c.c. art. 2215-bis allows for books kept by computer), the history up to it is fixed.
 */
export const SEAL_STREAM = 'ledgerSeal-main';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** Version 1: a seal defined by the adapter's `$all` position, with the stream heads' root only. */
const LedgerSealedV1 = z.object({
  position: z.string().refine(isPosition, 'not a position'),
  events: z.number().int().min(0),
  streams: z.number().int().min(0),
  merkleRoot: Hash,
  sealedAt: z.iso.datetime(),
});

export const LedgerSealed = defineEvent({
  type: 'LedgerSealed',
  schemaVersion: 2,
  schema: z.object({
    /**
     * The size of the log tree sealed: the first `treeSize` events of `$all` (log indexes 0 to
     * treeSize - 1), earlier seals included. A count, not an adapter's position, so a seal
     * still holds on a store the history was copied to.
     */
    treeSize: z.number().int().min(0),
    /** The root of the log tree (RFC 9162 §2.1) over those events. Absent on seals of version 1. */
    logRoot: Hash.optional(),
    /**
     * The roots of the perfect subtrees the log tree is made of, left to right (one per bit set
     * in treeSize, largest first): they let verify say where a history first differs from the
     * sealed one. Absent on seals of version 1.
     */
    frontier: z.array(Hash).optional(),
    /** The streams under `merkleRoot`: every stream but the seal stream. */
    streams: z.number().int().min(0),
    /** The root over every stream head as of treeSize (each head covers its whole stream). */
    merkleRoot: Hash,
    /** Where the sealing store had `$all` (informational: positions are the adapter's, and change with `coop copy`). */
    position: z.string().refine(isPosition, 'not a position').optional(),
    sealedAt: z.iso.datetime(),
  }),
  upcasters: {
    // A version-1 seal counted the events up to its position: that count is its tree size.
    1: (data) => {
      const { events, ...rest } = data as z.infer<typeof LedgerSealedV1>;
      return { treeSize: events, ...rest };
    },
  },
});
export type LedgerSealedData = z.infer<typeof LedgerSealed.schema>;

/** The auditors' context: no projections, only the seals and their evidence (signatures, cosignatures, RFC 3161 time-stamps). */
export const auditContext: ContextDefinition = {
  name: 'audit',
  events: [LedgerSealed, ...signingEvents, SealTimestamped],
  projectors: [],
};

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
  const tree = new CompactTree();
  if (head !== undefined)
    for await (const record of storage.readAll()) {
      if (comparePositions(record.position, head) > 0) break;
      const known = heads.get(record.stream);
      const broken = checkLink(known?.hash ?? genesisHash(record.stream), known ? known.revision + 1n : 0n, record);
      if (broken) throw new BrokenHistoryError({ ...broken, position: record.position });
      const hash = String(record.metadata.hash);
      heads.set(record.stream, { revision: record.revision, hash });
      tree.appendLeafHash(eventLeafHash(tree.size, hash));
    }
  return {
    treeSize: tree.size,
    logRoot: tree.root(),
    frontier: tree.frontier().map((range) => range.hash),
    ...streamHeadsRoot(heads, SEAL_STREAM),
    position: head ?? ('0' as Position),
  };
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
