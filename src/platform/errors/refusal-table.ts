/** What a command can answer besides success: the 422 rule codes and the 409 clash codes. */
export interface Refusals {
  rules: readonly string[];
  conflicts: readonly string[];
}

/**
 * The refusals of one or more commands of a context's table (a route that sends several, or a
 * handler that runs several deciders), as an `@Operation` declares them: each list the sorted
 * union. Each context keeps its table beside its commands (`commands/refusals.ts`).
 */
export function refusalsIn<T extends string>(
  table: Record<T, Refusals>,
  ...types: T[]
): { rules: string[]; conflicts: string[] } {
  const union = (pick: (r: Refusals) => readonly string[]) => [...new Set(types.flatMap((t) => pick(table[t])))].sort();
  return { rules: union((r) => r.rules), conflicts: union((r) => r.conflicts) };
}

/**
 * What a write declares that can answer neither a 409 nor a 422 of its own (it runs no command
 * that could, as a challenge issued for a passkey): its entry in the document shows neither.
 */
export const NO_REFUSALS = { rules: [], conflicts: [] } as const satisfies Refusals;
