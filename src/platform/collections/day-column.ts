/**
 * A column of optional calendar days (`YYYY-MM-DD`) for compact decider states: each day
 * packed in 4 bytes as y·10⁴ + m·10² + d, 0 for none. A value of any other shape is kept as
 * it is on the side, so the column returns exactly what it was given.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class DayColumn {
  private values: Int32Array;
  private readonly other = new Map<number, string>();

  constructor(capacity: number) {
    this.values = new Int32Array(capacity);
  }

  get(row: number): string | undefined {
    const packed = this.values[row] ?? 0;
    if (packed > 0) {
      const year = Math.floor(packed / 10_000);
      const month = Math.floor(packed / 100) % 100;
      const day = packed % 100;
      return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
    return packed < 0 ? this.other.get(row) : undefined;
  }

  set(row: number, value: string | undefined): void {
    this.other.delete(row);
    if (value === undefined) this.values[row] = 0;
    else if (DAY.test(value) && value !== '0000-00-00') {
      this.values[row] = Number(value.slice(0, 4)) * 10_000 + Number(value.slice(5, 7)) * 100 + Number(value.slice(8, 10));
    } else {
      this.values[row] = -1;
      this.other.set(row, value);
    }
  }

  /** Makes room for rows 0 … capacity − 1, keeping what is set. */
  resize(capacity: number): void {
    if (capacity <= this.values.length) return;
    const grown = new Int32Array(capacity);
    grown.set(this.values);
    this.values = grown;
  }
}
