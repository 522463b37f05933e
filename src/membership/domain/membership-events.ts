import { z } from 'zod';
import { defineEvent } from '../../platform/event-store/event-registry.js';
import { SealedPersonalDataSchema } from '../../platform/personal-data/personal-data.js';

/** Member categories (DOMAIN.md §1): socio lavoratore, volontario, fruitore, sovventore, persona giuridica. */
export const MemberCategory = z.enum(['worker', 'volunteer', 'user', 'financing', 'legal_person']);
export type MemberCategory = z.infer<typeof MemberCategory>;

export const BusinessDate = z.iso.date();

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
    applicationId: z.uuid(),
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
export type MembershipAppliedData = z.infer<typeof MembershipApplied.schema>;

/** Admission by the board, entered in the register (libro soci) with the next number. */
export const MemberAdmitted = defineEvent({
  type: 'MemberAdmitted',
  schemaVersion: 1,
  schema: z.object({
    memberId: z.uuid(),
    applicationId: z.uuid(),
    memberNumber: z.number().int().min(1),
    category: MemberCategory,
    admittedOn: BusinessDate,
    boardResolutionId: z.string().min(1),
  }),
});
export type MemberAdmittedData = z.infer<typeof MemberAdmitted.schema>;

export const membershipEvents = [MembershipApplied, MemberAdmitted];

export type MembershipEvent =
  { type: 'MembershipApplied'; data: MembershipAppliedData } | { type: 'MemberAdmitted'; data: MemberAdmittedData };

export const applicationStream = (applicationId: string) => `membershipApplication-${applicationId}`;
/** The register owns every invariant over all members (numbering now; M4, M6 next). */
export const REGISTER_STREAM = 'memberRegister-main';
