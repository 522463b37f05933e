/**
 * The review pack (verbale di revisione cooperativa, D.Lgs. 220/2002): each check a reviewer
 * makes, answered from the recorded events alone. A check is a pure function of the history
 * up to the end of the year under review; it never reads a clock or another context's
 * domain code, only the events' recorded data.
 */

/** One recorded event as the review reads it: its id, type, data and log index in `$all`. */
export interface ReviewEvent {
  id: string;
  type: string;
  /** The event's data as recorded (upcast to its latest version). */
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The event's index in the whole log (0-based), as the seals count it. */
  index: number;
  /** Business time of the event (ISO-8601), from its metadata. */
  occurredAt?: string;
}

export type ReviewStatus = 'passed' | 'failed' | 'not-applicable';

/** One case a check found wanting, in words a reviewer reads, with the events that show it. */
export interface ReviewCase {
  subject: string;
  detail: string;
  evidence: string[];
}

export interface ReviewCheckResult {
  code: string;
  /** What the reviewer checks, in Italian. */
  title: string;
  legalBasis: string;
  status: ReviewStatus;
  /** What was found, in one line (counts, figures). */
  summary: string;
  cases: ReviewCase[];
  /** Event ids and report links the outcome rests on. */
  evidence: string[];
}

export interface ReviewYear {
  year: number;
  start: string;
  end: string;
}

export const reviewYear = (year: number): ReviewYear => ({ year, start: `${year}-01-01`, end: `${year}-12-31` });

/** A check of one year over the whole history (a later seal or refund may speak of the year). */
export type ReviewCheck = (history: readonly ReviewEvent[], year: ReviewYear) => ReviewCheckResult;

/** The outcome from the cases: failed when there are any, passed when something was checked, else not applicable. */
export function outcome(
  head: Pick<ReviewCheckResult, 'code' | 'title' | 'legalBasis'>,
  checked: number,
  cases: ReviewCase[],
  evidence: string[],
  summary: string,
): ReviewCheckResult {
  const status: ReviewStatus = cases.length ? 'failed' : checked ? 'passed' : 'not-applicable';
  return { ...head, status, summary, cases, evidence: [...new Set(evidence)] };
}

export const ofType = (history: readonly ReviewEvent[], ...types: string[]) =>
  history.filter((event) => types.includes(event.type));

/** Whether the interval [from, to] (to null: open) overlaps the year. */
export const overlapsYear = (from: string, to: string | null, year: ReviewYear) =>
  from <= year.end && (to === null || to >= year.start);
