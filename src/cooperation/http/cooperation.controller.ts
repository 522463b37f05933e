import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { Operation, ValidParams, ValidQuery } from '../../platform/http/operation.js';
import { ProjectionRunner } from '../../platform/projections/projection-runner.js';
import { PartnerKind, PartnershipForm, PartnershipTerms, ResolutionRef } from '../domain/cooperation-events.js';
import { PARTNERSHIPS, partnershipInForceOn, type PartnershipDoc } from '../projections/partnerships.projection.js';

const PartnershipsQuery = z.object({
  asOf: z.iso.date().optional().describe('Partnerships in force at the end of this day; every one ever agreed when absent'),
  kind: PartnerKind.optional(),
  form: PartnershipForm.optional(),
});
const PartnershipParams = z.object({ partnershipId: z.uuid() });

/** A partnership as the read model keeps it, with the resolutions and events behind it. */
const PartnershipAnswer = PartnershipTerms.extend({
  partnershipId: z.uuid(),
  agreedOn: z.iso.date(),
  agreedBy: ResolutionRef,
  endedOn: z.iso.date().nullable(),
  endReason: z.string().nullable(),
  endedBy: ResolutionRef.nullable(),
  events: z.array(z.object({ id: z.string(), type: z.string(), position: z.string() })),
});
const PartnershipsAnswer = z.object({ asOf: z.iso.date().nullable(), partnerships: z.array(PartnershipAnswer) });

const readers = { roles: ['secretary', 'board'], tags: ['cooperation'], readModels: [PARTNERSHIPS] } as const;

/**
 * Partnerships with cooperatives, consortia and public bodies. They are recorded by the
 * resolutions that agree and end them (POST /governance/board-meetings/{id}/resolutions with
 * `agree-partnership` / `end-partnership`), never directly.
 */
@Controller('cooperation')
export class CooperationController {
  constructor(@Inject(ProjectionRunner) private readonly projections: ProjectionRunner) {}

  @Get('partnerships')
  @Operation({
    response: PartnershipsAnswer,
    ...readers,
    summary: 'Partnerships, with the resolutions that agreed and ended them',
    query: PartnershipsQuery,
  })
  async list(@ValidQuery() query: z.infer<typeof PartnershipsQuery>) {
    const all = await this.projections
      .reader<PartnershipDoc>(PARTNERSHIPS, 'partnerships')
      .find({}, { sort: { startsOn: 1, _id: 1 } });
    const partnerships = all
      .filter((p) => !query.asOf || partnershipInForceOn(p, query.asOf))
      .filter((p) => (!query.kind || p.partner.kind === query.kind) && (!query.form || p.form === query.form))
      .map(({ _id, ...p }) => ({ partnershipId: _id, ...p }));
    return { asOf: query.asOf ?? null, partnerships };
  }

  @Get('partnerships/:partnershipId')
  @Operation({
    response: PartnershipAnswer,
    ...readers,
    summary: 'One partnership and the events behind it',
    params: PartnershipParams,
  })
  async one(@ValidParams() { partnershipId }: { partnershipId: string }) {
    const doc = await this.projections.reader<PartnershipDoc>(PARTNERSHIPS, 'partnerships').findOne({
      _id: partnershipId,
    });
    if (!doc) throw new NotFoundError('partnership', partnershipId);
    const { _id, ...p } = doc;
    return { partnershipId: _id, ...p };
  }
}
