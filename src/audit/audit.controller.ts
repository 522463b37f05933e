import { Controller, Get, Inject, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { InvalidCommandField } from '../platform/errors/domain-errors.js';
import type { Actor } from '../platform/event-store/event-store.js';
import { RequestValidationError } from '../platform/http/http-errors.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../platform/http/operation.js';
import { CurrentActor } from '../platform/http/request-context.js';
import { recordCosignature, recordedOrigin, sealCheckpoint, sealSignatures } from './signing/seal-signing.js';
import { proveConsistency, proveInclusion } from './proofs.js';
import { RUNTIME } from '../platform/http/tokens.js';
import type { Runtime } from '../platform/runtime.js';
import { replayRegister } from './register-audit.js';
import { SEAL_STREAM } from './seal.js';
import { SealCosigned } from './signing/signing-events.js';
import { SealTimestamped } from './timestamps/seal-timestamped.js';
import { verifyHistory } from './verify.js';
import {
  CheckpointAnswer,
  ConsistencyAnswer,
  InclusionAnswer,
  KeysAnswer,
  ReplayedRegisterAnswer,
  SealsAnswer,
  TimestampsAnswer,
  VerifyAnswer,
} from './audit.answers.js';
import { refusalsOf } from './refusals.js';
import { lazy } from '../platform/lazy.js';

/** The time-stamps' code (pkijs, asn1js), loaded by the first request about time-stamps: a service that gets none never holds it. */
const timestamping = lazy(() => import('./timestamps/seal-timestamps.js'));

const ReplayQuery = z.object({ asOf: z.iso.date() });
const SealNumber = z.coerce.number().int().min(0);
const InclusionParams = z.object({ n: SealNumber, eventId: z.string().min(1).max(200) });
const ConsistencyParams = z.object({ a: SealNumber, b: SealNumber });
const SealParams = z.object({ n: SealNumber });
const Base64 = z
  .string()
  .min(1)
  .max(700_000)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');
const TimestampBody = z.object({
  /** The authority's DER TimeStampResp (.tsr), base64. */
  reply: Base64,
  /** The DER TimeStampReq it answers, as GET …/timestamp-request gave it, base64. */
  query: Base64,
});

/** RFC 3161 §4 / RFC 5544: the media type of a DER TimeStampResp. */
const TIMESTAMP_REPLY = 'application/timestamp-reply';
const QUERY_HEADER = 'coop-timestamp-query';
const RawTimestampHeaders = z.object({ [QUERY_HEADER]: Base64 });

const CosignatureBody = z.object({
  keyId: z
    .string()
    .regex(/^[0-9a-f]{8}$/)
    .describe('the witness key id (type 0x04), as registered by coop audit witness-add'),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]+=*$/)
    .describe(
      'base64(key id ‖ u64 big-endian unix time ‖ Ed25519 signature over "cosignature/v1\\ntime <t>\\n" + the checkpoint)',
    ),
});

/**
 * The auditors' checks over HTTP, read-only: the same verification and replay as
 * `coop audit`, for an auditor who holds a key rather than the machine.
 */
