import {
  MongoClient,
  MongoServerError,
  WriteConcern,
  type ClientSession,
  type Collection,
  type Db,
  type Document,
  type FindCursor,
  type Filter as MongoFilter,
  type TransactionOptions,
  type UpdateFilter,
  type UpdateResult as MongoUpdateResult,
} from 'mongodb';
import {
  DuplicateDocumentError,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ReadCollection,
  type ReadModelStore,
  type ReadModelTransaction,
  type TransactionLimits,
  type Update,
  type UpdateResult,
  type WriteCollection,
} from '../read-model-store.js';

/** Read-model documents carry string ids chosen by the projection, never ObjectIds. */
type StoredDoc = Document & { _id: string };

const DEFAULT_DATABASE = 'coop_ledger';
const DUPLICATE_KEY = 11000;
/** A readiness probe must answer quickly; the driver would otherwise wait out server selection (30 s). */
const PING_TIMEOUT_MS = 5_000;

/**
 * A transaction reads one majority-committed point in time, and commits with `w: majority` so
 * that the next transaction's snapshot includes it. When two transactions write the same
 * document (a projection's read-modify-write racing another), the later one gets a
 * WriteConflict labelled TransientTransactionError and `withTransaction` runs it again on fresh
 * data: no update is lost.
 */
const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: new WriteConcern('majority'),
  readPreference: 'primary',
};

/**
 * The server adapter of the read-model port: queries and updates are handed to MongoDB as they
 * are, since the port speaks MongoDB's language. Transactions need a replica set (a single-node
 * one is enough), which is what docker-compose and CI run.
 */
/**
 * Well inside MongoDB's default transaction lifetime (60 s): a commit, retries of write
 * conflicts and a slow batch must all fit in it.
 */
const TRANSACTION_LIMITS: TransactionLimits = { maxEvents: 1_000, maxMs: 15_000 };

export class MongoReadModelStore implements ReadModelStore {
  readonly name = 'mongodb';
  readonly transactionLimits: TransactionLimits;

  private constructor(
    /** The service's one MongoClient (its connection pool): whatever else lives in MongoDB shares it. */
    readonly client: MongoClient,
    private readonly db: Db,
    transactionLimits: Partial<TransactionLimits> = {},
  ) {
    this.transactionLimits = { ...TRANSACTION_LIMITS, ...transactionLimits };
  }

  /** The database the read models live in. */
  get databaseName(): string {
    return this.db.databaseName;
  }

  /** `dbName` wins over the database in the URL path; without either, `coop_ledger`. */
  static async connect(
    url: string,
    dbName?: string,
    options: { transactionLimits?: Partial<TransactionLimits> } = {},
  ): Promise<MongoReadModelStore> {
    // ignoreUndefined: documents are JSON, where an undefined property does not exist; the
    // driver would otherwise store it as null and the embedded adapter would not.
    const client = new MongoClient(url, { ignoreUndefined: true });
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    return new MongoReadModelStore(
      client,
      client.db(dbName ?? databaseInUrl(url) ?? DEFAULT_DATABASE),
      options.transactionLimits,
    );
  }

