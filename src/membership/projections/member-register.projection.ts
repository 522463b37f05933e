import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { MemberCategory, membershipEvents } from '../domain/membership-events.js';
import { applicationHandlers } from './member-register.applications.js';
import { memberHandlers } from './member-register.members.js';
import { shareHandlers } from './member-register.shares.js';

/** The membership context's events by type, their data as the schemas give it (after upcasting). */
export type MembershipEvents = EventMapOf<typeof membershipEvents>;

export const MEMBER_REGISTER = 'member-register';

export interface ApplicationDoc extends Doc {
  applicantKind: 'natural' | 'legal';
  applicant: SealedPersonalData;
  category: MemberCategory;
  requestedShares: { count: number; nominalValueCents: number };
  appliedOn: string;
  status: 'pending' | 'admitted' | 'rejected' | 'appealed' | 'appeal-upheld' | 'appeal-dismissed';
  memberId: string | null;
  admission: { admittedOn: string; boardResolutionId: string } | null;
  rejection: { reasons: string; boardResolutionId: string; decidedOn: string; communicatedOn: string } | null;
  appeal: {
    appealedOn: string;
    decidedOn: string | null;
    outcome: 'upheld' | 'dismissed' | null;
    assemblyResolutionId: string | null;
  } | null;
  erasedOn: string | null;
}

/** A validity interval: the category from `from` (inclusive) to `to` (exclusive, or open). */
export interface CategorySpan {
  category: MemberCategory;
  from: string;
  to: string | null;
  boardResolutionId: string;
}

export interface ShareMovement {
  date: string;
  kind: 'subscribed' | 'paid' | 'refunded';
  count: number;
  amountCents: number;
}

export interface MemberDoc extends Doc {
  memberNumber: number;
  applicationId: string;
  applicantKind: 'natural' | 'legal';
  /** Kept sealed: read through the vault, so an erased person reads as erased here too. */
  applicant: SealedPersonalData;
  category: MemberCategory;
  section: 'ordinary' | 'volunteers';
  categories: CategorySpan[];
  admittedOn: string;
  boardResolutionId: string;
  status: 'active' | 'ended';
  endedOn: string | null;
  endCause: 'withdrawal' | 'exclusion' | 'death' | null;
  withdrawal: {
    requestedOn: string;
    grounds: string;
    decidedOn: string | null;
    outcome: 'accepted' | 'refused' | null;
    boardResolutionId: string | null;
    communicatedOn: string | null;
    mutualRelationshipEndsOn: string | null;
  } | null;
  exclusion: {
    grounds: string;
    boardResolutionId: string;
    decidedOn: string;
    communicatedOn: string;
    oppositionFiledOn: string | null;
    court: string | null;
  } | null;
  diedOn: string | null;
  shares: { count: number; subscribedCents: number; paidCents: number; refundedCents: number };
  shareMovements: ShareMovement[];
  erasedOn: string | null;
}

/** One change in the composition of the membership, for counts over time and warnings (M4, M8). */
export interface CompositionChangeDoc extends Doc {
  date: string;
  position: string;
  memberId: string;
  delta: Partial<Record<MemberCategory, number>>;
}

/**
 * The member register (libro soci, c.c. art. 2421 c. 1 n. 1) and what it is fed from.
 * Members keep validity intervals (categories, share movements, admission and end dates),
 * so the register as of any date is answered from here; `register-replay.ts` recomputes it
 * from the events for auditors, and a test holds the two equal. Its handlers are split by what
 * they keep: `member-register.applications.ts`, `.members.ts` and `.shares.ts`.
 */
export const memberRegisterProjector = defineProjector<MembershipEvents>({
  name: MEMBER_REGISTER,
  version: 2,
  indexes: { members: [{ fields: { status: 1 } }, { fields: { category: 1 } }], applications: [{ fields: { status: 1 } }] },
  queries: { members: [{ status: 'ended' }, { category: 'special' }], applications: [{ status: 'appealed' }] },
  on: { ...applicationHandlers, ...memberHandlers, ...shareHandlers },
});
