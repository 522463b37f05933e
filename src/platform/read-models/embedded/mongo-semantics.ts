import { find, Query, update as applyUpdate } from 'mingo';
import type { Doc, Filter, FindOptions, Update } from '../read-model-store.js';

/** MongoDB query, projection and update semantics over plain objects, via mingo. */

/** `{ _id: 'x' }` alone: the commonest filter of projections, answered without building a mingo query. */
export const isIdOnly = (filter: Filter): filter is { _id: string } =>
  typeof filter._id === 'string' && Object.keys(filter).length === 1;

export const matcher = (filter: Filter): ((doc: Doc) => boolean) => {
  const keys = Object.keys(filter);
  if (keys.length === 0) return () => true;
  if (isIdOnly(filter)) return (doc) => doc._id === filter._id;
  const equalities = scalarEqualities(filter, keys);
  if (equalities) return (doc) => equalities.every(([key, value]) => fieldEquals(doc[key], value));
  const query = new Query(filter);
  return (doc) => query.test(doc);
};

/**
 * `{ field: scalar, … }` on top-level fields with string, finite number or boolean values: the
 * lookups projections make (`{ applicationId }`), answered without building a mingo query for
 * each (its construction cost more than the match). Undefined for anything else.
 */
function scalarEqualities(filter: Filter, keys: string[]): Array<[string, string | number | boolean]> | undefined {
  const equalities: Array<[string, string | number | boolean]> = [];
  for (const key of keys) {
    if (key === '' || key.startsWith('$') || key.includes('.') || key === '__proto__') return undefined;
    const value = filter[key];
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
      equalities.push([key, value]);
    else return undefined;
  }
  return equalities;
}

/** MongoDB's equality on one field: the value itself, or an array holding it (not nested deeper). */
const fieldEquals = (field: unknown, value: string | number | boolean): boolean =>
  field === value || (Array.isArray(field) && field.includes(value));

export function select<T extends Doc>(docs: T[], filter: Filter, options: FindOptions = {}): T[] {
  let cursor = find(docs, filter, options.projection);
  if (options.sort) cursor = cursor.sort(options.sort);
  if (options.skip) cursor = cursor.skip(options.skip);
  if (options.limit) cursor = cursor.limit(options.limit);
  return cursor.all() as T[];
}

/**
 * A projection made once for many documents (a stream's): `{ field: 1, … }` or `{ field: 0, … }`
 * on top-level fields (`_id: 0` beside an inclusion too) is applied here, keeping the
 * document's field order as MongoDB does, without building a mingo cursor for each document
 * (over 495k members, most of a stream's time). Anything else goes to mingo.
 */
export function projector<T extends Doc>(projection: FindOptions['projection']): (doc: T) => T {
  if (!projection) return (doc) => doc;
  const plain = plainProjection(projection);
  const byMingo = (doc: T) => find([doc], {}, projection).all()[0] as T;
  if (!plain) return byMingo;
  const { fields, including, withId } = plain;
  return (doc) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(doc)) {
      // A field JSON.parse made an own `__proto__`: an assignment would set the prototype.
      if (key === '__proto__') return byMingo(doc);
      const listed = fields.has(key);
      if (key === '_id' ? withId && (including || !listed) : including === listed) out[key] = doc[key];
    }
    return out as T;
  };
}

function plainProjection(
  projection: Record<string, unknown>,
): { fields: Set<string>; including: boolean; withId: boolean } | undefined {
  const keys = Object.keys(projection);
  if (keys.length === 0) return undefined;
  let including: boolean | undefined;
  for (const key of keys) {
    const value = projection[key];
    if (value !== 0 && value !== 1) return undefined;
    if (key === '' || key.startsWith('$') || key.includes('.') || key === '__proto__') return undefined;
    if (key === '_id') continue;
    if (including === undefined) including = value === 1;
    else if (including !== (value === 1)) return undefined;
  }
  // `_id` alone: `{ _id: 1 }` keeps only it, `{ _id: 0 }` everything else.
  if (including === undefined) including = projection['_id'] === 1;
  // `{ _id: 1, a: 0 }` mixes the two: mingo refuses it, as MongoDB does.
  else if (!including && projection['_id'] === 1) return undefined;
  const fields = new Set(keys.filter((key) => key !== '_id'));
  return { fields, including, withId: projection['_id'] !== 0 };
}

