import { z } from 'zod';
import { Id } from '../../platform/schemas/values.js';
import { PartnershipEndReason, PartnershipTerms } from '../../cooperation/public-events.js';

/** Partnerships a resolution agrees or ends, of the board or of the assembly (cooperation context, G7). */
export const PartnershipDecisions = [
  z.object({ kind: z.literal('agree-partnership'), partnershipId: Id, terms: PartnershipTerms }),
  z.object({
    kind: z.literal('end-partnership'),
    partnershipId: Id,
    endedOn: z.iso.date(),
    reason: PartnershipEndReason,
  }),
] as const;
