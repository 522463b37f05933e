import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { Operation, ValidQuery } from '../platform/http/operation.js';
import { RUNTIME } from '../platform/http/tokens.js';
import type { Runtime } from '../platform/runtime.js';
import { replayRegister } from './register-audit.js';
import { SEAL_STREAM } from './seal.js';
import { verifyHistory } from './verify.js';

const ReplayQuery = z.object({ asOf: z.iso.date() });

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
    summary: 'Every LedgerSealed: position, count and Merkle root to time-stamp',
    roles: ['auditor'],
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
