/**
 * What a person types into a date field, read the Italian way: day, month, year (gg/mm/aaaa,
 * with `/`, `-` or `.`, one or two digits for day and month), or a pasted ISO date
 * (`2026-02-01`). The answer is the business date the API takes, or why it is not one.
 */
export type ParsedDate = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'invalid' } | { kind: 'format' };

const pad = (n: number) => String(n).padStart(2, '0');

export function parseDate(text: string): ParsedDate {
  const value = text.trim();
  if (!value) return { kind: 'empty' };
  let day: number, month: number, year: number;
  const italian = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (italian) [day, month, year] = [Number(italian[1]), Number(italian[2]), Number(italian[3])];
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { kind: 'format' };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return { kind: 'invalid' };
  return { kind: 'date', iso: `${year}-${pad(month)}-${pad(day)}` };
}

/** A business date (`YYYY-MM-DD`) as a person reads it: gg/mm/aaaa. */
export function showDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}
