import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Doc, ReadModelStore, ReadModelTransaction } from '../read-models/read-model-store.js';

/** One lease per projector (and process manager), kept beside the read models. */
export const LEASES = '_projection_leases';

export interface LeaseDoc extends Doc {
  /** `<host>:<pid>:<random>`: the instance that runs the projector. */
  holder: string;
  /** Epoch milliseconds: after this, any instance may take the lease. */
  expiresAt: number;
  acquiredAt: number;
}

/** A lease as the status shows it. */
export interface LeaseView {
  holder: string;
  expiresAt: string;
  /** This instance holds it. */
  mine: boolean;
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal. Default 15 s. */
  ttlMs?: number;
  /** This instance's id; default `<host>:<pid>:<random>`. */
  holder?: string;
  /** Wall-clock milliseconds: leases are compared across processes, not business time. */
  now?: () => number;
}

export const newHolderId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Leases taken and renewed by compare-and-set in a read-model transaction: the transaction
 * reads the lease and writes it only if it is free, lapsed or already ours. On the embedded
 * store transactions are serialised by SQLite's write lock (across processes); on MongoDB two
 * transactions writing the same lease conflict and the loser runs again, reading the winner.
 */
export class Leases {
  readonly holder: string;
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly readModels: ReadModelStore,
    options: LeaseOptions = {},
  ) {
    this.holder = options.holder ?? newHolderId();
    this.ttlMs = options.ttlMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes or renews the lease; returns it as it stands afterwards (held by us, or by another). */
  async acquire(name: string): Promise<LeaseDoc> {
    // Another's lease in force: no transaction (a standby never takes the store's write lock).
    const seen = await this.read(name);
    if (this.heldByAnother(seen)) return seen!;
    return this.readModels.transaction(async (tx) => {
      const leases = tx.collection<LeaseDoc>(LEASES);
      const current = await leases.findOne({ _id: name });
      const now = this.now();
      if (this.heldByAnother(current)) return current!;
      const lease: LeaseDoc = {
        _id: name,
        holder: this.holder,
        expiresAt: now + this.ttlMs,
        acquiredAt: current?.holder === this.holder ? current.acquiredAt : now,
      };
      await leases.replaceOne({ _id: name }, lease, { upsert: true });
      return lease;
    });
  }

  /** Gives the lease up (on shutdown), so that another instance takes over at once. */
  async release(name: string): Promise<void> {
    await this.readModels.transaction(async (tx: ReadModelTransaction) => {
      const leases = tx.collection<LeaseDoc>(LEASES);
      const current = await leases.findOne({ _id: name });
      if (current?.holder === this.holder) await leases.updateOne({ _id: name }, { $set: { expiresAt: 0 } });
    });
  }

  private heldByAnother(lease: LeaseDoc | null): boolean {
    return !!lease && lease.holder !== this.holder && this.isLive(lease);
  }

  /** In force: not lapsed, and its holder not a process of this host that is gone. */
  isLive(lease: LeaseDoc): boolean {
    return lease.expiresAt > this.now() && !this.deadHereBefore(lease.holder);
  }

  async read(name: string): Promise<LeaseDoc | null> {
    return this.readModels.collection<LeaseDoc>(LEASES).findOne({ _id: name });
  }

  view(lease: LeaseDoc | null): LeaseView | null {
    return (
      lease && { holder: lease.holder, expiresAt: new Date(lease.expiresAt).toISOString(), mine: lease.holder === this.holder }
    );
  }

  /**
   * A holder on this host whose process is gone (killed, crashed): its lease need not be
   * waited out. Also an earlier run with this very pid (a container restarted). Elsewhere,
   * only the expiry counts.
   */
  private deadHereBefore(holder: string): boolean {
    const [host, pidText] = holder.split(':');
    const pid = Number(pidText);
    if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
    if (pid === process.pid) return true;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
}
