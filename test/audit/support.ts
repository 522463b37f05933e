import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerSealed, SEAL_STREAM, sealHistory, type LedgerSealedData } from '../../src/audit/seal.js';
import {
  applicationStream,
  memberStream,
  membershipEvents,
  REGISTER_STREAM,
  type MembershipEvent,
} from '../../src/membership/domain/membership-events.js';
import { admitted, appId, applied, ended, memberId, rejected } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { ChainedEventStore } from '../../src/platform/event-store/chained-event-store.js';
import { EventRegistry } from '../../src/platform/event-store/event-registry.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { chainHash, genesisHash } from '../../src/platform/integrity/hash-chain.js';
import type { EventMetadata, NewEvent } from '../../src/platform/event-store/event-store.js';
import type { EventStorage } from '../../src/platform/event-store/storage.js';

/**
 * What an intruder with write access to `events.sqlite` can do, done the way they would do
 * it: straight in the file, after the store is closed, knowing the chain's algorithm.
 */

export const tempDir = (prefix = 'coop-audit-') => mkdtempSync(join(tmpdir(), prefix));

export const openStore = (file: string, registry: EventRegistry, clock = new FixedClock('2026-03-02T10:00:00Z')) =>
  new ChainedEventStore(new SqliteEventStorage(file), registry, clock);

export const actor = { keyId: 'test-secretary', role: 'secretary' };

/** The same adapter without its stored-text read: the verifier parses and canonicalises every event. */
export const withoutText = (storage: EventStorage): EventStorage =>
  Object.create(storage, { readAllText: { value: undefined } }) as EventStorage;

export function envelope(n: number, type: string, data: unknown): NewEvent {
  const commandId = `cmd-${n}`;
  return {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    type,
    data,
    metadata: { actor, commandId, correlationId: commandId, causationId: commandId },
  };
}

export interface Row {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

export class Tamper {
  readonly db: Database.Database;
  constructor(file: string) {
    this.db = new Database(file);
  }
  close(): void {
    this.db.close();
  }

  rows(): Row[] {
    return this.db.prepare<[], Row>('SELECT * FROM events ORDER BY position').all();
  }
  streamRows(stream: string): Row[] {
    return this.db.prepare<[string], Row>('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(stream);
  }
  at(stream: string, revision: number): Row {
    const row = this.db
      .prepare<[string, number], Row>('SELECT * FROM events WHERE stream = ? AND revision = ?')
      .get(stream, revision);
    if (!row) throw new Error(`no event ${stream}@${revision}`);
    return row;
  }

  editData(position: number, edit: (data: Record<string, unknown>) => unknown): void {
    const row = this.byPosition(position);
    this.db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(edit(JSON.parse(row.data))), position);
  }

  editMetadata(position: number, edit: (metadata: Record<string, unknown>) => unknown): void {
    const row = this.byPosition(position);
    this.db
      .prepare('UPDATE events SET metadata = ? WHERE position = ?')
      .run(JSON.stringify(edit(JSON.parse(row.metadata))), position);
  }

  delete(...positions: number[]): void {
    const remove = this.db.prepare('DELETE FROM events WHERE position = ?');
    for (const position of positions) remove.run(position);
  }

  /** Moves each event into the other's place: its position and revision, in its stream. */
  swapContents(a: number, b: number): void {
    const [x, y] = [this.byPosition(a), this.byPosition(b)];
    const set = this.db.prepare('UPDATE events SET id = ?, type = ?, data = ?, metadata = ? WHERE position = ?');
    this.db.transaction(() => {
      set.run(`swap-${x.id}`, x.type, x.data, x.metadata, a); // frees x's id (ids are unique)
      set.run(x.id, x.type, x.data, x.metadata, b);
      set.run(y.id, y.type, y.data, y.metadata, a);
    })();
  }

