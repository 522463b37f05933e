import { DayColumn } from '../../platform/collections/day-column.js';
import { HexKeyIndex } from '../../platform/collections/hex-key-index.js';
import type { MemberCategory } from './membership-events.js';

/** What the register knows of one decided application. */
export interface ApplicationDecision {
  status: ApplicationStatus;
  communicatedOn?: string;
  memberId?: string;
  erased: boolean;
}

type ApplicationStatus = 'admitted' | 'rejected' | 'appealed' | 'appeal-upheld' | 'appeal-dismissed';

export interface RegisteredMember {
  memberNumber: number;
  category: MemberCategory;
  /** Since when the member is in `category`: a later change cannot be dated before it. */
  categorySince: string;
  fiscalCodeIndex: string;
  admittedOn: string;
  status: 'active' | 'ended';
  withdrawalRequestedOn?: string;
  exclusionCommunicatedOn?: string;
  exclusionOpposed: boolean;
  endedOn?: string;
  erased: boolean;
}

/*
 * The register's decider state holds a row for every member and application the cooperative
 * ever had, for the life of the process: as objects in Maps that was ~400 bytes a member
 * (bench/README.md, rebuild20: 234 MB for a 1M-event history). Here each is a row of typed
 * columns behind an insert-only key index, ~120 bytes a member; `get` hands the decider a
 * fresh object to read, and `evolve` changes the columns through the methods below.
 */

const INITIAL_ROWS = 256;

function grown<T extends Uint8Array | Int32Array | Float64Array>(column: T, capacity: number): T {
  if (capacity <= column.length) return column;
  const next = new (column.constructor as new (length: number) => T)(capacity);
  next.set(column);
  return next;
}

/** Values of a string-valued column, each stored as a small code (1 byte a row). */
class Codes<V extends string> {
  private readonly values: V[] = [];
  private readonly codes = new Map<V, number>();
  code(value: V): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      if (this.values.length === 255) throw new RangeError('more than 255 distinct values in a coded column');
      code = this.values.push(value) - 1;
      this.codes.set(value, code);
    }
    return code;
  }
  value(code: number): V {
    const value = this.values[code];
    if (value === undefined) throw new RangeError(`no value coded ${code}`);
    return value;
  }
}

const ENDED = 1;
const EXCLUSION_OPPOSED = 2;
const ERASED = 4;

/** The register's members, by member id. */
export class MemberTable implements Iterable<[string, RegisteredMember]> {
  private readonly ids = new HexKeyIndex('uuid', INITIAL_ROWS);
  private readonly fiscalCodes = new HexKeyIndex('hex64', INITIAL_ROWS);
  private readonly categories = new Codes<MemberCategory>();
  private capacity = INITIAL_ROWS;
  private memberNumber = new Float64Array(INITIAL_ROWS);
  private category = new Uint8Array(INITIAL_ROWS);
  private flags = new Uint8Array(INITIAL_ROWS);
  /** The member's row in `fiscalCodes`. */
  private fiscalCode = new Int32Array(INITIAL_ROWS);
  /** By fiscal code's row: the member last admitted with it (M6 lets at most that one be active). */
  private latestWithFiscalCode = new Int32Array(INITIAL_ROWS);
  private fiscalCodeCapacity = INITIAL_ROWS;
  private readonly categorySince = new DayColumn(INITIAL_ROWS);
  private readonly admittedOn = new DayColumn(INITIAL_ROWS);
  private readonly withdrawalRequestedOn = new DayColumn(INITIAL_ROWS);
  private readonly exclusionCommunicatedOn = new DayColumn(INITIAL_ROWS);
  private readonly endedOn = new DayColumn(INITIAL_ROWS);

  get size(): number {
    return this.ids.size;
  }

  has(memberId: string): boolean {
    return this.ids.rowOf(memberId) >= 0;
  }

  /** A copy of what the register holds of the member, to read. */
  get(memberId: string): RegisteredMember | undefined {
    const row = this.ids.rowOf(memberId);
    return row < 0 ? undefined : this.member(row);
  }

  /** M6: the active member recorded with this fiscal code, if any. */
  activeWithFiscalCode(fiscalCodeIndex: string): string | undefined {
    const code = this.fiscalCodes.rowOf(fiscalCodeIndex);
    if (code < 0) return undefined;
    const row = this.latestWithFiscalCode[code] ?? -1;
    return row < 0 || this.fiscalCode[row] !== code || (this.flags[row] ?? 0) & ENDED ? undefined : this.ids.keyOf(row);
  }

  /** Records an admission (a member admitted again under the same id starts afresh). */
  admit(
    memberId: string,
    admission: { memberNumber: number; category: MemberCategory; admittedOn: string; fiscalCodeIndex: string },
  ): number {
    const row = this.ids.insert(memberId);
    if (row >= this.capacity) this.grow();
    const code = this.fiscalCodes.insert(admission.fiscalCodeIndex);
    if (code >= this.fiscalCodeCapacity) {
      this.fiscalCodeCapacity *= 2;
      this.latestWithFiscalCode = grown(this.latestWithFiscalCode, this.fiscalCodeCapacity);
    }
    this.memberNumber[row] = admission.memberNumber;
    this.category[row] = this.categories.code(admission.category);
    this.flags[row] = 0;
    this.fiscalCode[row] = code;
    this.latestWithFiscalCode[code] = row;
    this.categorySince.set(row, admission.admittedOn);
    this.admittedOn.set(row, admission.admittedOn);
    this.withdrawalRequestedOn.set(row, undefined);
    this.exclusionCommunicatedOn.set(row, undefined);
    this.endedOn.set(row, undefined);
    return row;
  }

  /** The member's row, or −1 for a member the register does not hold. */
  rowOf(memberId: string): number {
    return this.ids.rowOf(memberId);
  }

