/**
 * A business date (`YYYY-MM-DD`, Europe/Rome) as Italian documents write it, `gg/mm/aaaa`:
 * `2024-03-18` → `18/03/2024`. Anything else (a UTC timestamp, whose day may differ in Rome)
 * is returned as given rather than guessed at.
 */
export function italianDate(date: string | null | undefined): string {
  if (!date) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

/**
 * Every business date inside a sentence written as `gg/mm/aaaa` (`presentata il 2025-02-03` →
 * `presentata il 03/02/2025`), for prose composed from data; timestamps (`…T09:30…`) and
 * anything longer than a date (ids, numbers) are left as they are.
 */
export function italianDatesIn(text: string): string {
  return text.replace(/(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])/g, '$3/$2/$1');
}

/** A UTC timestamp as a document states when it was made: `gg/mm/aaaa, hh:mm UTC`. */
export function italianTimestamp(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}, ${match[4]}:${match[5]} UTC` : iso;
}
