import { addDays } from '../../platform/dates.js';
import { ofType, type ReviewEvent, type ReviewYear } from './review-check.js';

/** The members' composition on one day: who is a member, in which category. */
export interface DayComposition {
  date: string;
  total: number;
  volunteers: number;
  /** The events that changed the composition on this day. */
  changedBy: string[];
}

interface Change {
  date: string;
  memberId: string;
  category: string | null;
  eventId: string;
}

/** Member numbers by member id, as the register gives them. */
export const memberNumbers = (history: readonly ReviewEvent[]) =>
  new Map(ofType(history, 'MemberAdmitted').map((e) => [e.data.memberId as string, e.data.memberNumber as number]));

export const memberLabel = (numbers: Map<string, number>, memberId: string) =>
  numbers.has(memberId) ? `socio n. ${numbers.get(memberId)}` : `socio ${memberId}`;

/**
 * The composition on each day of the year, from admissions, category changes and ends of
 * membership (in business-date order), so that a share above half on some days shows.
 */
export function compositionByDay(history: readonly ReviewEvent[], year: ReviewYear): DayComposition[] {
  const ofHistory = compositions.get(history) ?? new Map<number, DayComposition[]>();
  compositions.set(history, ofHistory);
  let days = ofHistory.get(year.year);
  if (!days) ofHistory.set(year.year, (days = composition(history, year)));
  return days;
}

/** The compositions computed for a history, by year (M4 and M8 read the same days). */
const compositions = new WeakMap<readonly ReviewEvent[], Map<number, DayComposition[]>>();

function composition(history: readonly ReviewEvent[], year: ReviewYear): DayComposition[] {
  const changes: Change[] = [];
  for (const event of ofType(history, 'MemberAdmitted', 'MemberCategoryChanged', 'MembershipEnded')) {
    if (event.type === 'MemberAdmitted')
      changes.push({
        date: event.data.admittedOn,
        memberId: event.data.memberId,
        category: event.data.category,
        eventId: event.id,
      });
    else if (event.type === 'MemberCategoryChanged')
      changes.push({ date: event.data.changedOn, memberId: event.data.memberId, category: event.data.to, eventId: event.id });
    else if (event.type === 'MembershipEnded')
      changes.push({ date: event.data.endedOn, memberId: event.data.memberId, category: null, eventId: event.id });
  }
  changes.sort((a, b) => a.date.localeCompare(b.date));
  const categories = new Map<string, string>();
  const days: DayComposition[] = [];
  let next = 0;
  for (let date = year.start; date <= year.end; date = addDays(date, 1)) {
    const changedBy: string[] = [];
    while (next < changes.length && changes[next]!.date <= date) {
      const change = changes[next++]!;
      if (change.category === null) categories.delete(change.memberId);
      else categories.set(change.memberId, change.category);
      if (change.date >= year.start) changedBy.push(change.eventId);
    }
    let volunteers = 0;
    for (const category of categories.values()) if (category === 'volunteer') volunteers++;
    days.push({ date, total: categories.size, volunteers, changedBy });
  }
  return days;
}

/** Consecutive days that satisfy `predicate`, as runs from the first to the last day. */
export function runsOf(days: DayComposition[], predicate: (day: DayComposition) => boolean) {
  const runs: Array<{ from: string; to: string; days: DayComposition[] }> = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (!predicate(day)) continue;
    if (last && addDays(last.to, 1) === day.date) {
      last.to = day.date;
      last.days.push(day);
    } else runs.push({ from: day.date, to: day.date, days: [day] });
  }
  return runs;
}

/** The statute's minimum number of members on a date (M8), 9 by default (c.c. art. 2522). */
export function minimumMembersOn(history: readonly ReviewEvent[], date: string): number {
  let minimum = 9;
  for (const event of ofType(history, 'StatuteSettingsAdopted'))
    if (event.data.adoptedOn <= date && typeof event.data.settings?.minimumMembers === 'number')
      minimum = event.data.settings.minimumMembers;
  return minimum;
}
