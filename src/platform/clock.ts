/** The only source of "now" in the application; tests inject a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and moves only when told to. */
export class FixedClock implements Clock {
  private current: number;
  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(to: string | Date): void {
    this.current = new Date(to).getTime();
  }
}

/** Business dates are `YYYY-MM-DD` in the cooperative's time zone. */
export const BUSINESS_TIME_ZONE = 'Europe/Rome';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The business date of an instant; formatters are built once per zone (building one costs ~40 µs). */
export function businessDate(instant: Date, timeZone = BUSINESS_TIME_ZONE): string {
  let format = formats.get(timeZone);
  if (!format)
    formats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })),
    );
  return format.format(instant);
}
