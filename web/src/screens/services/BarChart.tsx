/**
 * A grouped bar chart drawn as plain SVG: geometry in attributes, colours in CSS classes, so
 * nothing in it needs an inline style and the CSP (`style-src 'self'`) holds. It is a picture
 * of the table its screen shows beside it: `role="img"` with a title and a description.
 */
export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 440;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 32, left: 40 };

/** A round step for about four grid lines: 1, 2 or 5 times a power of ten, never below 1. */
function niceStep(max: number): number {
  if (max <= 4) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max / 4));
  return [1, 2, 5, 10].find((s) => s * magnitude >= max / 4)! * magnitude;
}

export function BarChart({
  id,
  title,
  description,
  categories,
  series,
  format = (n) => String(n),
}: {
  id: string;
  title: string;
  description: string;
  categories: string[];
  series: Series[];
  format?: (n: number) => string;
}) {
  const highest = Math.max(0, ...series.flatMap((s) => s.values));
  const step = niceStep(highest);
  const max = Math.max(step, Math.ceil(highest / step) * step);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const band = plotWidth / Math.max(1, categories.length);
  const bar = (band * 0.8) / Math.max(1, series.length);
  const y = (v: number) => PAD.top + plotHeight - (v / max) * plotHeight;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart-svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {categories.map((category, c) => (
          <g key={category}>
            {series.map((s, i) => {
              const value = s.values[c] ?? 0;
              return (
                <rect
                  key={s.name}
                  className={`chart-bar series-${i % 6}`}
                  x={PAD.left + c * band + band * 0.1 + i * bar}
                  y={y(value)}
                  width={Math.max(1, bar - 2)}
                  height={Math.max(0, PAD.top + plotHeight - y(value))}
                >
                  <title>{`${s.name}, ${category}: ${format(value)}`}</title>
                </rect>
              );
            })}
            <text className="chart-label" x={PAD.left + c * band + band / 2} y={HEIGHT - PAD.bottom + 18} textAnchor="middle">
              {category}
            </text>
          </g>
        ))}
        <line className="chart-axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
      </svg>
      {series.length > 1 && (
        <figcaption>
          <ul className="chart-legend">
            {series.map((s, i) => (
              <li key={s.name}>
                <svg viewBox="0 0 10 10" className="chart-swatch" aria-hidden="true">
                  <rect className={`chart-bar series-${i % 6}`} width="10" height="10" />
                </svg>
                {s.name}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}
