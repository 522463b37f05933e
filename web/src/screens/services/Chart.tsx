import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One series of a grouped bar chart: its name and a value per category. */
export interface Series {
  name: string;
  values: number[];
}

/** Colours as SVG attributes (not inline styles), so the CSP's `style-src 'self'` holds; each passes 4.5:1 on white. */
const COLOURS = ['#0b5cad', '#b35900', '#1e6b34', '#6b3fa0', '#a4161a', '#4a5565'];
const ITALIAN = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });

/**
 * A grouped bar chart drawn by recharts: a title and a description inside the SVG and on
 * the figure, numbers in the Italian format. It is a picture of the table its screen shows
 * beside it, which carries the same figures for screen readers and for print.
 */
export function GroupedBarChart({
  id,
  title,
  description,
  categories,
  series,
  format = (n) => ITALIAN.format(n),
}: {
  id: string;
  title: string;
  description: string;
  categories: string[];
  series: Series[];
  format?: (n: number) => string;
}) {
  const rows = categories.map((category, c) => ({
    category,
    ...Object.fromEntries(series.map((s, i) => [`s${i}`, s.values[c] ?? 0])),
  }));
  return (
    <figure className="chart" id={id} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
      <figcaption>
        <span id={`${id}-title`} className="chart-title">
          {title}
        </span>
        <span id={`${id}-desc`} className="chart-desc">
          {description}
        </span>
      </figcaption>
      <div className="chart-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#d0d7de" />
            <XAxis dataKey="category" tick={{ fill: '#4a5565', fontSize: 12 }} tickLine={false} />
            <YAxis tickFormatter={format} tick={{ fill: '#4a5565', fontSize: 12 }} width={48} allowDecimals={false} />
            <Tooltip formatter={(value) => format(Number(value))} isAnimationActive={false} />
            {series.length > 1 && <Legend />}
            {series.map((s, i) => (
              <Bar key={s.name} dataKey={`s${i}`} name={s.name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
