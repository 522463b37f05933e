/**
 * The end of a decider's `switch` over its commands (or an `evolve` over its events): it
 * compiles only when every member of the union has its case, and throws if a value the types
 * rule out arrives anyway (a command built around the types).
 */
export function exhaustive(value: never): never {
  throw new Error(`unhandled ${(value as { type?: unknown } | null)?.type ?? String(value)}`);
}