  /** Swaps the two events' places in `$all` only. */
  swapPositions(a: number, b: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
      this.db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
      this.db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
    })();
  }

  truncate(stream: string, count: number): void {
    const rows = this.streamRows(stream);
    this.delete(...rows.slice(rows.length - count).map((r) => r.position));
  }

  deleteStream(stream: string): void {
    this.db.prepare('DELETE FROM events WHERE stream = ?').run(stream);
  }

  /**
   * Inserts a forged event into `stream` at `revision`, just before the event that held that
   * revision (or just after the stream's last one), renumbering the later positions and
   * revisions. The forged event chains correctly from its predecessor; with `rechain`, so does
   * the rest of the stream.
   */
  insertForged(stream: string, revision: number, type: string, data: unknown, options: { rechain: boolean }): number {
    const rows = this.streamRows(stream);
    const position = revision < rows.length ? rows[revision]!.position : rows[rows.length - 1]!.position + 1;
    const template = JSON.parse(rows[0]!.metadata) as EventMetadata;
    this.db.transaction(() => {
      this.db.prepare('UPDATE events SET position = -position - 1 WHERE position >= ?').run(position);
      this.db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
      this.db.prepare('UPDATE events SET revision = -revision - 1 WHERE stream = ? AND revision >= ?').run(stream, revision);
      this.db.prepare('UPDATE events SET revision = -revision WHERE stream = ? AND revision < 0').run(stream);
      const prevHash = revision === 0 ? genesisHash(stream) : (JSON.parse(rows[revision - 1]!.metadata) as EventMetadata).hash;
      const metadata: Omit<EventMetadata, 'hash'> & { hash?: string } = {
        ...template,
        commandId: 'forged',
        correlationId: 'forged',
        causationId: 'forged',
        prevHash,
      };
      delete metadata.hash;
      const hash = chainHash(prevHash, { stream, revision: BigInt(revision), type, data, metadata });
      this.db
        .prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(position, `forged-${position}`, stream, revision, type, JSON.stringify(data), JSON.stringify({ ...metadata, hash }));
      if (options.rechain) this.rechain(stream, revision + 1);
    })();
    return position;
  }

  /**
   * Inserts a forged first event of a new stream at `position`, the later positions moved on
   * by one: every chain holds, since the new stream starts from its genesis.
   */
  insertNewStream(position: number, stream: string, type: string, data: unknown): void {
    const template = JSON.parse(this.rows()[0]!.metadata) as EventMetadata;
    const { hash: _old, ...rest } = template;
    const metadata = {
      ...rest,
      commandId: 'forged',
      correlationId: 'forged',
      causationId: 'forged',
      prevHash: genesisHash(stream),
    };
    const hash = chainHash(genesisHash(stream), { stream, revision: 0n, type, data, metadata });
    this.db.transaction(() => {
      this.db.prepare('UPDATE events SET position = -position - 1 WHERE position >= ?').run(position);
      this.db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
      this.db
        .prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(position, `forged-${position}`, stream, 0, type, JSON.stringify(data), JSON.stringify({ ...metadata, hash }));
    })();
  }

  /** Recomputes the chain of `stream` from `fromRevision` on, as a careful forger would. */
  rechain(stream: string, fromRevision: number): void {
    const rows = this.streamRows(stream);
    let prevHash =
      fromRevision === 0 ? genesisHash(stream) : (JSON.parse(rows[fromRevision - 1]!.metadata) as EventMetadata).hash;
    const update = this.db.prepare('UPDATE events SET metadata = ? WHERE position = ?');
    for (const row of rows.slice(fromRevision)) {
      const { hash: _old, ...metadata } = JSON.parse(row.metadata) as EventMetadata;
      const withPrev = { ...metadata, prevHash };
      const hash = chainHash(prevHash, {
        stream,
        revision: BigInt(row.revision),
        type: row.type,
        data: JSON.parse(row.data),
        metadata: withPrev,
      });
      update.run(JSON.stringify({ ...withPrev, hash }), row.position);
      prevHash = hash;
    }
  }

  /** The seals as recorded, in `$all` order. */
  seals(): Array<Row & { sealed: LedgerSealedData }> {
    return this.streamRows(SEAL_STREAM)
      .filter((row) => row.type === LedgerSealed.type)
      .map((row) => ({ ...row, sealed: JSON.parse(row.data) as LedgerSealedData }));
  }

  private byPosition(position: number): Row {
    const row = this.db.prepare<[number], Row>('SELECT * FROM events WHERE position = ?').get(position);
    if (!row) throw new Error(`no event at position ${position}`);
    return row;
  }
}

/**
 * A small but real cooperative: six applications (seal), then admissions, a rejection, a
 * category change, an exit and share movements on the register and members' streams (seal).
 */
