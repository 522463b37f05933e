/**
 * A module (or anything) loaded on first use, once: every caller awaits the same load, so
 * concurrent first requests import it once; a load that fails is tried again by the next call.
 * What the service holds in memory is then what it has used, not everything it could do.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
