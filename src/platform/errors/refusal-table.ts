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
