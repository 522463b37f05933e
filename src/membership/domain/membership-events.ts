import { z } from 'zod';
import { BusinessDate, Id, NonNegativeCents } from '../../platform/schemas/values.js';
import { defineEvent, type DomainEventOf } from '../../platform/event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../../platform/personal-data/personal-data.js';

/**
 * Member categories (DOMAIN.md §1): socio lavoratore, volontario, fruitore, sovventore, persona
 * giuridica, and the special category for training or insertion (c.c. art. 2527 c. 3, M7c).
 */
export const MemberCategory = z.enum(['worker', 'volunteer', 'user', 'financing', 'legal_person', 'special']);
export type MemberCategory = z.infer<typeof MemberCategory>;

const ResolutionId = z.string().min(1).max(100);

/** The register's two sections: volunteers are kept apart (L. 381/1991 art. 2 c. 1). */
export const sectionOf = (category: MemberCategory): 'volunteers' | 'ordinary' =>
  category === 'volunteer' ? 'volunteers' : 'ordinary';

/**
 * A membership application (domanda di ammissione, c.c. art. 2528 c. 1). The applicant's
 * personal data are sealed by the platform's personal-data vault.
 *
 * Version 1 recorded `requestedShares` as a bare count; version 2 also records the nominal
 * value of a share at the time of the application, which the statute may change later.
 */
export const MembershipApplied = defineEvent({
  type: 'MembershipApplied',
  schemaVersion: 2,
  schema: z.object({
    applicationId: Id,
    applicantKind: z.enum(['natural', 'legal']),
    applicant: SealedPersonalDataSchema,
    category: MemberCategory,
    requestedShares: z.object({ count: z.number().int().min(1), nominalValueCents: z.number().int().min(1) }),
    appliedOn: BusinessDate,
  }),
  upcasters: {
    1: (data) => {
      const v1 = data as { requestedShares: number } & Record<string, unknown>;
      // Until v2 every share was issued at the legal minimum the statute then set: €25.
      return { ...v1, requestedShares: { count: v1.requestedShares, nominalValueCents: 2_500 } };
    },
  },
});

/**
 * Admission by the board, entered in the register (libro soci) with the next number.
 * `fiscalCodeIndex` is a keyed hash (blind index) of the fiscal code, so M6 can compare
 * persons without the register holding the code itself.
 */