  /**
   * Without waiting for the server: the driver connects on the first operation, and each one
   * fails (and may be tried again) while the server is unreachable. How the service starts
   * while MongoDB is down, reporting not ready until it answers.
   */
  static open(url: string, dbName?: string): MongoReadModelStore {
    const client = new MongoClient(url, { ignoreUndefined: true });
    return new MongoReadModelStore(client, client.db(dbName ?? databaseInUrl(url) ?? DEFAULT_DATABASE));
  }

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return new MongoCollection<T>(name, this.db.collection<StoredDoc>(name));
  }

  /**
   * `withTransaction` re-runs `work` on transient errors (write conflicts between concurrent
   * transactions, elections), which is how concurrent projections serialise on the server.
   * Operations of one transaction must be awaited one after another: the driver does not
   * support parallel operations on a session.
   */
  async transaction<R>(work: (tx: ReadModelTransaction) => Promise<R>): Promise<R> {
    const session = this.client.startSession();
    try {
      return await session.withTransaction((txSession) => work(new MongoTransaction(this.db, txSession)), TRANSACTION_OPTIONS);
    } finally {
      await session.endSession();
    }
  }

  async createIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.db.collection(collection).createIndexes(indexes.map((index) => ({ key: index.fields })));
  }

  async dropCollection(name: string): Promise<void> {
    // The driver treats a missing collection as already dropped.
    await this.db.dropCollection(name);
  }

  async listCollections(): Promise<string[]> {
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    // system.* collections (views, profiling) belong to the server, not to the read models.
    return collections
      .map((collection) => collection.name)
      .filter((name) => !name.startsWith('system.'))
      .sort();
  }

  async ping(): Promise<boolean> {
    try {
      const reply = await this.db.command({ ping: 1 }, { signal: AbortSignal.timeout(PING_TIMEOUT_MS) });
      return reply['ok'] === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Hands out collections bound to the transaction's session, so each operation joins it. */
class MongoTransaction implements ReadModelTransaction {
  constructor(
    private readonly db: Db,
    private readonly session: ClientSession,
  ) {}

  collection<T extends Doc = Doc>(name: string): WriteCollection<T> {
    return new MongoCollection<T>(name, this.db.collection<StoredDoc>(name), this.session);
  }
}

/**
 * One collection, either outside any transaction (reads only, as the port hands it out) or
 * bound to a transaction's session: an operation without `{ session }` would silently run
 * outside the transaction.
 */
class MongoCollection<T extends Doc> implements WriteCollection<T> {
  constructor(
    private readonly name: string,
    private readonly collection: Collection<StoredDoc>,
    private readonly session?: ClientSession,
  ) {}

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    return (await this.cursor(filter, options).toArray()) as T[];
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.collection.findOne(asFilter(filter), { session: this.session })) as T | null;
  }

  async count(filter: Filter = {}): Promise<number> {
    // countDocuments, not estimatedDocumentCount: it honours the filter and works in a transaction.
    return this.collection.countDocuments(asFilter(filter), { session: this.session });
  }

  /** The cursor fetches in batches, and closes itself when the consumer stops early. */
  async *stream(filter: Filter = {}, options: Pick<FindOptions, 'sort' | 'projection'> = {}): AsyncIterable<T> {
    for await (const doc of this.cursor(filter, options)) {
      yield doc as T;
    }
  }

  async insertOne(doc: T): Promise<void> {
    try {
      await this.collection.insertOne(doc, { session: this.session });
    } catch (error) {
      throw this.duplicateOr(error, doc._id);
    }
  }

  async replaceOne(filter: Filter, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    try {
      const result = await this.collection.replaceOne(asFilter(filter), doc, {
        session: this.session,
        upsert: options.upsert ?? false,
      });
      return updateResult(result);
    } catch (error) {
      throw this.duplicateOr(error, doc._id);
    }
  }

  async put(doc: T): Promise<void> {
    // MongoDB's own upsert finds the key in the `_id` index as it writes: one round trip either way.
    await this.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    try {
      // $setOnInsert and the upserted document built from the filter's equalities are native.
      const result = await this.collection.updateOne(asFilter(filter), update as UpdateFilter<StoredDoc>, {
        session: this.session,
        upsert: options.upsert ?? false,
      });
      return updateResult(result);
    } catch (error) {
      throw this.duplicateOr(error, filter['_id']);
    }
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const result = await this.collection.updateMany(asFilter(filter), update as UpdateFilter<StoredDoc>, {
      session: this.session,
    });
    return updateResult(result);
  }

  async deleteOne(filter: Filter): Promise<number> {
    return (await this.collection.deleteOne(asFilter(filter), { session: this.session })).deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.collection.deleteMany(asFilter(filter), { session: this.session })).deletedCount;
  }

  private cursor(filter: Filter, options: FindOptions): FindCursor<StoredDoc> {
    return this.collection.find(asFilter(filter), {
      session: this.session,
      ...(options.sort && { sort: options.sort }),
      ...(options.projection && { projection: options.projection }),
      ...(options.skip !== undefined && { skip: options.skip }),
      ...(options.limit !== undefined && { limit: options.limit }),
    });
  }

  /**
   * Only duplicate keys become the port's error; every other MongoError must reach
   * `withTransaction` untouched, because its labels decide whether the transaction is retried.
   */
  private duplicateOr(error: unknown, fallbackId: unknown): unknown {
    if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) return error;
    const keyValue: unknown = error['keyValue'];
    const id = keyValue && typeof keyValue === 'object' && '_id' in keyValue ? (keyValue as { _id: unknown })._id : fallbackId;
    const duplicate = new DuplicateDocumentError(this.name, String(id));
    duplicate.cause = error;
    return duplicate;
  }
}

function asFilter(filter: Filter): MongoFilter<StoredDoc> {
  return filter as MongoFilter<StoredDoc>;
}

function updateResult(result: MongoUpdateResult<StoredDoc>): UpdateResult {
  return {
    matched: result.matchedCount,
    modified: result.modifiedCount,
    upserted: result.upsertedCount > 0,
  };
}

/**
 * The database named in the URL path, if any. Parsed by hand because a MongoDB URL may list
 * several hosts, which WHATWG URL rejects; the connection-string format puts the first `/`
 * after the host list, and user names and passwords must percent-encode theirs.
 */
function databaseInUrl(url: string): string | undefined {
  const afterScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostsEnd = afterScheme.search(/[/?]/);
  if (hostsEnd < 0 || afterScheme[hostsEnd] !== '/') return undefined;
  const path = afterScheme.slice(hostsEnd + 1).split('?')[0] ?? '';
  return path ? decodeURIComponent(path) : undefined;
}
