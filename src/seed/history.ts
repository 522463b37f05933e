import { businessDate, FixedClock } from '../platform/clock.js';
import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { appendInParts, type NewEvent } from '../platform/event-store/event-store.js';
import type { Position } from '../platform/event-store/position.js';
import { RuleViolation } from '../platform/errors/domain-errors.js';
import { PlainPersonalDataVault, type PersonalDataVault } from '../platform/personal-data/personal-data.js';
import { BlindIndex } from '../platform/personal-data/blind-index.js';
import { admitMember, memberIdFor } from '../membership/commands/decide-application.handler.js';
import { LEGAL_DEFAULTS } from '../membership/domain/statute.js';
import { envelope } from '../platform/commands/envelope.js';
import { boardDecider } from '../governance/domain/board.js';
import { applicationStream, REGISTER_STREAM, type MemberCategory } from '../membership/domain/membership-events.js';
import { registerDecider } from '../membership/domain/register.js';
import { adoptFoundingStatute, boardMeeting, electFirstBoard, seedAssemblies, type SeedBoardMeeting } from './governance.js';
import type { StatuteIdentity } from '../governance/domain/statute.js';
import {
  prepareApplication,
  seedApplicationId,
  sharesOnAdmission,
  type MembershipSeedContext,
  type PreparedApplication,
} from './membership.js';
import { seedServices } from './services.js';
import { seedWorkforce } from './work.js';
import { dayOf, isoDay } from './italian.js';
import { deriveSeed, intBetween, mulberry32, seedOf } from './random.js';
import { loadStream, officeHours, SEED_ACTOR, seedMetadata, streamExists } from './seeding.js';

export { SEED_ACTOR } from './seeding.js';
export { applicationRequest } from './membership.js';

const DEFAULT_UNTIL = '2026-01-01';

export interface SeedProgress {
  eventsWritten: number;
  /** Membership events this call will have written when done (governance, work and services come on top). */
  eventsTotal: number;
  membersAdmitted: number;
  members: number;
}

export interface SeedHistoryOptions {
  /** The store to fill; every event goes through its `append` (schemas, envelope, hash chain). */
  events: ChainedEventStore;
  /** Members to admit: each has a MembershipApplied in its own stream and a MemberAdmitted in the register. */
  members: number;
  /** Business dates spread over this many years before `until` (default 10). */
  years?: number;
  /** The same seed gives the same events (ids, types, data, order). Default 1. */
  seed?: number | string;
  /** No business date is on or after this day (default 2026-01-01); the history never reaches today. */
  until?: string | Date;
  onProgress?: (progress: SeedProgress) => void;
  /** Members per write round: their applications are appended together, then their admissions in one append. */
  batchSize?: number;
  /** Applications still pending at `until`, as a share of `members` (default 0.02). */
  pendingShare?: number;
  vault?: PersonalDataVault;
  /** The deployment's blind index, so M6 holds against members admitted later through the API. */
  blindIndex?: BlindIndex;
  /**
   * Also write the governance behind the admissions: the founders (the first day) are admitted
   * directly, then a board is elected, and every later admission day has a board meeting whose
   * adopted resolution decides that day's admissions (G7), written as the process manager
   * would, so it recognises them. Off by default (the benchmark's histories).
   */
  governance?: boolean;
  /**
   * With `governance`: the founding deed also adopts statute settings naming the cooperative
   * (the legal defaults of every rule, and this identity: name, seat, purpose). Without it no
   * statute settings are recorded and documents fall back to COOP_NAME, as the tests' and the
   * benchmark's histories expect.
   */
  statute?: StatuteIdentity;
  /**
   * Also write each admitted member's shares, in the member's stream: the shares the
   * application asked for, subscribed on the day of admission at the statute's nominal value,
   * and paid within a month, decided by the shares decider (M5). Defaults to `governance`.
   */
  shares?: boolean;
  /**
   * Also write the work contracts of the worker members admitted (`seedWorkforce`): a pay
   * table, then contracts decided by the workforce decider, some ended. Defaults to `governance`.
   */
  work?: boolean;
  /**
   * Also write the services (`seedServices`): units, a municipal agreement per unit and year,
   * children enrolled, and deliveries by the units' educators on a few days a month, decided
   * by the services deciders. Needs `work`; defaults to `governance`.
   */
  services?: boolean;
}