export const MemberAdmitted = defineEvent({
  type: 'MemberAdmitted',
  schemaVersion: 1,
  schema: z.object({
    memberId: Id,
    applicationId: Id,
    memberNumber: z.number().int().min(1),
    category: MemberCategory,
    admittedOn: BusinessDate,
    boardResolutionId: ResolutionId,
    fiscalCodeIndex: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

/** A motivated rejection (c.c. art. 2528 c. 2), decided and communicated by the board. */
export const AdmissionRejected = defineEvent({
  type: 'AdmissionRejected',
  schemaVersion: 1,
  schema: z.object({
    applicationId: Id,
    reasons: z.string().min(1).max(5_000),
    boardResolutionId: ResolutionId,
    decidedOn: BusinessDate,
    communicatedOn: BusinessDate,
  }),
});

/** The rejected applicant asks the assembly to decide (c.c. art. 2528 c. 3). */
export const AdmissionAppealed = defineEvent({
  type: 'AdmissionAppealed',
  schemaVersion: 1,
  schema: z.object({ applicationId: Id, appealedOn: BusinessDate }),
});

/** The assembly's decision on an appeal: `upheld` reopens the application for admission. */
export const AdmissionAppealDecided = defineEvent({
  type: 'AdmissionAppealDecided',
  schemaVersion: 1,
  schema: z.object({
    applicationId: Id,
    assemblyResolutionId: ResolutionId,
    outcome: z.enum(['upheld', 'dismissed']),
    decidedOn: BusinessDate,
  }),
});

export const SharesSubscribed = defineEvent({
  type: 'SharesSubscribed',
  schemaVersion: 1,
  schema: z.object({
    memberId: Id,
    count: z.number().int().min(1),
    nominalValueCents: NonNegativeCents,
    subscribedOn: BusinessDate,
  }),
});

export const SharesPaid = defineEvent({
  type: 'SharesPaid',
  schemaVersion: 1,
  schema: z.object({ memberId: Id, amountCents: NonNegativeCents.min(1), paidOn: BusinessDate }),
});

export const MemberCategoryChanged = defineEvent({
  type: 'MemberCategoryChanged',
  schemaVersion: 1,
  schema: z.object({
    memberId: Id,
    from: MemberCategory,
    to: MemberCategory,
    boardResolutionId: ResolutionId,
    changedOn: BusinessDate,
  }),
});

/** A withdrawal request (recesso, c.c. art. 2532), examined by the board within 60 days. */
export const WithdrawalRequested = defineEvent({
  type: 'WithdrawalRequested',
  schemaVersion: 1,
  schema: z.object({ memberId: Id, requestedOn: BusinessDate, grounds: z.string().min(1).max(5_000) }),
});

/**
 * Membership ends when the acceptance is communicated; the mutual relationship (e.g. the
 * member's work) at the close of the financial year, or of the next one if requested less
 * than 3 months before it (c.c. art. 2532 c. 3).
 */
export const WithdrawalAccepted = defineEvent({
  type: 'WithdrawalAccepted',
  schemaVersion: 1,
  schema: z.object({
    memberId: Id,
    boardResolutionId: ResolutionId,
    decidedOn: BusinessDate,
    communicatedOn: BusinessDate,
    mutualRelationshipEndsOn: BusinessDate,
  }),
});

export const WithdrawalRefused = defineEvent({
  type: 'WithdrawalRefused',
  schemaVersion: 1,
  schema: z.object({
    memberId: Id,
    boardResolutionId: ResolutionId,
    decidedOn: BusinessDate,
    reasons: z.string().min(1).max(5_000),
  }),
});

/** Exclusion (esclusione, c.c. art. 2533), decided by the board. */
export const MemberExcluded = defineEvent({
  type: 'MemberExcluded',
  schemaVersion: 1,
  schema: z.object({
    memberId: Id,
    grounds: z.string().min(1).max(5_000),
    boardResolutionId: ResolutionId,
    decidedOn: BusinessDate,
    communicatedOn: BusinessDate,
  }),
});

/** The excluded member's opposition before the court (art. 2533 c. 3): recorded, not adjudicated. */
export const ExclusionOpposed = defineEvent({
  type: 'ExclusionOpposed',
  schemaVersion: 1,
  schema: z.object({ memberId: Id, filedOn: BusinessDate, court: z.string().min(1).max(200) }),
});

export const MemberDied = defineEvent({
  type: 'MemberDied',
  schemaVersion: 1,
  schema: z.object({ memberId: Id, diedOn: BusinessDate }),
});

export const MembershipEnded = defineEvent({
  type: 'MembershipEnded',
  schemaVersion: 1,
  schema: z.object({ memberId: Id, endedOn: BusinessDate, cause: z.enum(['withdrawal', 'exclusion', 'death']) }),
});

export const SharesRefunded = defineEvent({
  type: 'SharesRefunded',
  schemaVersion: 1,
  schema: z.object({ memberId: Id, amountCents: NonNegativeCents.min(1), refundedOn: BusinessDate }),
});

/** The person's key is destroyed: their fields read as erased everywhere; counts stay. */
export const MemberDataErased = defineEvent({
  type: 'MemberDataErased',
  schemaVersion: 1,
  schema: z.object({ applicationId: Id, memberId: Id.nullable(), erasedOn: BusinessDate }),
});

export const membershipEvents = [
  MembershipApplied,
  MemberAdmitted,
  AdmissionRejected,
  AdmissionAppealed,
  AdmissionAppealDecided,
  SharesSubscribed,
  SharesPaid,
  MemberCategoryChanged,
  WithdrawalRequested,
  WithdrawalAccepted,
  WithdrawalRefused,
  MemberExcluded,
  ExclusionOpposed,
  MemberDied,
  MembershipEnded,
  SharesRefunded,
  MemberDataErased,
];

export type MembershipEvent = DomainEventOf<(typeof membershipEvents)[number]>;
export type MembershipAppliedData = z.infer<typeof MembershipApplied.schema>;

export const applicationStream = (applicationId: string) => `membershipApplication-${applicationId}`;
export const memberStream = (memberId: string) => `member-${memberId}`;
/** The register owns every invariant over all members: numbering, M4, M6, M8. */
export const REGISTER_STREAM = 'memberRegister-main';
