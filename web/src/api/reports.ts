/**
 * Shapes of the answers the OpenAPI document does not describe yet (the membership reports
 * and /health/ready declare no response schema): the only types here written by hand.
 */
import type { MemberCategory } from './client';

export interface CompositionPoint {
  date: string;
  total: number;
  volunteers: number;
  byCategory: Record<MemberCategory, number>;
}
export interface Composition {
  current: CompositionPoint | null;
  volunteerShare: number;
  series: CompositionPoint[];
}
export interface Warning {
  rule: 'M4' | 'M8';
  legalBasis: string;
  since: string;
  deadline?: string;
  members: number;
  minimum?: number;
  volunteers?: number;
}
export interface Overdue {
  undecided: Array<{ applicationId: string; appliedOn: string; deadline: string; daysPending: number }>;
}
export interface RefundsDue {
  refunds: Array<{
    memberId: string;
    memberNumber: number;
    endedOn: string;
    amountCents: number;
    dueBy: string;
    overdue: boolean;
  }>;
}
export interface Readiness {
  status: string;
  checks: { projections: Array<{ name: string; state: string; lag: string }> };
}
export interface ApplicationsPage {
  total: number;
  items: Array<{
    applicationId: string;
    status: string;
    category: MemberCategory;
    appliedOn: string;
    name: string | null;
    personalDataErased: boolean;
  }>;
}
