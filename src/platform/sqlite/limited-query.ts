import type Database from 'better-sqlite3';

/** Distinct limits given a prepared statement of their own; past them the limit is bound. */
const MAX_LIMITS = 8;
const BOUND_LIMIT = /\bLIMIT \?$/;

/**
 * A query that ends in `LIMIT ?`, run with the limit written into its SQL: one prepared
 * statement per limit it is run with (a reader uses one or two: its page, and a last shorter
 * one), and past {@link MAX_LIMITS} of them the statement with the limit bound.
 *
 * A bound LIMIT makes every run of the statement cost what preparing it costs: SQLite's planner
 * takes the value bound to a LIMIT into account, so each new binding recompiles the statement.
 * Measured with the bundled SQLite 3.53: a stream read that finds nothing in an in-memory table,
 * 6.8 µs a run with `LIMIT ?` and 0.56 µs with `LIMIT 1000`; on a 100k-event file, 13.7 µs
 * against 5.5 µs; in the service under the bench's command mix, where it runs about three times
 * a command, 50 µs against 15 µs (bench/README.md, limit27).
 */
export class LimitedQuery<P extends unknown[], R> {
  private readonly byLimit = new Map<number, Database.Statement<P, R>>();
  private bound: Database.Statement<[...P, number], R> | undefined;

  /**
   * @param sql a query ending in `LIMIT ?`, whose other parameters are `P`
   * @param rows each row as an array of its columns (`raw`) or as its first column alone (`pluck`)
   */
  constructor(
    private readonly db: Database.Database,
    private readonly sql: string,
    private readonly rows: 'objects' | 'raw' | 'pluck' = 'objects',
  ) {
    if (!BOUND_LIMIT.test(sql)) throw new Error(`LimitedQuery needs a query ending in "LIMIT ?": ${sql}`);
  }

  /** At most `limit` rows of the query with `params`. */
  all(limit: number, ...params: P): R[] {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`A LIMIT is a whole number, not ${limit}`);
    let statement = this.byLimit.get(limit);
    if (statement === undefined) {
      if (this.byLimit.size >= MAX_LIMITS) return this.boundStatement().all(...params, limit);
      statement = this.prepare<P>(this.sql.replace(BOUND_LIMIT, `LIMIT ${limit}`));
      this.byLimit.set(limit, statement);
    }
    return statement.all(...params);
  }

  private boundStatement(): Database.Statement<[...P, number], R> {
    return (this.bound ??= this.prepare<[...P, number]>(this.sql));
  }

  private prepare<Q extends unknown[]>(sql: string): Database.Statement<Q, R> {
    const statement = this.db.prepare<Q, R>(sql);
    if (this.rows === 'raw') statement.raw(true);
    if (this.rows === 'pluck') statement.pluck(true);
    return statement;
  }
}