  idOf(row: number): string {
    return this.ids.keyOf(row);
  }

  isActive(row: number): boolean {
    return ((this.flags[row] ?? 0) & ENDED) === 0;
  }

  categoryOf(row: number): MemberCategory {
    return this.categories.value(this.category[row] ?? 0);
  }

  changeCategory(row: number, to: MemberCategory, since: string): void {
    this.category[row] = this.categories.code(to);
    this.categorySince.set(row, since);
  }

  requestWithdrawal(row: number, requestedOn: string | undefined): void {
    this.withdrawalRequestedOn.set(row, requestedOn);
  }

  communicateExclusion(row: number, communicatedOn: string): void {
    this.exclusionCommunicatedOn.set(row, communicatedOn);
  }

  opposeExclusion(row: number): void {
    this.flags[row] = (this.flags[row] ?? 0) | EXCLUSION_OPPOSED;
  }

  end(row: number, endedOn: string): void {
    this.flags[row] = (this.flags[row] ?? 0) | ENDED;
    this.endedOn.set(row, endedOn);
    this.withdrawalRequestedOn.set(row, undefined);
  }

  erase(row: number): void {
    this.flags[row] = (this.flags[row] ?? 0) | ERASED;
  }

  *[Symbol.iterator](): IterableIterator<[string, RegisteredMember]> {
    for (let row = 0; row < this.ids.size; row++) yield [this.ids.keyOf(row), this.member(row)];
  }

  private member(row: number): RegisteredMember {
    const flags = this.flags[row] ?? 0;
    const withdrawalRequestedOn = this.withdrawalRequestedOn.get(row);
    const exclusionCommunicatedOn = this.exclusionCommunicatedOn.get(row);
    const endedOn = this.endedOn.get(row);
    return {
      memberNumber: this.memberNumber[row] ?? 0,
      category: this.categories.value(this.category[row] ?? 0),
      categorySince: this.categorySince.get(row) as string,
      fiscalCodeIndex: this.fiscalCodes.keyOf(this.fiscalCode[row] ?? -1),
      admittedOn: this.admittedOn.get(row) as string,
      status: flags & ENDED ? 'ended' : 'active',
      ...(withdrawalRequestedOn !== undefined ? { withdrawalRequestedOn } : {}),
      ...(exclusionCommunicatedOn !== undefined ? { exclusionCommunicatedOn } : {}),
      exclusionOpposed: (flags & EXCLUSION_OPPOSED) !== 0,
      ...(endedOn !== undefined ? { endedOn } : {}),
      erased: (flags & ERASED) !== 0,
    };
  }

  private grow(): void {
    this.capacity *= 2;
    this.memberNumber = grown(this.memberNumber, this.capacity);
    this.category = grown(this.category, this.capacity);
    this.flags = grown(this.flags, this.capacity);
    this.fiscalCode = grown(this.fiscalCode, this.capacity);
    for (const column of [
      this.categorySince,
      this.admittedOn,
      this.withdrawalRequestedOn,
      this.exclusionCommunicatedOn,
      this.endedOn,
    ])
      column.resize(this.capacity);
  }
}

const NO_MEMBER = -1;

/** The register's decided applications, by application id; an admitted one names its member's row. */
export class ApplicationTable {
  private readonly ids = new HexKeyIndex('uuid', INITIAL_ROWS);
  private readonly statuses = new Codes<ApplicationStatus>();
  private capacity = INITIAL_ROWS;
  private status = new Uint8Array(INITIAL_ROWS);
  private erased = new Uint8Array(INITIAL_ROWS);
  private memberRow = new Int32Array(INITIAL_ROWS);
  private readonly communicatedOn = new DayColumn(INITIAL_ROWS);

  constructor(private readonly members: MemberTable) {}

  get size(): number {
    return this.ids.size;
  }

  /** A copy of the decision on the application, to read. */
  get(applicationId: string): ApplicationDecision | undefined {
    const row = this.ids.rowOf(applicationId);
    const status = row < 0 ? 0 : (this.status[row] ?? 0);
    if (status === 0) return undefined;
    const communicatedOn = this.communicatedOn.get(row);
    const member = this.memberRow[row] ?? NO_MEMBER;
    return {
      status: this.statuses.value(status - 1),
      ...(communicatedOn !== undefined ? { communicatedOn } : {}),
      ...(member !== NO_MEMBER ? { memberId: this.members.idOf(member) } : {}),
      erased: this.erased[row] === 1,
    };
  }

  /** Records the board's decision, replacing what was recorded of the application before. */
  decide(applicationId: string, decision: { status: ApplicationStatus; communicatedOn?: string; memberRow?: number }): void {
    const row = this.ids.insert(applicationId);
    if (row >= this.capacity) this.grow();
    this.status[row] = this.statuses.code(decision.status) + 1;
    this.erased[row] = 0;
    this.memberRow[row] = decision.memberRow ?? NO_MEMBER;
    this.communicatedOn.set(row, decision.communicatedOn);
  }

  /** Changes a decided application's status; nothing for an application not decided. */
  setStatus(applicationId: string, status: ApplicationStatus): void {
    const row = this.ids.rowOf(applicationId);
    if (row >= 0) this.status[row] = this.statuses.code(status) + 1;
  }

  markErased(applicationId: string): void {
    const row = this.ids.rowOf(applicationId);
    if (row >= 0) this.erased[row] = 1;
  }

  private grow(): void {
    this.capacity *= 2;
    this.status = grown(this.status, this.capacity);
    this.erased = grown(this.erased, this.capacity);
    this.memberRow = grown(this.memberRow, this.capacity);
    this.communicatedOn.resize(this.capacity);
  }
}
