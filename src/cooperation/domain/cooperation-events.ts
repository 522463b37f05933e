import { z } from 'zod';
import { BusinessDate, Id } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';

export const PartnerKind = z.enum(['cooperative', 'consortium', 'social_enterprise', 'third_sector_body', 'public_body']);

/**
 * How the cooperative cooperates: joining a consortium, a temporary association for a tender
 * (D.Lgs. 36/2023 art. 68), a network contract (D.L. 5/2009 art. 3 c. 4-ter), co-programming
 * or co-design with a public body (CTS art. 55), an agreement or protocol, or another form.
 */
export const PartnershipForm = z.enum([
  'consortium_membership',
  'temporary_association',
  'network_contract',
  'co_design',
  'agreement',
  'other',
]);

export const Partner = z.object({
  name: z.string().trim().min(1).max(300),
  kind: PartnerKind,
  /** The entity's fiscal code or VAT number, when it has an Italian one. */
  fiscalCode: z.string().trim().min(1).max(30).nullable(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code'),
});

/** What the cooperative agrees with a partner: the part of a resolution that decides it (G7). */
export const PartnershipTerms = z.object({
  partner: Partner,
  form: PartnershipForm,
  purpose: z.string().trim().min(1).max(5_000),
  /** Local, national or international cooperation, as the statute commits the cooperative to all three. */
  scope: z.enum(['local', 'national', 'international']),
  startsOn: BusinessDate,
  endsOn: BusinessDate.nullable(),
});
export type PartnershipTerms = z.infer<typeof PartnershipTerms>;

/** The resolution that decided it: of the board or of the assembly. */
export const ResolutionRef = z.object({ body: z.enum(['board', 'assembly']), resolutionId: z.string().min(1).max(100) });
export type ResolutionRef = z.infer<typeof ResolutionRef>;

export const PartnershipEndReason = z.enum(['term', 'withdrawal', 'mutual_agreement', 'partner_dissolved', 'other']);

export const PartnershipAgreed = defineEvent({
  type: 'PartnershipAgreed',
  schemaVersion: 1,
  schema: PartnershipTerms.extend({ partnershipId: Id, agreedOn: BusinessDate, resolution: ResolutionRef }),
});

export const PartnershipEnded = defineEvent({
  type: 'PartnershipEnded',
  schemaVersion: 1,
  schema: z.object({ partnershipId: Id, endedOn: BusinessDate, reason: PartnershipEndReason, resolution: ResolutionRef }),
});

export const cooperationEvents = [PartnershipAgreed, PartnershipEnded];
export type CooperationEvent = DomainEventOf<(typeof cooperationEvents)[number]>;

export const partnershipStream = (partnershipId: string) => `partnership-${partnershipId}`;
