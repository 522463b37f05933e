import { find, Query, update as applyUpdate } from 'mingo';
import type { Doc, Filter, FindOptions, Update } from '../read-model-store.js';

/** MongoDB query, projection and update semantics over plain objects, via mingo. */

/** `{ _id: 'x' }` alone: the commonest filter of projections, answered without building a mingo query. */
export const isIdOnly = (filter: Filter): filter is { _id: string } =>
  typeof filter._id === 'string' && Object.keys(filter).length === 1;

export const matcher = (filter: Filter): ((doc: Doc) => boolean) => {
  if (Object.keys(filter).length === 0) return () => true;
  if (isIdOnly(filter)) return (doc) => doc._id === filter._id;
  const query = new Query(filter);
  return (doc) => query.test(doc);
};

export function select<T extends Doc>(docs: T[], filter: Filter, options: FindOptions = {}): T[] {
  let cursor = find(docs, filter, options.projection);
  if (options.sort) cursor = cursor.sort(options.sort);
  if (options.skip) cursor = cursor.skip(options.skip);
  if (options.limit) cursor = cursor.limit(options.limit);
  return cursor.all() as T[];
}

export function project<T extends Doc>(doc: T, projection: FindOptions['projection']): T {
  return projection ? (find([doc], {}, projection).all()[0] as T) : doc;
}

/** Applies an update to a copy of `doc`; `modified` is false when nothing changed. */
export function updated<T extends Doc>(doc: T, update: Update, inserting: boolean): { doc: T; modified: boolean } {
  const { $setOnInsert, ...rest } = update as { $setOnInsert?: Record<string, unknown> } & Update;
  const copy = JSON.parse(JSON.stringify(doc)) as T;
  const modifier = inserting && $setOnInsert ? mergeSets(rest, $setOnInsert) : rest;
  const changed = Object.keys(modifier).length ? applyUpdate(copy, modifier as never) : [];
  return { doc: copy, modified: changed.length > 0 };
}

function mergeSets(update: Update, onInsert: Record<string, unknown>): Update {
  const set = { ...((update.$set as Record<string, unknown> | undefined) ?? {}), ...onInsert };
  return { ...update, $set: set };
}

/**
 * The document an upsert starts from: the filter's equality conditions, as MongoDB does
 * (`{ _id: 'a', 'x.y': 1, n: { $gt: 2 } }` seeds `{ _id: 'a', x: { y: 1 } }`).
 */
export function seedFromFilter(filter: Filter): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  for (const [path, condition] of Object.entries(filter)) {
    if (path.startsWith('$')) continue;
    const value = isOperatorObject(condition) ? (condition as { $eq?: unknown }).$eq : condition;
    if (value === undefined) continue;
    setPath(seed, path, JSON.parse(JSON.stringify(value)));
  }
  return seed;
}

const isOperatorObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** SQLite JSON path for a MongoDB dotted path. */
export const jsonPath = (path: string): string =>
  '$' +
  path
    .split('.')
    .map((key) => (/^\d+$/.test(key) ? `[${key}]` : `."${key.replaceAll('"', '""')}"`))
    .join('');
