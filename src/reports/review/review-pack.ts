import { booksUpToDateCheck } from './books-check.js';
import { proxiesCheck, quorumCheck, votingRightsCheck } from './governance-checks.js';
import {
  admissionDeadlineCheck,
  minimumMembersCheck,
  refundDeadlineCheck,
  volunteerShareCheck,
  withdrawalDeadlineCheck,
} from './membership-checks.js';
import { reviewYear, type ReviewCheck, type ReviewCheckResult, type ReviewEvent } from './review-check.js';
import {
  categoriesCheck,
  collectiveMinimumCheck,
  criminalRecordCheck,
  mutualPrevalenceCheck,
  payRatioCheck,
  volunteerInsuranceCheck,
} from './work-checks.js';

/** The checks in the order a reviewer's report (verbale di revisione) takes them. */
export const REVIEW_CHECKS: readonly ReviewCheck[] = [
  categoriesCheck,
  volunteerShareCheck,
  votingRightsCheck,
  proxiesCheck,
  quorumCheck,
  booksUpToDateCheck,
  admissionDeadlineCheck,
  withdrawalDeadlineCheck,
  refundDeadlineCheck,
  minimumMembersCheck,
  collectiveMinimumCheck,
  payRatioCheck,
  volunteerInsuranceCheck,
  criminalRecordCheck,
  mutualPrevalenceCheck,
];

export interface ReviewPack {
  /** The cooperative's name as its statute settings record it (or as configured), for the heading. */
  cooperative: string;
  year: number;
  /** When the pack was made, from the injected clock. */
  generatedAt: string;
  events: number;
  checks: ReviewCheckResult[];
  totals: Record<ReviewCheckResult['status'], number>;
}

/** The review pack of a year: every check over the whole history. */
export function reviewPack(
  history: readonly ReviewEvent[],
  year: number,
  generatedAt: string,
  cooperative = 'Cooperativa sociale',
): ReviewPack {
  const window = reviewYear(year);
  const checks = REVIEW_CHECKS.map((check) => check(history, window));
  const totals = { passed: 0, failed: 0, 'not-applicable': 0 };
  for (const check of checks) totals[check.status]++;
  return { cooperative, year, generatedAt, events: history.length, checks, totals };
}
