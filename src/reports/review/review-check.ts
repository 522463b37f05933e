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
  /** The check's stable code in the pack's JSON and the CLI's lines (the rule's code, or CAT, BOOKS). */
  code: string;
  /** The matter checked in the law's words, as the reader sees it ("Categorie dei soci", "Libri sociali"). */
  name: string;
  /** The rule's code (M4, G2…), shown beside the law's article; null for a check that is no one rule (CAT, BOOKS). */
  rule: string | null;
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
  head: Pick<ReviewCheckResult, 'code' | 'name' | 'title' | 'legalBasis'>,
  checked: number,
  cases: ReviewCase[],
  evidence: string[],
  summary: string,
): ReviewCheckResult {
  const status: ReviewStatus = cases.length ? 'failed' : checked ? 'passed' : 'not-applicable';
  const rule = /^[MGW]\d/.test(head.code) ? head.code : null;
  return { ...head, rule, status, summary, cases, evidence: [...new Set(evidence)] };
}

/** The history's events by type, indexed once per history (the checks ask for the same types many times). */
const byType = new WeakMap<readonly ReviewEvent[], Map<string, ReviewEvent[]>>();

/** The events of these types, in log order. */
export function ofType(history: readonly ReviewEvent[], ...types: string[]): ReviewEvent[] {
  let index = byType.get(history);
  if (!index) {
    index = new Map();
    for (const event of history) {
      const list = index.get(event.type);
      if (list) list.push(event);
      else index.set(event.type, [event]);
    }
    byType.set(history, index);
  }
  if (types.length === 1) return [...(index.get(types[0]!) ?? [])];
  const wanted = new Set(types);
  return history.filter((event) => wanted.has(event.type));
}

/** Whether the interval [from, to] (to null: open) overlaps the year. */
export const overlapsYear = (from: string, to: string | null, year: ReviewYear) =>
  from <= year.end && (to === null || to >= year.start);

/** A number with its noun in the right number: `1 assemblea`, `3 assemblee`. */
export const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
