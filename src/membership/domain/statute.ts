/**
 * The statute settings membership rules depend on. Governance adopts them by an event
 * citing the assembly resolution; until then the legal defaults below apply.
 */
export interface MembershipStatute {
  /** Nominal value of one share, in cents (M5: €25 to €500, c.c. art. 2525 c. 1). */
  shareValueCents: number;
  /** Most a natural person may hold, in cents (M5: €100,000, c.c. art. 2525 c. 2). */
  maxHoldingCents: number;
  /** Fewest members the cooperative may have (M8: 9, or 3 under c.c. art. 2522 c. 2). */
  minimumMembers: number;
  /** M7c: whether the statute provides a special category for training or insertion (c.c. art. 2527 c. 3). */
  specialCategory: boolean;
}

export const LEGAL_DEFAULTS: MembershipStatute = {
  shareValueCents: 2_500,
  maxHoldingCents: 10_000_000,
  minimumMembers: 9,
  specialCategory: false,
};

export const SHARE_VALUE_RANGE_CENTS = { min: 2_500, max: 50_000 } as const;
