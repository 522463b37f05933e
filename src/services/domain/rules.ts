/** The legal basis each services rule refuses with (DOMAIN.md §4). */
export const S1 = 'L. 142/2001 art. 1 c. 3; L. 381/1991 art. 2 c. 4';
export const S2 = 'L. 381/1991 art. 2 c. 5';
/** The agreement binds both parties to its period, its hours and the service actually given (c.c. art. 1372). */
export const S3 = 'the service agreement (c.c. art. 1372)';
export const S4 = 'Reg. (UE) 2016/679 art. 17';
export const S5 = 'the unit’s setting under its regional rules';
export const W3B = 'D.P.R. 313/2002 art. 25-bis';
