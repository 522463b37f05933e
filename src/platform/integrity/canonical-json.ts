import canonicalizeModule from 'canonicalize';

// `canonicalize` ships CommonJS with a default export; under NodeNext its type is the module.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation: sorted keys, ECMAScript number
 * formatting, no insignificant whitespace. Bigints must be turned into strings first.
 *
 * JCS formats numbers and strings exactly as `JSON.stringify` does, so for a value whose
 * object keys are already in code-unit order at every level the two agree; the platform
 * stores events that way ({@link sortKeys}), and auditors' verification takes the fast path.
 */
export function canonicalJson(value: unknown): string {
  if (keysSorted(value)) {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  }
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** A deep copy with every object's keys in code-unit order (what JCS would print). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) sorted[key] = sortKeys(child);
  }
  return sorted as T;
}

function keysSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'number' || Number.isFinite(value);
  if (Array.isArray(value)) return value.every(keysSorted);
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined || !keysSorted(child)) return false;
    previous = key;
  }
  return true;
}
