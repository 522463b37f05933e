/**
 * Business dates are `YYYY-MM-DD` in Europe/Rome; people read them as gg/mm/aaaa. An instant
 * (`2026-03-01T23:30:00Z`) is shown as the day it was in Rome, not in UTC.
 */
export function formatDate(date: string | null | undefined): string {
  const value = date ?? '';
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  const day = instant && !Number.isNaN(instant.getTime()) ? todayInRome(instant) : value;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/** Today in Europe/Rome, as a business date. */
export function todayInRome(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

/** Whole days from one business date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
/** Money is integer euro cents; shown in the Italian format (1.234,50 €) in both languages. */
export const formatEuro = (cents: number): string => euro.format(cents / 100);

const percent = new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1 });
export const formatPercent = (share: number): string => percent.format(share);
