/** The partial indexes a projector declares, and the SQL that answers a filter through one of them. */
import { createHash } from 'node:crypto';
import { type Filter, type IndexSpec } from '../read-model-store.js';
import { jsonPath } from './mongo-semantics.js';

export type Indexes = Map<string, IndexSpec[]>;

export interface IndexedQuery {
  sql: string;
  params: unknown[];
  /** The equality or `$in` on the index's first field, for a session to find its own documents by (none for a range). */
  lead?: { field: string; values: unknown[] };
}

const sqlText = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const fieldExpression = (field: string): string => `json_extract(body, ${sqlText(jsonPath(field))})`;

/** A partial index per declared index, over the collection's documents only (the collection is a literal). */
export function createIndexSql(collection: string, index: IndexSpec): string {
  const fields = Object.entries(index.fields);
  const name = `ix_${createHash('sha1').update(collection).update(JSON.stringify(index.fields)).digest('hex').slice(0, 20)}`;
  const columns = fields.map(([field, direction]) => `${fieldExpression(field)}${direction === -1 ? ' DESC' : ''}`).join(', ');
  return `CREATE INDEX IF NOT EXISTS ${name} ON documents (${columns}) WHERE collection = ${sqlText(collection)}`;
}

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** `{ $gte: a, $lt: b }` on strings or numbers, as operator and value pairs; undefined for anything else. */
function rangeOf(condition: unknown): Array<[keyof typeof RANGE_SQL, string | number]> | undefined {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const entries = Object.entries(condition);
  if (entries.length === 0) return undefined;
  for (const [operator, value] of entries)
    if (!(operator in RANGE_SQL) || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  return entries as Array<[keyof typeof RANGE_SQL, string | number]>;
}

/** A scalar SQLite compares as JSON's: booleans are stored by json_extract as 1 and 0. */
const sqlScalar = (value: unknown): unknown => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
const isScalar = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The SQL that reads, through a declared index, a superset of a filter's matches (every
 * document is still matched by mingo after): equalities and `$in` on the index's leading
 * fields. Undefined when no index has its first field so constrained.
 */
export function indexedQuery(collection: string, filter: Filter, indexes: Indexes): IndexedQuery | undefined {
  let best: { terms: string[]; params: unknown[]; lead?: IndexedQuery['lead'] } | undefined;
  for (const index of indexes.get(collection) ?? []) {
    const terms: string[] = [];
    const params: unknown[] = [];
    let lead: IndexedQuery['lead'];
    for (const field of Object.keys(index.fields)) {
      const condition = filter[field];
      const equal = isScalar(condition)
        ? condition
        : condition &&
            typeof condition === 'object' &&
            Object.keys(condition).length === 1 &&
            isScalar((condition as { $eq?: unknown }).$eq)
          ? (condition as { $eq: unknown }).$eq
          : undefined;
      const among =
        condition &&
        typeof condition === 'object' &&
        Object.keys(condition).length === 1 &&
        Array.isArray((condition as { $in?: unknown }).$in)
          ? (condition as { $in: unknown[] }).$in
          : undefined;
      const range = rangeOf(condition);
      if (equal !== undefined) {
        if (terms.length === 0) lead = { field, values: [equal] };
        terms.push(`${fieldExpression(field)} = ?`);
        params.push(sqlScalar(equal));
      } else if (among && among.length > 0 && among.every(isScalar)) {
        if (terms.length === 0) lead = { field, values: among };
        terms.push(`${fieldExpression(field)} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(among));
      } else if (range) {
        // A range ends what the index can serve. SQLite orders numbers before text and compares
        // text by UTF-8 bytes, as MongoDB does within a type: what it selects covers the matches.
        for (const [operator, value] of range) {
          terms.push(`${fieldExpression(field)} ${RANGE_SQL[operator]} ?`);
          params.push(value);
        }
        break;
      } else break;
    }
    if (terms.length > 0 && (!best || terms.length > best.terms.length)) best = { terms, params, lead };
  }
  if (!best) return undefined;
  return {
    sql: `SELECT id, body FROM documents WHERE collection = ${sqlText(collection)} AND ${best.terms.join(' AND ')}`,
    params: best.params,
    ...(best.lead ? { lead: best.lead } : {}),
  };
}