export interface SeedResult {
  /** Events appended by this call. */
  eventsWritten: number;
  /** Members admitted by this call (fewer than asked when the board had to refuse some, M4/M6). */
  members: number;
  /** Applications left pending: those asked for, and those the board could not admit. */
  pendingApplications: number;
  firstMemberNumber: number;
  lastMemberNumber: number;
  /** The share of volunteers this seed drew (10–30 %). */
  volunteerShare: number;
  /** Position of the last event in `$all` afterwards. */
  head: Position | undefined;
}

/**
 * Writes a deterministic history of the cooperative: membership applications (each in its
 * own `membershipApplication-<uuid>` stream, the applicant sealed by the vault, valid
 * fiscal codes) and their admissions on `memberRegister-main` with progressive member
 * numbers, in the order the board admitted them; a few applications are left pending.
 *
 * The events are what the real commands would write, by construction: the request body is
 * parsed by the API's own schema and prepared by the handler's own function, the deciders
 * decide (and would refuse anything invalid), entity ids and command ids come from the
 * handlers' and the process manager's own functions, every event gets the command
 * processor's envelope, and every append goes through {@link ChainedEventStore.append}.
 * This file orchestrates; each context's part is in `membership.ts`, `governance.ts`,
 * `work.ts` and `services.ts`. Only the batching differs: applications of one
 * round are appended concurrently (one group commit), admissions of a round in one append at
 * the register's exact revision. Seeding into a store that already has a register continues
 * its numbering.
 */
