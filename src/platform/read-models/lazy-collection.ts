import type { Doc, Filter, FindOptions, ReadCollection } from './read-model-store.js';

/**
 * A collection whose every read first resolves where it lives (`resolve`, e.g. the build of a
 * projection that is live at that moment), so a caller writes one `await` per read:
 * `await reader.find(…)` instead of `await (await resolve()).find(…)`.
 */
export function lazyCollection<T extends Doc>(resolve: () => Promise<ReadCollection<T>>): ReadCollection<T> {
  return {
    find: async (filter?: Filter, options?: FindOptions) => (await resolve()).find(filter, options),
    findOne: async (filter: Filter) => (await resolve()).findOne(filter),
    count: async (filter?: Filter) => (await resolve()).count(filter),
    stream: (filter?: Filter, options?: Pick<FindOptions, 'sort' | 'projection'>) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await resolve()).stream(filter, options);
      },
    }),
  };
}
