import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { Operation, ValidParams, ValidQuery } from '../platform/http/operation.js';
import { proveConsistency, proveInclusion } from './proofs.js';
import { RUNTIME } from '../platform/http/tokens.js';
import type { Runtime } from '../platform/runtime.js';
import { replayRegister } from './register-audit.js';
import { SEAL_STREAM } from './seal.js';
import { verifyHistory } from './verify.js';

const ReplayQuery = z.object({ asOf: z.iso.date() });
const SealNumber = z.coerce.number().int().min(0);
const InclusionParams = z.object({ n: SealNumber, eventId: z.string().min(1).max(200) });
const ConsistencyParams = z.object({ a: SealNumber, b: SealNumber });

/**
 * The auditors' checks over HTTP, read-only: the same verification and replay as
 * `coop audit`, for an auditor who holds a key rather than the machine.
 */
@Controller('audit')
export class AuditController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('verify')
  @Operation({
    summary: 'Verify every hash chain, schema and seal of the whole history (the first break, if any)',
    description: 'Streams all of $all; on a large history this takes as long as `coop audit verify`.',
    roles: ['auditor'],
    tags: ['audit'],
  })
  verify() {
    return verifyHistory(this.runtime.events.storage, this.runtime.registry);
  }

  @Get('seals')
  @Operation({
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

  @Get('replay/register')
  @Operation({
    summary: 'The register as of a date recomputed from the events alone (no personal data)',
    roles: ['auditor'],
    tags: ['audit'],
    query: ReplayQuery,
  })
  async register(@ValidQuery() { asOf }: z.infer<typeof ReplayQuery>) {
    return { asOf, members: await replayRegister(this.runtime.events, asOf) };
  }
}