export async function writeMembershipHistory(events: ChainedEventStore, clock: FixedClock): Promise<void> {
  let n = 0;
  const put = (stream: string, type: string, data: unknown, expected: 'no_stream' | bigint) =>
    events.append(stream, [envelope(++n, type, data)], expected);
  for (let i = 1; i <= 6; i++) await put(applicationStream(appId(i)), 'MembershipApplied', applied(i), 'no_stream');
  clock.advance(60_000);
  await sealHistory(events, actor, { clock, commandId: 'seal-1' });
  let register = -1n;
  const onRegister = async (event: MembershipEvent) => {
    await put(REGISTER_STREAM, event.type, event.data, register < 0n ? 'no_stream' : register);
    register += 1n;
  };
  for (let i = 1; i <= 4; i++) {
    await onRegister(admitted(i, i === 4 ? 'volunteer' : 'worker', `2026-02-0${i}`));
    await put(
      memberStream(memberId(i)),
      'SharesSubscribed',
      { memberId: memberId(i), count: i, nominalValueCents: 2_500, subscribedOn: '2026-02-10' },
      'no_stream',
    );
    await put(
      memberStream(memberId(i)),
      'SharesPaid',
      { memberId: memberId(i), amountCents: i * 2_500, paidOn: '2026-02-12' },
      0n,
    );
  }
  await onRegister(rejected(5));
  await onRegister({
    type: 'MemberCategoryChanged',
    data: { memberId: memberId(2), from: 'worker', to: 'user', boardResolutionId: 'cda-c', changedOn: '2026-02-20' },
  });
  await onRegister(ended(3, '2026-02-25', 'death'));
  clock.advance(60_000);
  await sealHistory(events, actor, { clock, commandId: 'seal-2' });
}

export const membershipRegistry = () => new EventRegistry().register(...membershipEvents, LedgerSealed);

export const volunteerId = (n: number) => `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`;
const insurer = 'Cattolica Assicurazioni';

/**
 * The register of volunteers of {@link writeMembershipHistory}'s cooperative: member no. 4
 * (a socio volontario, Rossi 4) enrolled and insured; a non-member, Bianchi Luca, enrolled,
 * insured and left; a non-member, Verdi Anna, enrolled on 2026-03-15. Personal data are
 * sealed with the plain scheme, as the membership history's are.
 */
export async function writeVolunteerHistory(events: ChainedEventStore, from = 300): Promise<void> {
  let n = from;
  const put = (id: number, events_: Array<[string, unknown]>) =>
    events.append(
      `volunteer-${volunteerId(id)}`,
      events_.map(([type, data]) => envelope(++n, type, data)),
      'no_stream',
    );
  const sealed = (subject: string, fields: Record<string, unknown>) => ({ subject, scheme: 'none', fields });
  const nonMember = (id: number, givenName: string, familyName: string) => ({
    kind: 'non_member',
    personId: volunteerId(100 + id),
    person: sealed(volunteerId(100 + id), {
      givenName,
      familyName,
      fiscalCode: `${familyName.slice(0, 3).toUpperCase()}LCU80A01H501Z`,
    }),
  });
  const enrolled = (id: number, volunteer: unknown, enrolledOn: string, unit: string) =>
    [
      'VolunteerEnrolled',
      {
        volunteerId: volunteerId(id),
        volunteer,
        enrolledOn,
        unit,
        activity: 'animazione',
        contactWithMinors: false,
        criminalRecordCheckedOn: null,
      },
    ] as [string, unknown];
  const insured = (id: number, subject: string, coveredFrom: string) =>
    [
      'VolunteerInsured',
      {
        volunteerId: volunteerId(id),
        insurer,
        policy: sealed(subject, { policyNumber: `POL-${id}` }),
        coveredFrom,
        coveredUntil: '2026-12-31',
      },
    ] as [string, unknown];
  await put(1, [
    enrolled(1, { kind: 'member', memberId: memberId(4) }, '2026-02-05', 'nido Girasole'),
    insured(1, memberId(4), '2026-02-05'),
  ]);
  await put(2, [
    enrolled(2, nonMember(2, 'Luca', 'Bianchi'), '2026-02-10', 'centro diurno'),
    insured(2, volunteerId(102), '2026-02-10'),
    ['VolunteerLeft', { volunteerId: volunteerId(2), personId: volunteerId(102), leftOn: '2026-02-20', reason: 'resignation' }],
  ]);
  await put(3, [enrolled(3, nonMember(3, 'Anna', 'Verdi'), '2026-03-15', 'centro estivo')]);
}
