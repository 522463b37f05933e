import canonicalizeModule from 'canonicalize';

// `canonicalize` ships CommonJS with a default export; under NodeNext its type is the module.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation: sorted keys, ECMAScript number
 * formatting, no insignificant whitespace. Bigints must be turned into strings first.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