/**
 * Applies an update to a copy of `doc` (to `doc` itself when `owned`: a document the caller
 * has just parsed and nobody else holds); `modified` is false when nothing changed.
 */
export function updated<T extends Doc>(doc: T, update: Update, inserting: boolean, owned = false): { doc: T; modified: boolean } {
  const { $setOnInsert, ...rest } = update as { $setOnInsert?: Record<string, unknown> } & Update;
  const copy = owned ? doc : (JSON.parse(JSON.stringify(doc)) as T);
  const modifier = inserting && $setOnInsert ? mergeSets(rest, $setOnInsert) : rest;
  const fast = plainUpdate(copy, modifier);
  if (fast !== undefined) return { doc: copy, modified: fast };
  const changed = Object.keys(modifier).length ? applyUpdate(copy, modifier as never) : [];
  return { doc: copy, modified: changed.length > 0 };
}

/** The operators the fast path applies itself. */
const PLAIN_OPERATORS = new Set(['$set', '$inc', '$push']);

/**
 * `$set`, `$inc` and `$push` (one value, no modifiers), alone or together, on fields whose
 * parents all exist as plain objects, with JSON values: applied here, as mingo would, without
 * building mingo's operator context for each update (most of a projection's time otherwise).
 * Undefined when it does not apply (a missing parent, an `$inc` of something not a number, a
 * `$push` onto something not an array, paths that overlap): mingo takes it, on the untouched
 * document. Returns whether anything changed.
 */
function plainUpdate(doc: Doc, modifier: Update): boolean | undefined {
  const operators = Object.keys(modifier);
  if (operators.length === 0 || !operators.every((operator) => PLAIN_OPERATORS.has(operator))) return undefined;
  const targets: Array<[string, Record<string, unknown>, string, unknown]> = [];
  const paths: string[] = [];
  for (const operator of operators) {
    const fields = (modifier as Record<string, unknown>)[operator];
    if (!isPlainObject(fields)) return undefined;
    for (const [path, value] of Object.entries(fields)) {
      if (!isJsonValue(value)) return undefined;
      if (operator === '$inc' && (typeof value !== 'number' || !Number.isFinite(value))) return undefined;
      if (operator === '$push' && isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) return undefined;
      const node = parentOf(doc, path);
      if (!node) return undefined;
      const key = path.slice(path.lastIndexOf('.') + 1);
      const current = node[key];
      if (operator === '$inc' && Object.hasOwn(node, key) && typeof current !== 'number') return undefined;
      if (operator === '$push' && Object.hasOwn(node, key) && !Array.isArray(current)) return undefined;
      targets.push([operator, node, key, value]);
      paths.push(path);
    }
  }
  // The same path twice, or one inside another: MongoDB refuses it; let mingo say what it does.
  paths.sort();
  for (let i = 1; i < paths.length; i++)
    if (paths[i] === paths[i - 1] || paths[i]!.startsWith(`${paths[i - 1]}.`)) return undefined;
  let modified = false;
  for (const [operator, node, key, value] of targets) {
    const present = Object.hasOwn(node, key);
    if (operator === '$set') {
      if (present && jsonEqual(node[key], value)) continue;
      node[key] = JSON.parse(JSON.stringify(value)) as unknown;
    } else if (operator === '$inc') {
      if (present && value === 0) continue;
      node[key] = present ? (node[key] as number) + (value as number) : value;
    } else {
      const copy = JSON.parse(JSON.stringify(value)) as unknown;
      if (present) (node[key] as unknown[]).push(copy);
      else node[key] = [copy];
    }
    modified = true;
  }
  return modified;
}

/** The plain object holding `path`'s last field, when every parent on the way is one; else undefined. */
function parentOf(doc: Doc, path: string): Record<string, unknown> | undefined {
  const segments = path.split('.');
  let node: Record<string, unknown> = doc;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '' || segment.startsWith('$') || /^\d+$/.test(segment) || segment === '_id' || segment === '__proto__')
      return undefined;
    if (i === segments.length - 1) return node;
    const next = node[segment];
    if (!isPlainObject(next)) return undefined;
    node = next;
  }
  return undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** null, booleans, finite numbers, strings, and arrays and plain objects of them (no undefined inside). */
function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (isPlainObject(value)) return Object.values(value).every(isJsonValue);
  return false;
}

/** Deep equality of JSON values; object keys in any order (as MongoDB compares for $set, mingo too). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
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
