/** The legal basis each services rule refuses with (DOMAIN.md §4). */
export const S1 = 'L. 142/2001 art. 1 c. 3; L. 381/1991 art. 2 c. 4';
export const S2 = 'L. 381/1991 art. 2 c. 5';
/** The agreement binds both parties to its period, its hours and the service actually given (c.c. art. 1372). */
export const S3 = 'the service agreement (c.c. art. 1372)';
export const S4 = 'Reg. (UE) 2016/679 art. 17';
export const S5 = 'the unit’s setting under its regional rules';
export const W3B = 'D.P.R. 313/2002 art. 25-bis';

/**
 * S4b: personal data are erased (GDPR art. 17) only once the records that hold them need no
 * longer be kept (GDPR art. 17 c. 3 lett. b and e). A family's agreement is a contract and an
 * accounting record of the cooperative: kept ten years from its last record (c.c. art. 2220
 * c. 1), the agreement's end. A beneficiary's records are the care records of the service
 * given to them, the documents of what the client was billed and of what the family may claim
 * for (the ordinary ten-year limitation, c.c. art. 2946): kept ten years from the last day
 * they could be served (their last enrolment's end, never after its agreement's end).
 */
export const RETENTION_YEARS = 10;
export const S4B_CLIENT = 'c.c. art. 2220 c. 1; Reg. (UE) 2016/679 art. 17 c. 3 lett. b';
export const S4B_BENEFICIARY = 'c.c. art. 2220 c. 1; c.c. art. 2946; Reg. (UE) 2016/679 art. 17 c. 3 lett. b, e';

/** The last day of the retention that starts the day after `lastRecordOn`: erasure is possible from the next day. */
export function retainedUntil(lastRecordOn: string, years = RETENTION_YEARS): string {
  const date = new Date(`${lastRecordOn}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}
