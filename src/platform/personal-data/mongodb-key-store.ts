import { Binary, MongoClient, MongoServerError, type Collection } from 'mongodb';
import { systemClock, type Clock } from '../clock.js';
import { newPersonalKey, PERSONAL_KEY_BYTES, PersonalDataErasedError, type PersonalKeyStore } from './key-store.js';

const DEFAULT_DATABASE = 'coop_ledger';
const COLLECTION = 'personal_keys';
const DUPLICATE_KEY = 11000;
/** Two upserts of one new subject can both try to insert; the loser retries and finds the winner's. */
const UPSERT_ATTEMPTS = 3;

/** A live document has `keyId` and `key`; a tombstone has `erasedAt` and no `key`. */
interface KeyDoc {
  subject: string;
  keyId?: string;
  key?: Binary;
  createdAt: string;
  erasedAt?: string;
}

export interface MongoPersonalKeyStoreOptions {
  clock?: Clock;
  /** Close the client with the store (what `connect` does: the client is the store's own). */
  ownsClient?: boolean;
}

/**
 * The server key store, for deployments whose read models run on MongoDB: keys stay out of
 * the event store (EventStoreDB or SQLite), so deleting one (GDPR art. 17 by crypto-shredding,
 * DESIGN.md "Personal data") makes that person's sealed fields unreadable in every event and
 * copy. Writes wait for a journaled majority: a key that a failover rolled back after its
 * event was appended would make that person unreadable for ever.
 *
 * What `$unset` cannot reach: the oplog keeps the insert that carried the key until it rolls
 * over, WiredTiger may keep freed blocks until reused, and backups keep what they copied.
 * Size the oplog window and backup retention with the erasure deadline in mind.
 */
export class MongoPersonalKeyStore implements PersonalKeyStore {
  readonly name = 'mongodb';
  private readonly keys: Collection<KeyDoc>;
  private readonly clock: Clock;
  private readonly ownsClient: boolean;
  private indexReady: Promise<unknown> | undefined;

  constructor(
    private readonly client: MongoClient,
    dbName: string = DEFAULT_DATABASE,
    options: MongoPersonalKeyStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.ownsClient = options.ownsClient ?? false;
    this.keys = client.db(dbName).collection<KeyDoc>(COLLECTION, {
      writeConcern: { w: 'majority', journal: true },
      readConcern: { level: 'majority' },
      readPreference: 'primary',
    });
  }

  /** `dbName` wins over the database in the URL path; without either, `coop_ledger` (as the read models). */
  /** Without waiting for the server (see `MongoReadModelStore.open`): its index is made on first use. */
  static open(url: string, dbName?: string, clock?: Clock): MongoPersonalKeyStore {
    return new MongoPersonalKeyStore(new MongoClient(url), dbName ?? databaseInUrl(url) ?? DEFAULT_DATABASE, {
      ownsClient: true,
      ...(clock && { clock }),
    });
  }

  static async connect(url: string, dbName?: string, clock?: Clock): Promise<MongoPersonalKeyStore> {
    const client = new MongoClient(url);
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    const store = new MongoPersonalKeyStore(client, dbName ?? databaseInUrl(url) ?? DEFAULT_DATABASE, {
      ownsClient: true,
      ...(clock && { clock }),
    });
    try {
      await store.ready();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async getOrCreate(subject: string): Promise<{ keyId: string; key: Buffer }> {
    await this.ready();
    const { keyId, key } = newPersonalKey();
    const doc = await this.upsert(() =>
      this.keys.findOneAndUpdate(
        { subject },
        { $setOnInsert: { subject, keyId, key: new Binary(key), createdAt: this.clock.now().toISOString() } },
        { upsert: true, returnDocument: 'after' },
      ),
    );
    if (!doc) throw new Error(`personal key of ${subject} vanished right after it was written`);
    if (doc.erasedAt !== undefined) throw new PersonalDataErasedError(subject, doc.erasedAt);
    if (!doc.keyId || !doc.key) throw new Error(`personal key document of ${subject} has neither a key nor an erasure`);
    return { keyId: doc.keyId, key: keyBytes(doc.key, subject) };
  }

  async get(subject: string, keyId: string): Promise<Buffer | null> {
    await this.ready();
    const doc = await this.keys.findOne(
      { subject, keyId, key: { $exists: true }, erasedAt: { $exists: false } },
      { projection: { key: 1 } },
    );
    return doc?.key ? keyBytes(doc.key, subject) : null;
  }

  async erase(subject: string): Promise<{ erasedAt: string }> {
    await this.ready();
    const now = this.clock.now().toISOString();
    // An update pipeline, so that erasing again keeps the first instant. Values are $literal:
    // a subject starting with `$` would otherwise be read as a field path.
    const doc = await this.upsert(() =>
      this.keys.findOneAndUpdate(
        { subject },
        [
          {
            $set: {
              subject: { $literal: subject },
              createdAt: { $ifNull: ['$createdAt', { $literal: now }] },
              erasedAt: { $ifNull: ['$erasedAt', { $literal: now }] },
            },
          },
          { $unset: 'key' },
        ],
        { upsert: true, returnDocument: 'after' },
      ),
    );
    if (!doc?.erasedAt) throw new Error(`erasure of ${subject} was not recorded`);
    return { erasedAt: doc.erasedAt };
  }

  async isErased(subject: string): Promise<boolean> {
    await this.ready();
    return (await this.keys.findOne({ subject, erasedAt: { $exists: true } }, { projection: { _id: 1 } })) !== null;
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  /** One subject, one document: the unique index is what makes concurrent creators agree. */
  private ready(): Promise<unknown> {
    this.indexReady ??= this.keys.createIndex({ subject: 1 }, { unique: true, name: 'subject_unique' }).catch((error) => {
      this.indexReady = undefined;
      throw error;
    });
    return this.indexReady;
  }

  /**
   * An upsert racing another upsert of the same new subject may fail on the unique index
   * (the server retries some of these itself, not all); running it again finds the winner.
   */
  private async upsert<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY || attempt >= UPSERT_ATTEMPTS) throw error;
      }
    }
  }
}

function keyBytes(stored: Binary, subject: string): Buffer {
  const key = Buffer.from(stored.value());
  if (key.length !== PERSONAL_KEY_BYTES)
    throw new Error(`personal key of ${subject} has ${key.length} bytes, not ${PERSONAL_KEY_BYTES}`);
  return key;
}

/**
 * The database named in the URL path, if any, parsed as the read-model store does: a MongoDB
 * URL may list several hosts, which WHATWG URL rejects.
 */
function databaseInUrl(url: string): string | undefined {
  const afterScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostsEnd = afterScheme.search(/[/?]/);
  if (hostsEnd < 0 || afterScheme[hostsEnd] !== '/') return undefined;
  const path = afterScheme.slice(hostsEnd + 1).split('?')[0] ?? '';
  return path ? decodeURIComponent(path) : undefined;
}
