import { z } from 'zod';
import { defineEvent } from '../../platform/event-store/event-registry.js';

/**
 * Where the time-stamps of the seals are recorded: beside the seal stream (whose events are
 * only seals, one per revision, so that a seal's number stays its revision), under a name
 * that starts with `ledgerSeal` like every stream of seal evidence.
 */
export const SEAL_TIMESTAMPS_STREAM = 'ledgerSealTimestamps-main';

const Hex = z.string().regex(/^[0-9a-f]+$/);

/**
 * A qualified time-stamping authority's RFC 3161 token over a seal (c.c. art. 2215-bis),
 * checked against the query it answers when it was imported. The token is kept whole: the
 * other fields are what it says, for reading, and verify reads them again from the token.
 */
export const SealTimestamped = defineEvent({
  type: 'SealTimestamped',
  schemaVersion: 1,
  schema: z.object({
    /** The seal's number: its revision in the seal stream. */
    seal: z.number().int().min(0),
    treeSize: z.number().int().min(0),
    /** The checkpoint's origin line the imprint was computed with (see sealCheckpoint). */
    origin: z.string().min(1),
    /** sha256 of the seal's checkpoint text, hex: the token's message imprint. */
    imprint: z.string().regex(/^[0-9a-f]{64}$/),
    /** The TimeStampToken (CMS SignedData), DER in base64. */
    token: z.string().min(1),
    tsa: z.string().min(1),
    genTime: z.iso.datetime(),
    serial: Hex,
    policy: z.string().min(1),
    nonce: Hex,
  }),
});
export type SealTimestampedData = z.infer<typeof SealTimestamped.schema>;
