// Small measuring and formatting helpers.

export const now = () => performance.now();

export const perSecond = (count, ms) => (ms > 0 ? (count * 1000) / ms : 0);

export function percentile(sortedAscending, p) {
  if (sortedAscending.length === 0) return NaN;
  const index = Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1));
  return sortedAscending[index];
}

export function latencySummary(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

/** 1234567 → "1.23M", 12345 → "12.3k", 123.4 → "123". */
export function short(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 1 : 2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export const sizeLabel = (n) =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);

/** Samples this process's RSS every `everyMs`; `stop()` returns the peak seen (bytes). */
export function rssSampler(everyMs = 20) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  timer.unref();
  return {
    sample: () => (peak = Math.max(peak, process.memoryUsage.rss())),
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Lets pending I/O callbacks and timers run (the event loop, not just microtasks). */
export const tick = () => new Promise((resolve) => setImmediate(resolve));