@Controller('audit')
export class AuditController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('verify')
  @Operation({
    response: VerifyAnswer,
    summary: 'Verify every hash chain, schema and seal of the whole history (the first break, if any)',
    description: 'Streams all of $all; on a large history this takes as long as `coop audit verify`.',
    roles: ['auditor'],
    tags: ['audit'],
  })
  async verify() {
    const report = await verifyHistory(this.runtime.events.storage, this.runtime.registry);
    const { sealTimestampsReport, loadTrustAnchors } = await timestamping();
    const timestamps = await sealTimestampsReport(this.runtime.events, loadTrustAnchors());
    return { ...report, ok: report.ok && timestamps.ok, timestamps };
  }

  @Get('seals')
  @Operation({
    response: SealsAnswer,
    summary: 'Every LedgerSealed: tree size and Merkle root to time-stamp',
    description: 'The secretariat and the board read them too: the latest root goes in the printed books’ footer.',
    roles: ['auditor', 'secretary', 'board'],
    tags: ['audit'],
  })
  async seals() {
    const seals = [];
    for await (const seal of this.runtime.events.readStream(SEAL_STREAM))
      seals.push({
        revision: seal.revision.toString(),
        position: seal.position,
        recordedAt: seal.metadata.recordedAt,
        ...(seal.data as object),
      });
    return seals;
  }

  @Get('seals/:n/inclusion/:eventId')
  @Operation({
    response: InclusionAnswer,
    summary: "The inclusion proof (RFC 9162 §2.1.3) of an event in seal n: checked with the seal's log root alone",
    description:
      'Leaf: SHA-256(0x00 ‖ log index as u64 big-endian ‖ chained hash). 404 for an unknown seal or event; 409 ' +
      'EVENT_NOT_IN_SEAL (recorded after the seal), SEAL_WITHOUT_LOG_ROOT (a version-1 seal), LOG_NOT_AS_SEALED (altered since).',
    roles: ['auditor'],
    tags: ['audit'],
    params: InclusionParams,
  })
  inclusion(@ValidParams() { n, eventId }: z.infer<typeof InclusionParams>) {
    return proveInclusion(this.runtime.events, eventId, n);
  }

  @Get('seals/:a/consistency/:b')
  @Operation({
    response: ConsistencyAnswer,
    summary: 'The consistency proof (RFC 9162 §2.1.4) that seal a is a prefix of seal b: checked with their log roots alone',
    description:
      '404 for an unknown seal; 409 SEAL_ORDER (a after b), EMPTY_SEAL, SEAL_WITHOUT_LOG_ROOT, LOG_NOT_AS_SEALED (altered since).',
    roles: ['auditor'],
    tags: ['audit'],
    params: ConsistencyParams,
  })
  consistency(@ValidParams() { a, b }: z.infer<typeof ConsistencyParams>) {
    return proveConsistency(this.runtime.events, a, b);
  }

  @Get('seals/:n/timestamp-request')
  @Operation({
    summary: "The RFC 3161 query (DER) for seal n's checkpoint, with a fresh nonce: send it to a time-stamping authority",
    description:
      'application/timestamp-query; keep it: POST …/timestamps checks the reply against it. The imprint is sha256 of ' +
      '`<origin>\\n<treeSize>\\n<base64 log root>\\n` (Coop-Imprint header). 404 unknown seal; 409 SEAL_WITHOUT_LOG_ROOT.',
    roles: ['auditor'],
    tags: ['audit'],
    params: SealParams,
    produces: ['application/timestamp-query'],
  })
  async timestampQuery(@ValidParams() { n }: z.infer<typeof SealParams>, @Res({ passthrough: true }) response: Response) {
    const { timestampRequest } = await timestamping();
    const request = await timestampRequest(this.runtime.events, n, { origin: await recordedOrigin(this.runtime.events) });
    response.setHeader('Content-Type', 'application/timestamp-query');
    response.setHeader('Content-Disposition', `attachment; filename="seal-${n}.tsq"`);
    response.setHeader('Coop-Imprint', request.query.imprint);
    // The DER itself: a Buffer returned bare would be answered as its JSON form.
    return new StreamableFile(request.query.der, { type: 'application/timestamp-query' });
  }

  @CommandRoute('seals/:n/timestamps', {
    ...refusalsOf('RecordTimestamp'),
    example: {
      answer: {
        seal: 3,
        treeSize: 15872,
        origin: 'coop-ledger/cooperativa-il-girasole',
        imprint: '9c1f4e8a2b7d3c6f0e5a1b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e',
        token: 'MIIGqAYJKoZIhvcNAQcCoIIGmTCCBpUCAQMxDzANBglghkgBZQMEAgEFADCB4AYLKoZIhvcNAQkQAQSg',
        tsa: 'CN=Aruba PEC S.p.A. NG TSA 3, O=Aruba PEC S.p.A., C=IT',
        genTime: '2026-03-02T10:00:05.000Z',
        serial: '04a1f3c9b2',
        policy: '1.3.6.1.4.1.29741.1.1.1',
        nonce: '6b1e9f0c3a7d2e45',
      },
      request: {
        reply: 'MIIDMzADAgEAMIIDKgYJKoZIhvcNAQcCoIIDGzCCAxcCAQMxDzANBglghkgBZQMEAgEFADCB4AYLKoZIhvcNAQkQAQSg',
        query: 'MDwCAQEwMTANBglghkgBZQMEAgEFAAQgq7XyV3W6Hk0y3m2QnB1kR8cQ1p2fD0n4sT6vA9bE3cQCCQDe3b1a2c4d5e6=',
      },
    },
    summary: "Record a time-stamping authority's reply for seal n (c.c. art. 2215-bis), checked against its query",
    description:
      'The body is JSON `{ reply, query }` (both base64), or the DER reply itself as the authority sent it, ' +
      '`Content-Type: application/timestamp-reply` (RFC 3161 §4, RFC 5544), with its query in the Coop-Timestamp-Query header. ' +
      '400 on body.reply (the raw body: body) or body.query (raw: headers.coop-timestamp-query) with code TSA_IMPRINT, ' +
      'TSA_NONCE, TSA_STATUS, TSA_SIGNATURE, TSA_EKU, TSA_UNTRUSTED (with COOP_TSA_TRUST_ANCHORS), TSA_GEN_TIME or ' +
      'TSA_UNREADABLE; 404 unknown seal; 409 TIMESTAMP_RECORDED.',
    roles: ['auditor'],
    tags: ['audit'],
    params: SealParams,
    body: TimestampBody,
    consumes: [TIMESTAMP_REPLY],
    headers: {
      [QUERY_HEADER]: `With a raw ${TIMESTAMP_REPLY} body: the DER query it answers (GET …/timestamp-request), base64`,
    },
    response: SealTimestamped.schema,
  })
  async timestamp(
    @ValidParams() { n }: z.infer<typeof SealParams>,
    @ValidBody() body: z.infer<typeof TimestampBody> | Buffer,
    @Req() request: Request & { actor?: Actor },
  ) {
    const raw = Buffer.isBuffer(body);
    let query: string;
    if (raw) {
      const headers = RawTimestampHeaders.safeParse(request.headers);
      if (!headers.success) throw RequestValidationError.fromZod('headers', headers.error);
      query = headers.data[QUERY_HEADER];
    } else query = body.query;
    const { importTimestamp, loadTrustAnchors } = await timestamping();
    try {
      return await importTimestamp(this.runtime.events, n, {
        query: Buffer.from(query, 'base64'),
        reply: raw ? body : Buffer.from(body.reply, 'base64'),
        origin: await recordedOrigin(this.runtime.events),
        anchors: loadTrustAnchors(),
        actor: request.actor ?? { keyId: 'anonymous', role: 'none' },
        clock: this.runtime.clock,
      });
    } catch (error) {
      // A raw reply is the body itself, and its query a header: the problem names them so.
      if (!raw || !(error instanceof InvalidCommandField)) throw error;
      const path = error.field === 'query' ? `headers.${QUERY_HEADER}` : 'body';
      throw new RequestValidationError([{ path, message: error.message, code: error.code }]);
    }
  }

  @Get('seals/:n/timestamps')
  @Operation({
    response: TimestampsAnswer,
    summary: "Seal n's recorded time-stamps: TSA, genTime, serial and the DER token (base64)",
    roles: ['auditor', 'secretary', 'board'],
    tags: ['audit'],
    params: SealParams,
  })
  async timestamps(@ValidParams() { n }: z.infer<typeof SealParams>) {
    return (await timestamping()).recordedTimestamps(this.runtime.events, n);
  }

  @Get('keys')
  @Operation({
    response: KeysAnswer,
    summary: "The cooperative's seal keys (C2SP signed-note verifier keys), each with the tree sizes it signs, and the witnesses",
    description: 'The first key is pinned by its first appearance; each later one by a SealKeyRotated the previous key signed.',
    roles: ['auditor', 'secretary', 'board'],
    tags: ['audit'],
  })
  async keys() {
    const { keys, witnesses, problems } = await sealSignatures(this.runtime.events);
    return { keys, witnesses, problems: problems.filter((p) => p.kind === 'key' || p.kind === 'rotation') };
  }

  @Get('seals/:n/checkpoint')
  @Operation({
    response: CheckpointAnswer,
    summary:
      "Seal n's checkpoint as a signed note (C2SP tlog-checkpoint): origin, tree size, root, the cooperative's signature and the cosignatures",
    description: '404 for an unknown seal; 409 SEAL_NOT_SIGNED.',
    roles: ['auditor'],
    tags: ['audit'],
    params: SealParams,
  })
  checkpoint(@ValidParams() { n }: z.infer<typeof SealParams>) {
    return sealCheckpoint(this.runtime.events, n);
  }

  @CommandRoute('seals/:n/cosignatures', {
    ...refusalsOf('RecordCosignature'),
    example: {
      answer: {
        seal: 3,
        treeSize: 15872,
        logRoot: '9c1f4e8a2b7d3c6f0e5a1b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e',
        origin: 'coop-ledger/cooperativa-il-girasole',
        witness: 'collegio-sindacale',
        keyId: '9f3a1c2d',
        time: 1772445600,
        signature:
          'AAAAAGXkq0BtbGv3V7mB0m7bQy4p0kJ3n1sV9wq2c5r8u1x4z7A0d3g6j9m2p5s8v1y4B7E0H3K6N9Q2T5W8Z1c4f7i0l3o6r9u2x5A8D1G4J7M=',
      },
      request: {
        keyId: '9f3a1c2d',
        signature:
          'AAAAAGXkq0BtbGv3V7mB0m7bQy4p0kJ3n1sV9wq2c5r8u1x4z7A0d3g6j9m2p5s8v1y4B7E0H3K6N9Q2T5W8Z1c4f7i0l3o6r9u2x5A8D1G4J7M=',
      },
    },
    summary:
      "Record a witness's cosignature (C2SP tlog-cosignature v1) of seal n (the collegio sindacale, c.c. art. 2403; the revisore, D.Lgs. 220/2002)",
    description:
      'Checked before it is recorded: the key is a registered witness (400 UNKNOWN_REFERENCE at body.keyId), the signature verifies over ' +
      "the seal's checkpoint (400 BAD_SIGNATURE at body.signature), the seal extends the witness's last cosigned seal by a consistency proof " +
      '(422 SEAL_INCONSISTENT, c.c. art. 2403). 409 SEAL_NOT_SIGNED, COSIGNATURE_EXISTS, COSIGNATURE_ROLLBACK; 404 for an unknown seal.',
    roles: ['auditor'],
    tags: ['audit'],
    params: SealParams,
    body: CosignatureBody,
    response: SealCosigned.schema,
  })
  cosign(
    @ValidParams() { n }: z.infer<typeof SealParams>,
    @ValidBody() body: z.infer<typeof CosignatureBody>,
    @CurrentActor() actor: Actor,
  ) {
    return recordCosignature(this.runtime.events, n, body, actor, this.runtime.clock);
  }

  @Get('replay/register')
  @Operation({
    response: ReplayedRegisterAnswer,
    summary: 'The register as of a date recomputed from the events alone (no personal data)',
    roles: ['auditor'],
    tags: ['audit'],
    query: ReplayQuery,
  })
  async register(@ValidQuery() { asOf }: z.infer<typeof ReplayQuery>) {
    return { asOf, members: await replayRegister(this.runtime.events, asOf) };
  }
}
