import { z } from 'zod';
import { LedgerSealed } from './seal.js';
import { SealTimestamped } from './timestamps/seal-timestamped.js';

/**
 * What the auditors' reads answer, as `verify`, `proofs`, `signing` and `timestamps` build it
 * (the OpenAPI document's success schemas; `test/e2e/openapi-answers.e2e.spec.ts` holds them
 * to the real answers).
 */

const Hex = z.string().describe('hex');
const SealKey = z.object({
  origin: z.string(),
  keyId: z.string(),
  publicKey: z.string(),
  verifierKey: z.string().describe('As a signed-note verifier key (type 0x01)'),
  fromTreeSize: z.number().int(),
  untilTreeSize: z.number().int().optional().describe('Exclusive; absent while the key is the current one'),
  adoptedBy: z.enum(['first', 'rotation']),
});
const Witness = z.object({ name: z.string(), keyId: z.string(), verifierKey: z.string() });
const SignatureProblem = z.object({
  kind: z.enum(['key', 'rotation', 'signature', 'cosignature']),
  seal: z.number().int().optional(),
  message: z.string(),
});
const SealSignature = z.object({
  status: z.enum(['valid', 'invalid', 'missing']),
  keyName: z.string().optional(),
  keyId: z.string().optional(),
  reason: z.string().optional(),
});
const Cosigner = z.object({
  witness: z.string(),
  keyId: z.string(),
  time: z.number().int(),
  status: z.enum(['valid', 'invalid', 'unknown-witness', 'inconsistent']),
  reason: z.string().optional(),
});

const TimestampFinding = z.object({
  seal: z.number().int(),
  treeSize: z.number().int(),
  tsa: z.string(),
  genTime: z.string(),
  serial: z.string(),
  status: z.enum(['valid', 'chain-not-checked', 'invalid']),
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const VerifyAnswer = z.object({
  ok: z.boolean(),
  head: z.string().nullable().describe('The head when verification started'),
  events: z.number().int(),
  streams: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
  byCategory: z.record(z.string(), z.number().int()),
  seals: z.number().int(),
  breaks: z.number().int(),
  firstBreak: z
    .object({
      stream: z.string(),
      revision: z
        .string()
        .describe('The revision in its stream, as a decimal string (-1 for a stream a seal names and the log lacks)'),
      position: z.string(),
      reason: z.string(),
      expected: z.string(),
      actual: z.string(),
      logIndex: z.number().int(),
      firstDifference: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
      event: z.record(z.string(), z.unknown()).optional(),
    })
    .optional()
    .describe('The first break in `$all` order; absent when the history holds'),
  signatures: z.object({
    ok: z.boolean(),
    keys: z.array(SealKey),
    witnesses: z.array(Witness),
    seals: z.array(
      z.object({ seal: z.number().int(), treeSize: z.number().int(), signature: SealSignature, cosigners: z.array(Cosigner) }),
    ),
    problems: z.array(SignatureProblem),
  }),
  timestamps: z.object({
    anchors: z.number().int(),
    tokens: z.array(TimestampFinding),
    years: z.array(z.object({ year: z.number().int(), status: z.enum(['valid', 'chain-not-checked', 'missing']) })),
    warnings: z.array(z.string()),
    ok: z.boolean(),
  }),
});

export const SealsAnswer = z.array(
  LedgerSealed.schema.extend({ revision: z.string(), position: z.string(), recordedAt: z.iso.datetime() }),
);

export const InclusionAnswer = z.object({
  seal: z.number().int(),
  eventId: z.string(),
  eventType: z.string(),
  stream: z.string(),
  revision: z.string(),
  logIndex: z.number().int(),
  chainedHash: Hex,
  leafHash: Hex,
  treeSize: z.number().int(),
  logRoot: Hex,
  proof: z.array(Hex).describe('Sibling hashes from the leaf up'),
});

const SealRoot = z.object({ seal: z.number().int(), treeSize: z.number().int(), logRoot: Hex });
export const ConsistencyAnswer = z.object({ older: SealRoot, newer: SealRoot, proof: z.array(Hex) });

export const TimestampsAnswer = z.array(SealTimestamped.schema);

export const KeysAnswer = z.object({ keys: z.array(SealKey), witnesses: z.array(Witness), problems: z.array(SignatureProblem) });

export const CheckpointAnswer = z.object({
  seal: z.number().int(),
  origin: z.string(),
  treeSize: z.number().int(),
  logRoot: Hex,
  signature: SealSignature,
  cosigners: z.array(Cosigner),
  note: z.string().describe('The checkpoint as a C2SP signed note'),
  keys: z.array(SealKey),
});

export const ReplayedRegisterAnswer = z.object({
  asOf: z.iso.date(),
  members: z.array(
    z.object({
      memberNumber: z.number().int(),
      memberId: z.uuid(),
      applicationId: z.uuid(),
      category: z.string(),
      section: z.enum(['ordinary', 'volunteers']),
      admittedOn: z.iso.date(),
      boardResolutionId: z.string(),
      shares: z.object({
        count: z.number().int(),
        subscribedCents: z.number().int(),
        paidCents: z.number().int(),
        refundedCents: z.number().int(),
      }),
      exit: z.object({ date: z.iso.date(), cause: z.enum(['withdrawal', 'exclusion', 'death']) }).nullable(),
    }),
  ),
});