export async function seedHistory(options: SeedHistoryOptions): Promise<SeedResult> {
  const { events, members } = options;
  if (!Number.isInteger(members) || members < 0) throw new RangeError(`members must be a whole number, not ${members}`);
  const years = options.years ?? 10;
  if (!(years > 0)) throw new RangeError(`years must be positive, not ${years}`);
  const seed = seedOf(options.seed ?? 1);
  const untilDay = dayOf(toIsoDate(options.until ?? DEFAULT_UNTIL));
  const now = new Date(untilDay * 86_400_000);
  const batchSize = Math.max(1, options.batchSize ?? 1_000);
  const pending = Math.round(members * (options.pendingShare ?? 0.02));
  const vault = options.vault ?? new PlainPersonalDataVault();
  const blindIndex = options.blindIndex ?? new BlindIndex(async () => Buffer.alloc(32, 7));
  const history = mulberry32(seed);
  const volunteerShare = 0.1 + history() * 0.2;
  const withShares = options.shares ?? options.governance ?? false;
  const total = (withShares ? 4 : 2) * members + pending;

  const commandId = (what: string, index: number) => `seed:${seed}:${what}:${index}`;
  const context: MembershipSeedContext = { now, vault, commandId, volunteerShare, fiscalCodes: new Set() };
  if (await streamExists(events, applicationStream(seedApplicationId(context, 0))))
    throw new Error(`this store already holds the history of seed ${seed}; choose another --seed`);
  // The full history begins with the founding (the first members, then the board they elect):
  // it cannot be added to a cooperative that already has members. Refused before writing anything.
  if (options.governance && (await streamExists(events, REGISTER_STREAM)))
    throw new Error(
      'this store already holds a cooperative: the full history (governance, shares, contracts, services) starts from its founding, so it needs an empty data directory',
    );

  // The register as it is: numbering continues, and the decider sees every decided application.
  let { state: register, revision: registerRevision } = await loadStream(
    events,
    new FixedClock(now),
    REGISTER_STREAM,
    registerDecider,
  );
  const firstMemberNumber = register.lastMemberNumber + 1;

  // Admission days, in the order the board admitted (and numbered) the members.
  const firstDay = untilDay - Math.round(years * 365.25);
  const admittedDays = new Int32Array(members);
  for (let i = 0; i < members; i++) admittedDays[i] = intBetween(history, firstDay + 60, untilDay - 1);
  admittedDays.sort();

  let refused = 0;
  let written = 0;
  const report = (admitted: number) =>
    options.onProgress?.({ eventsWritten: written, eventsTotal: total, membersAdmitted: admitted, members });
  let resolutionDay = -1;
  let resolutionSeq = 0;
  let boardElected = false;
  let foundedOn: string | undefined;
  const founders: Array<{ memberId: string; applicationId: string; name: string; natural: boolean }> = [];
  /** The founders who can hold an office in person: those who are people, before any body. */
  const officers = () => [...founders.filter((f) => f.natural), ...founders.filter((f) => !f.natural)];
  let board = boardDecider.initialState();
  const meetings = new Map<number, SeedBoardMeeting>();
  const meetingsHeld = new Map<number, number>();
  /** This round's board meeting for the day: a day that spans two rounds gets a second meeting. */
  const meetingOn = (day: number) => {
    let meeting = meetings.get(day);
    if (!meeting) {
      const n = (meetingsHeld.get(day) ?? 0) + 1;
      meetingsHeld.set(day, n);
      meetings.set(day, (meeting = boardMeeting(seed, day, n, board, now)));
    }
    return meeting;
  };

  // With governance, the first round is the founders' day alone (at least two, to elect a board).
  let founding = 0;
  while (founding < members && admittedDays[founding] === admittedDays[0]) founding++;
  const firstRound = options.governance ? Math.min(batchSize, Math.max(2, founding)) : batchSize;
  for (let from = 0, size = firstRound; from < members; from += size, size = batchSize) {
    const to = Math.min(members, from + size);
    const prepared: PreparedApplication[] = [];
    for (let i = from; i < to; i++) {
      const random = mulberry32(deriveSeed(seed, i));
      const appliedDay = admittedDays[i]! - intBetween(random, 7, 60);
      // The first two founders are the first board's president and vice-president: people, never a body.
      const inPerson = Boolean(options.governance) && i < 2 && firstMemberNumber === 1;
      prepared.push(await prepareApplication(context, random, i, appliedDay, inPerson));
    }
    await Promise.all(prepared.map(({ stream, event }) => events.append(stream, [event], 'no_stream')));
    written += prepared.length;

    const admissions: NewEvent[] = [];
    const subscriptions: Array<{ stream: string; events: NewEvent[] }> = [];
    const indexes = await Promise.all(prepared.map((p) => blindIndex.of(p.fiscalCode)));
    prepared.forEach(({ application, requestedShares, name }, k) => {
      const i = from + k;
      const admittedDay = admittedDays[i]!;
      if (admittedDay !== resolutionDay) [resolutionDay, resolutionSeq] = [admittedDay, 0];
      const admittedOn = isoDay(admittedDay);
      const id = commandId('admission', i);
      const meeting = options.governance && boardElected ? meetingOn(admittedDay) : undefined;
      let decided;
      try {
        const boardResolutionId = meeting ? meeting.resolutionId : `cda-${admittedOn}-${++resolutionSeq}`;
        decided = registerDecider.decide(
          admitMember(
            memberIdFor(id),
            application,
            indexes[k]!,
            { kind: 'admit', admittedOn, boardResolutionId },
            LEGAL_DEFAULTS,
          ),
          register,
          { now },
        );
      } catch (error) {
        // The board cannot admit a volunteer beyond half the members (M4), nor someone who is
        // already a member (M6: a person of an earlier history in this store applied again):
        // the application stays pending, as it would after such a refusal.
        if (error instanceof RuleViolation && (error.rule === 'M4' || error.rule === 'M6')) {
          refused++;
          return;
        }
        throw error;
      }
      for (const event of decided) register = registerDecider.evolve(register, event);
      const at = officeHours(admittedDay, mulberry32(deriveSeed(seed, ~i)));
      // The admission's command id, as the application (or the process manager) gives it.
      const admissionId = meeting ? meeting.nextDecisionCommandId() : id;
      // As the process manager writes it (its command id, actor and causation), or the secretariat.
      const metadata = seedMetadata(admissionId, at, meeting?.link);
      const admitted = envelope(REGISTER_STREAM, decided, metadata);
      admissions.push(...admitted);
      if (withShares) {
        const { memberId, category } = decided[0]!.data as { memberId: string; category: MemberCategory };
        const random = mulberry32(deriveSeed(seed, 0x4000_0000 + i));
        const admittedId = admitted[decided.findIndex((event) => event.type === 'MemberAdmitted')]!.id;
        subscriptions.push(
          sharesOnAdmission({ metadata, admittedId }, commandId('shares', i), { memberId, category }, requestedShares, {
            admittedDay,
            untilDay,
            at,
            now,
            random,
          }),
        );
      }
      if (meeting) meeting.decides.push({ kind: 'admit', applicationId: application.applicationId, admittedOn });
      else {
        founders.push({
          ...(decided[0]!.data as { memberId: string; applicationId: string }),
          name,
          natural: application.applicantKind === 'natural',
        });
        foundedOn ??= admittedOn;
      }
    });
    for (const meeting of meetings.values())
      if (meeting.decides.length) written += (await events.append(meeting.stream, meeting.events(), 'no_stream')).events.length;
    meetings.clear();
    // Under EventStoreDB's append size: a founding day's admissions can take more than 1 MiB.
    const appended = await appendInParts(events, REGISTER_STREAM, admissions, registerRevision);
    registerRevision = appended.nextExpectedRevision;
    written += admissions.length;
    // After the admissions: a member's shares follow its admission in `$all` too.
    await Promise.all(subscriptions.map(({ stream, events: shares }) => events.append(stream, shares, 'no_stream')));
    written += subscriptions.reduce((sum, { events: shares }) => sum + shares.length, 0);
    if (options.governance && !boardElected && foundedOn && founders.length >= 2) {
      if (options.statute)
        written += await adoptFoundingStatute(events, {
          commandId: commandId('statute', 0),
          identity: options.statute,
          foundedOn,
          now,
        });
      const elected = await electFirstBoard(events, {
        commandId: commandId('board', 0),
        vault,
        founders: officers(),
        foundedOn,
        untilDay,
        now,
      });
      board = elected.board;
      written += elected.written;
      boardElected = true;
    }
    report(to);
  }

  for (let from = 0; from < pending; from += batchSize) {
    const to = Math.min(pending, from + batchSize);
    const prepared: PreparedApplication[] = [];
    for (let j = from; j < to; j++) {
      const i = members + j;
      const random = mulberry32(deriveSeed(seed, i));
      prepared.push(await prepareApplication(context, random, i, untilDay - intBetween(random, 1, 45)));
    }
    await Promise.all(prepared.map(({ stream, event }) => events.append(stream, [event], 'no_stream')));
    written += prepared.length;
    report(members);
  }

  if (options.governance && boardElected)
    written += await seedAssemblies(events, seed, register, firstDay, untilDay, now, vault, {
      president: officers()[0]!.name,
      secretary: officers()[1]!.name,
    });
  if (options.work ?? options.governance) {
    const work = await seedWorkforce({ events, seed, register, firstMemberNumber, firstDay, untilDay, now, actor: SEED_ACTOR });
    written += work.written;
    if (options.services ?? options.governance)
      written += await seedServices({
        events,
        seed,
        workforce: work.workforce,
        vault,
        firstDay,
        untilDay,
        now,
        actor: SEED_ACTOR,
      });
  }
  return {
    eventsWritten: written,
    members: register.lastMemberNumber - firstMemberNumber + 1,
    pendingApplications: pending + refused,
    firstMemberNumber,
    lastMemberNumber: register.lastMemberNumber,
    volunteerShare,
    head: await events.headPosition(),
  };
}

function toIsoDate(until: string | Date): string {
  if (until instanceof Date) return businessDate(until);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until)))
    throw new RangeError(`until must be a date YYYY-MM-DD, not ${until}`);
  return until;
}
