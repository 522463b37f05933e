import { NOT_RECORDED, type Figure } from './social-report.types.js';

const numbers = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 });
const euros = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
const percent = new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1 });

export const formatNumber = (value: number): string => numbers.format(value);
export const formatCents = (cents: number): string => euros.format(cents / 100);

/** A figure in Italian format; `non rilevato` when it could not be computed. */
export const formatFigure = (figure: Figure): string => {
  if (figure.value === null) return NOT_RECORDED;
  switch (figure.unit) {
    case 'cents':
      return formatCents(figure.value);
    case 'share':
      return percent.format(figure.value);
    case 'hours':
      return `${numbers.format(figure.value)} h`;
    case 'ratio':
      return `${numbers.format(figure.value)} : 1`;
    case 'score':
      return `${numbers.format(figure.value)} / 5`;
    case 'count':
      return numbers.format(figure.value);
  }
};

/**
 * `label: value.` as one sentence, without a second full stop when the value (text the
 * cooperative entered, such as the statute's purpose) already ends one.
 */
export const labelled = (label: string, value: string): string => `${label}: ${value}${/[.!?…]$/u.test(value) ? '' : '.'}`;
