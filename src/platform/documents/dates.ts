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
