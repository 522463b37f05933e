import { addYears } from '../../platform/dates.js';
import { refusal } from '../../platform/errors/domain-errors.js';

/**
 * W6: the records of a non-member's work are kept 10 years from the end of their last
 * contract before their personal data may be erased. The pay and contract records are
 * entries of the libro unico del lavoro (D.L. 112/2008 art. 39) and the documents behind the
 * labour cost in the accounts, kept 10 years from the last entry (c.c. art. 2220 c. 1): the
 * longer period governs, and it outlasts the 5-year limitation of pay and contribution
 * claims (c.c. art. 2948 n. 4; L. 335/1995 art. 3 c. 9).
 */
export const WORK_RETENTION = { years: 10, basis: 'c.c. art. 2220 c. 1; D.L. 112/2008 art. 39; GDPR art. 17 c. 3 lett. b' };

/**
 * W6: the register of volunteers (CTS art. 17 c. 1; DM 6 ottobre 2021) is a book of the
 * cooperative; the decree sets no period of its own, so its entries are kept as the books
 * and records are, 10 years from the volunteer's exit (c.c. art. 2220 c. 1), which also
 * outlasts claims under the volunteers' insurance and for damage (c.c. art. 2947).
 */
export const VOLUNTEER_RETENTION = {
  years: 10,
  basis: 'CTS art. 17 c. 1; DM 6 ottobre 2021; c.c. art. 2220 c. 1; GDPR art. 17 c. 3 lett. b',
};

/** The first day the records of a relationship that ended on `lastDay` may be erased. */
export const erasableFrom = (lastDay: string, years: number) => addYears(lastDay, years);

/** W6: refuses the erasure while a relationship lasts (`lastDay` null) or its records are within their period. */
export function checkRetention(
  what: string,
  lastDay: string | null,
  today: string,
  retention: { years: number; basis: string },
): void {
  if (lastDay === null)
    throw refusal('W6', retention.basis, `the ${what} has not ended: its records are kept while it lasts`, {});
  const from = erasableFrom(lastDay, retention.years);
  if (today < from)
    throw refusal(
      'W6',
      retention.basis,
      `the ${what} ended on ${lastDay}: its records are kept ${retention.years} years, so the personal data may be erased from ${from}`,
      { lastDay, erasableFrom: from },
    );
}
