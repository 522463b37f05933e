import type { MemberCategory, MembershipAppliedData, MembershipEvent } from '../../src/membership/domain/membership-events.js';
import type { ApplicationFacts } from '../../src/membership/domain/register.js';

/** Builders of membership histories for the deciders' given/when/then specs. */

export const uuid = (n: number, prefix = '00000000') => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const appId = (n: number) => uuid(n, 'a0000000');
export const memberId = (n: number) => uuid(n, 'b0000000');
export const fiscalIndex = (n: number) => n.toString(16).padStart(64, '0');

export const applied = (n: number, overrides: Partial<MembershipAppliedData> = {}): MembershipAppliedData => ({
  applicationId: appId(n),
  applicantKind: 'natural',
  applicant: { subject: appId(n), scheme: 'none', fields: { givenName: 'Maria', familyName: `Rossi ${n}` } },
  category: 'worker',
  requestedShares: { count: 2, nominalValueCents: 2_500 },
  appliedOn: '2026-01-10',
  ...overrides,
});

export const facts = (n: number, category: MemberCategory = 'worker', appliedOn = '2026-01-10'): ApplicationFacts => ({
  applicationId: appId(n),
  category,
  appliedOn,
  applicantKind: category === 'legal_person' ? 'legal' : 'natural',
});

export const admitted = (n: number, category: MemberCategory = 'worker', admittedOn = '2026-02-01'): MembershipEvent => ({
  type: 'MemberAdmitted',
  data: {
    memberId: memberId(n),
    applicationId: appId(n),
    memberNumber: n,
    category,
    admittedOn,
    boardResolutionId: `cda-${n}`,
    fiscalCodeIndex: fiscalIndex(n),
  },
});

export const ended = (
  n: number,
  endedOn = '2026-02-20',
  cause: 'withdrawal' | 'exclusion' | 'death' = 'death',
): MembershipEvent => ({
  type: 'MembershipEnded',
  data: { memberId: memberId(n), endedOn, cause },
});

export const rejected = (n: number, communicatedOn = '2026-02-01'): MembershipEvent => ({
  type: 'AdmissionRejected',
  data: {
    applicationId: appId(n),
    reasons: 'requisites not met',
    boardResolutionId: 'cda-r',
    decidedOn: '2026-01-30',
    communicatedOn,
  },
});

/** `workers` workers numbered 1…, then `volunteers` volunteers. */
export const members = (workers: number, volunteers = 0): MembershipEvent[] => [
  ...Array.from({ length: workers }, (_, i) => admitted(i + 1, 'worker')),
  ...Array.from({ length: volunteers }, (_, i) => admitted(workers + i + 1, 'volunteer')),
];
