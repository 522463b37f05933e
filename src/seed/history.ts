import { businessDate } from '../platform/clock.js';
import type { ChainedEventStore } from '../platform/event-store/chained-event-store.js';
import { appendInParts, type Actor, type NewEvent } from '../platform/event-store/event-store.js';
import type { Position } from '../platform/event-store/position.js';
import { deterministicId } from '../platform/ids.js';
import { PlainPersonalDataVault, type PersonalDataVault } from '../platform/personal-data/personal-data.js';
import { applicationDecider } from '../membership/domain/application.js';
import type { ApplicationFacts } from '../membership/domain/register.js';
import { RuleViolation } from '../platform/errors/domain-errors.js';
import { BOARD_STREAM, boardMeetingStream, type Decision, type Director } from '../governance/domain/governance-events.js';
import { PROCESS_ACTOR } from '../governance/projections/board-decisions.process.js';
import { sealDirectors, sealSignatories } from '../governance/commands/governance-people.js';
import { assemblyDecider, type AssemblyCommand } from '../governance/domain/assembly.js';
import { assemblyStream, type AssemblyEvent } from '../governance/domain/assembly-events.js';
import { BlindIndex } from '../platform/personal-data/blind-index.js';
import {
  applicationStream,
  memberStream,
  REGISTER_STREAM,
  type MemberCategory,
  type MembershipEvent,
} from '../membership/domain/membership-events.js';
import { registerDecider, type Register } from '../membership/domain/register.js';
import { sharesDecider } from '../membership/domain/shares.js';
import { LEGAL_DEFAULTS } from '../membership/domain/statute.js';
import { ApplyBody } from '../membership/http/membership.schemas.js';
import { seedServices } from './services.js';
import { seedWorkforce } from './workforce.js';
import { dayOf, isoDay, legalApplicant, naturalApplicant, omocode } from './italian.js';
import { deriveSeed, intBetween, mulberry32, seedOf, weighted, type Random } from './random.js';

/** Who the generated events say wrote them. */
export const SEED_ACTOR: Actor = { keyId: 'seed', role: 'secretary' };

/** The share value of the statute the seed runs under (the legal default: it adopts none), as the application handler records it. */
const SHARE_VALUE_CENTS = LEGAL_DEFAULTS.shareValueCents;
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

interface Prepared {
  stream: string;
  event: NewEvent;
  application: ApplicationFacts;
  fiscalCode: string;
}

/**
 * Writes a deterministic history of the cooperative: membership applications (each in its
 * own `membershipApplication-<uuid>` stream, the applicant sealed by the vault, valid
 * fiscal codes) and their admissions on `memberRegister-main` with progressive member
 * numbers, in the order the board admitted them; a few applications are left pending.
 *
 * The events are what the real commands would write: the request body is parsed by the
 * API's own schema, the deciders decide (and would refuse anything invalid), event and
 * entity ids derive from the command ids as the handlers derive them, and every append goes
 * through {@link ChainedEventStore.append}. Only the batching differs: applications of one
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
  if (await streamExists(events, applicationStream(applicationIdOf(commandId('application', 0)))))
    throw new Error(`this store already holds the history of seed ${seed}; choose another --seed`);
  // The full history begins with the founding (the first members, then the board they elect):
  // it cannot be added to a cooperative that already has members. Refused before writing anything.
  if (options.governance && (await streamExists(events, REGISTER_STREAM)))
    throw new Error(
      'this store already holds a cooperative: the full history (governance, shares, contracts, services) starts from its founding, so it needs an empty data directory',
    );

  // The register as it is: numbering continues, and the decider sees every decided application.
  let register = registerDecider.initialState();
  let registerRevision: bigint | 'no_stream' = 'no_stream';
  for await (const recorded of events.readStream(REGISTER_STREAM)) {
    register = registerDecider.evolve(register, { type: recorded.type, data: recorded.data } as MembershipEvent);
    registerRevision = recorded.revision;
  }
  const firstMemberNumber = register.lastMemberNumber + 1;

  // Admission days, in the order the board admitted (and numbered) the members.
  const firstDay = untilDay - Math.round(years * 365.25);
  const admittedDays = new Int32Array(members);
  for (let i = 0; i < members; i++) admittedDays[i] = intBetween(history, firstDay + 60, untilDay - 1);
  admittedDays.sort();

  const context: SeedContext = { seed, now, vault, commandId, volunteerShare, fiscalCodes: new Set() };
  let refused = 0;
  let written = 0;
  const report = (admitted: number) =>
    options.onProgress?.({ eventsWritten: written, eventsTotal: total, membersAdmitted: admitted, members });
  let resolutionDay = -1;
  let resolutionSeq = 0;
  let boardElected = false;
  let foundedOn: string | undefined;
  const founders: Array<{ memberId: string; applicationId: string }> = [];
  let directors: Director[] = [];
  const meetings = new Map<number, ReturnType<typeof boardMeeting>>();
  const meetingsHeld = new Map<number, number>();
  /** This round's board meeting for the day: a day that spans two rounds gets a second meeting. */
  const meetingOn = (day: number) => {
    let meeting = meetings.get(day);
    if (!meeting) {
      const n = (meetingsHeld.get(day) ?? 0) + 1;
      meetingsHeld.set(day, n);
      meetings.set(day, (meeting = boardMeeting(seed, day, n, directors)));
    }
    return meeting;
  };

  // With governance, the first round is the founders' day alone (at least two, to elect a board).
  let founding = 0;
  while (founding < members && admittedDays[founding] === admittedDays[0]) founding++;
  const firstRound = options.governance ? Math.min(batchSize, Math.max(2, founding)) : batchSize;
  for (let from = 0, size = firstRound; from < members; from += size, size = batchSize) {
    const to = Math.min(members, from + size);
    const prepared: Prepared[] = [];
    for (let i = from; i < to; i++) {
      const random = mulberry32(deriveSeed(seed, i));
      const appliedDay = admittedDays[i]! - intBetween(random, 7, 60);
      prepared.push(await prepareApplication(context, random, i, appliedDay));
    }
    await Promise.all(prepared.map(({ stream, event }) => events.append(stream, [event], 'no_stream')));
    written += prepared.length;

    const admissions: NewEvent[] = [];
    const subscriptions: Array<{ stream: string; events: NewEvent[] }> = [];
    const indexes = await Promise.all(prepared.map((p) => blindIndex.of(p.fiscalCode)));
    prepared.forEach(({ application }, k) => {
      const i = from + k;
      const admittedDay = admittedDays[i]!;
      if (admittedDay !== resolutionDay) [resolutionDay, resolutionSeq] = [admittedDay, 0];
      const admittedOn = isoDay(admittedDay);
      const id = commandId('admission', i);
      const meeting = options.governance && boardElected ? meetingOn(admittedDay) : undefined;
      let decided;
      try {
        decided = registerDecider.decide(
          {
            type: 'AdmitMember',
            memberId: deterministicId(id, 'member'),
            application,
            fiscalCodeIndex: indexes[k]!,
            admittedOn,
            boardResolutionId: meeting ? meeting.resolutionId : `cda-${admittedOn}-${++resolutionSeq}`,
          },
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
      const at = occurredAt(admittedDay, mulberry32(deriveSeed(seed, ~i)));
      // The admission's command id, as the application (or the process manager) gives it.
      const admissionId = meeting ? deterministicId(meeting.resolutionEventId, 'decision', String(meeting.decides.length)) : id;
      if (withShares) {
        const { memberId, category } = decided[0]!.data as { memberId: string; category: MemberCategory };
        const { count } = (prepared[k]!.event.data as { requestedShares: { count: number } }).requestedShares;
        const random = mulberry32(deriveSeed(seed, 0x4000_0000 + i));
        subscriptions.push(
          sharesOnAdmission(admissionId, commandId('shares', i), { memberId, category }, count, {
            admittedDay,
            untilDay,
            at,
            now,
            random,
          }),
        );
      }
      if (meeting) {
        meeting.decides.push({ kind: 'admit', applicationId: application.applicationId, admittedOn });
        // As the process manager writes it: its command id, actor and causation.
        admissions.push(...envelope(admissionId, REGISTER_STREAM, decided, at, meeting.link));
      } else {
        admissions.push(...envelope(id, REGISTER_STREAM, decided, at));
        founders.push(decided[0]!.data as { memberId: string; applicationId: string });
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
      // Names sealed as the service seals them: a member director's with the member's own key.
      directors = await sealDirectors(
        vault,
        [
          { directorId: 'seed-president', name: 'Presidente', memberId: founders[0]!.memberId, role: 'president' },
          { directorId: 'seed-vice', name: 'Vicepresidente', memberId: founders[1]!.memberId, role: 'vice_president' },
          { directorId: 'seed-director', name: 'Consigliere esterno', memberId: null, role: 'director' },
        ],
        new Map(founders.slice(0, 2).map((f) => [f.memberId, f.applicationId])),
      );
      const election = {
        id: deterministicId(commandId('board', 0), BOARD_STREAM, '0'),
        type: 'BoardElected',
        data: {
          electedOn: foundedOn,
          termEndsOn: isoDay(untilDay + 3 * 365),
          assemblyResolutionId: `ass-${foundedOn}-founding`,
          directors,
        },
        metadata: {
          actor: SEED_ACTOR,
          commandId: commandId('board', 0),
          correlationId: commandId('board', 0),
          causationId: commandId('board', 0),
          occurredAt: `${foundedOn}T18:00:00.000Z`,
        },
      };
      written += (await events.append(BOARD_STREAM, [election], 'no_stream')).events.length;
      boardElected = true;
    }
    report(to);
  }

  for (let from = 0; from < pending; from += batchSize) {
    const to = Math.min(pending, from + batchSize);
    const prepared: Prepared[] = [];
    for (let j = from; j < to; j++) {
      const i = members + j;
      const random = mulberry32(deriveSeed(seed, i));
      prepared.push(await prepareApplication(context, random, i, untilDay - intBetween(random, 1, 45)));
    }
    await Promise.all(prepared.map(({ stream, event }) => events.append(stream, [event], 'no_stream')));
    written += prepared.length;
    report(members);
  }

  if (options.governance && boardElected) written += await seedAssemblies(events, seed, register, firstDay, untilDay, now, vault);
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

interface SeedContext {
  seed: number;
  now: Date;
  vault: PersonalDataVault;
  commandId: (what: string, index: number) => string;
  volunteerShare: number;
  /** Fiscal codes already given to someone in this history: a new person never repeats one. */
  fiscalCodes: Set<string>;
}

/** What `POST /membership/applications` would record for applicant `index`, decided by the real decider. */
async function prepareApplication(context: SeedContext, random: Random, index: number, appliedDay: number): Promise<Prepared> {
  const request = applicationRequest(random, appliedDay, context.volunteerShare);
  // Two people whose data give the same code get distinct ones, as the agency does (omocodia).
  if (request.applicant.kind === 'natural')
    request.applicant.fiscalCode = uniqueCode(context.fiscalCodes, request.applicant.fiscalCode);
  const body = ApplyBody.parse(request);
  const appliedOn = body.appliedOn!;
  const id = context.commandId('application', index);
  const applicationId = applicationIdOf(id);
  const { kind, ...personal } = body.applicant;
  const decided = applicationDecider.decide(
    {
      type: 'ApplyForMembership',
      data: {
        applicationId,
        applicantKind: kind,
        applicant: await context.vault.seal(applicationId, personal),
        category: body.category,
        requestedShares: { count: body.requestedShares, nominalValueCents: SHARE_VALUE_CENTS },
        appliedOn,
      },
    },
    applicationDecider.initialState(),
    { now: context.now },
  );
  const application: ApplicationFacts = { applicationId, category: body.category, appliedOn, applicantKind: kind };
  const stream = applicationStream(applicationId);
  const [event] = envelope(id, stream, decided, occurredAt(appliedDay, random));
  return { stream, event: event!, application, fiscalCode: personal.fiscalCode };
}

/**
 * The body of a `POST /membership/applications` request for one generated applicant, applied
 * on `appliedDay` (days since 1970-01-01): what a secretary would type in from the paper form.
 */
export function applicationRequest(random: Random, appliedDay: number, volunteerShare = 0.2) {
  const category = categoryOf(random, volunteerShare);
  return {
    applicant: category === 'legal_person' ? legalApplicant(random) : naturalApplicant(random, appliedDay),
    category,
    requestedShares: sharesOf(random, category),
    appliedOn: isoDay(appliedDay),
  };
}

/** `code`, or its first omocode variant nobody in `used` has yet; remembers the one it returns. */
function uniqueCode(used: Set<string>, code: string): string {
  let unique = code;
  for (let level = 1; used.has(unique) && level <= 7; level++) unique = omocode(code, level);
  used.add(unique);
  return unique;
}

/** As the application handler derives it from the command id. */
const applicationIdOf = (commandId: string) => deterministicId(commandId, 'membership-application');

/** The envelope the command processor gives a decision: ids derived from the command id. */
function envelope(
  commandId: string,
  stream: string,
  decided: readonly MembershipEvent[],
  at: string,
  link?: { actor: Actor; correlationId: string; causationId: string },
): NewEvent[] {
  return decided.map((event, index) => ({
    id: deterministicId(commandId, stream, String(index)),
    type: event.type,
    data: event.data,
    metadata: {
      actor: link?.actor ?? SEED_ACTOR,
      commandId,
      correlationId: link?.correlationId ?? commandId,
      causationId: link?.causationId ?? commandId,
      occurredAt: at,
    },
  }));
}

/**
 * A new member's shares: the count the application asked for, subscribed by the admission
 * itself (under the command id the admission handler derives from the admission's, so a
 * replaying process manager finds it) on the day of admission at the nominal value of the
 * legal defaults (the statute the seed runs under), then paid in full within a month as the
 * secretariat would record it (never on or after `untilDay`).
 */
function sharesOnAdmission(
  admissionId: string,
  commandId: string,
  member: { memberId: string; category: MemberCategory },
  count: number,
  when: { admittedDay: number; untilDay: number; at: string; now: Date; random: Random },
): { stream: string; events: NewEvent[] } {
  const stream = memberStream(member.memberId);
  const facts = { ...member, status: 'active' as const };
  const paidDay = Math.min(when.untilDay - 1, when.admittedDay + intBetween(when.random, 0, 30));
  const subscribe = {
    type: 'SubscribeShares' as const,
    member: facts,
    count,
    statute: LEGAL_DEFAULTS,
    subscribedOn: isoDay(when.admittedDay),
  };
  const pay = {
    type: 'PayShares' as const,
    member: facts,
    amountCents: count * LEGAL_DEFAULTS.shareValueCents,
    paidOn: isoDay(paidDay),
  };
  const subscribed = sharesDecider.decide(subscribe, sharesDecider.initialState(), { now: when.now });
  const state = subscribed.reduce(sharesDecider.evolve, sharesDecider.initialState());
  const paid = sharesDecider.decide(pay, state, { now: when.now });
  return {
    stream,
    events: [
      ...envelope(deterministicId(admissionId, 'admission-shares'), stream, subscribed, when.at),
      ...envelope(`${commandId}:payment`, stream, paid, occurredAt(paidDay, when.random)),
    ],
  };
}

/** The board meeting of one admission day: convened a week before, all directors present, one resolution. */
function boardMeeting(seed: number, day: number, n: number, directors: Director[]) {
  const heldOn = isoDay(day);
  const commandId = `seed:${seed}:board-meeting:${day}:${n}`;
  const meetingId = deterministicId(commandId, 'meeting');
  const stream = boardMeetingStream(meetingId);
  const resolutionId = `cda-${heldOn}-${n}`;
  const resolutionEventId = deterministicId(commandId, stream, '2');
  const decides: Decision[] = [];
  const present = directors.map((d) => d.directorId);
  const metadata = {
    actor: SEED_ACTOR,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: `${heldOn}T17:00:00.000Z`,
  };
  return {
    stream,
    resolutionId,
    decides,
    resolutionEventId,
    link: { actor: PROCESS_ACTOR, correlationId: resolutionId, causationId: resolutionEventId },
    events: (): NewEvent[] =>
      [
        {
          type: 'BoardMeetingConvened',
          data: { meetingId, convenedOn: isoDay(day - 7), heldOn, place: 'sede sociale', agenda: ['ammissione di nuovi soci'] },
        },
        { type: 'BoardMeetingHeld', data: { meetingId, present, inOffice: present.length, quorumReached: true } },
        {
          type: 'BoardResolutionAdopted',
          data: {
            meetingId,
            resolutionId,
            decidedOn: heldOn,
            item: 1,
            text: `Il consiglio ammette ${decides.length === 1 ? '1 nuovo socio' : `${decides.length} nuovi soci`}`,
            votes: present.map((directorId) => ({ directorId, vote: 'for' as const })),
            tally: { for: present.length, against: 0, abstain: 0, present: present.length },
            majorityRule: 'majority of the directors present (c.c. art. 2388 c. 2)',
            decides,
          },
        },
      ].map((event, index) => ({ id: deterministicId(commandId, stream, String(index)), ...event, metadata })),
  };
}

/** Office hours on that day (UTC, to the minute). */
function occurredAt(day: number, random: Random): string {
  const minute = intBetween(random, 8 * 60, 17 * 60 + 59);
  return new Date(day * 86_400_000 + minute * 60_000).toISOString();
}

function categoryOf(random: Random, volunteerShare: number): MemberCategory {
  return weighted<MemberCategory>(random, [
    ['volunteer', volunteerShare],
    ['legal_person', 0.02],
    ['financing', 0.04],
    ['user', 0.12],
    ['worker', 0.82 - volunteerShare],
  ]);
}

function sharesOf(random: Random, category: MemberCategory): number {
  switch (category) {
    case 'worker':
      return weighted(random, [
        [1, 0.6],
        [2, 0.25],
        [4, 0.1],
        [10, 0.05],
      ]);
    case 'financing':
      return intBetween(random, 10, 400);
    case 'legal_person':
      return intBetween(random, 2, 40);
    default:
      return 1;
  }
}

async function streamExists(events: ChainedEventStore, stream: string): Promise<boolean> {
  for await (const _ of events.readStream(stream, { maxCount: 1 })) return true;
  return false;
}

function toIsoDate(until: string | Date): string {
  if (until instanceof Date) return businessDate(until);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until)))
    throw new RangeError(`until must be a date YYYY-MM-DD, not ${until}`);
  return until;
}

/**
 * One ordinary assembly a year, at the end of April, approving the last year's statements:
 * about a third of the members with a vote attend, so it opens on the second call (G4). The
 * events come from the assembly decider itself, fed with who could vote on the day (G2).
 */
async function seedAssemblies(
  events: ChainedEventStore,
  seed: number,
  register: Register,
  firstDay: number,
  untilDay: number,
  now: Date,
  vault: PersonalDataVault,
): Promise<number> {
  let written = 0;
  const firstYear = Number(isoDay(firstDay).slice(0, 4)) + 1;
  const lastYear = Number(isoDay(untilDay).slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const date = `${year}-04-28`;
    if (dayOf(date) + 1 >= untilDay) break;
    const random = mulberry32(deriveSeed(seed, year));
    const voters = new Map<string, number>();
    const financing = new Set<string>();
    for (const [memberId, member] of register.members)
      if (member.status === 'active' && member.admittedOn <= isoDay(dayOf(date) - 90)) {
        voters.set(memberId, 1);
        if (member.category === 'financing') financing.add(memberId);
      }
    if (voters.size === 0) continue;
    const assemblyId = deterministicId(`seed:${seed}:assembly:${year}`, 'assembly');
    const attendees = [...voters.keys()].filter(() => random() < 0.33);
    const commands: AssemblyCommand[] = [
      {
        type: 'ConveneAssembly',
        assemblyId,
        kind: 'ordinary',
        firstCall: { date, place: 'sede sociale' },
        secondCall: { date: isoDay(dayOf(date) + 1), place: 'sede sociale' },
        agenda: [`Approvazione del bilancio ${year - 1}`],
        noticeSentOn: isoDay(dayOf(date) - 15),
        noticeDays: 8,
        remoteVoting: false,
        motionTexts: null,
      },
      ...attendees.map((memberId): AssemblyCommand => ({ type: 'RecordAttendance', assemblyId, memberId, voters })),
      { type: 'OpenAssembly', assemblyId, call: 'second', voters, financing },
      {
        type: 'PutMotion',
        assemblyId,
        motionId: `bilancio-${year - 1}`,
        item: 1,
        text: `L'assemblea approva il bilancio ${year - 1}`,
        decides: [],
      },
      ...attendees.map((memberId): AssemblyCommand => ({
        type: 'CastVote',
        assemblyId,
        motionId: `bilancio-${year - 1}`,
        memberId,
        vote: random() < 0.9 ? 'for' : random() < 0.5 ? 'against' : 'abstain',
        voters,
        financing,
        remote: false,
      })),
      { type: 'DeclareResult', assemblyId, motionId: `bilancio-${year - 1}`, resolutionId: `ass-${date}-1` },
      { type: 'CloseAssembly', assemblyId, closedOn: isoDay(dayOf(date) + 1) },
      {
        type: 'ApproveMinutes',
        assemblyId,
        signatories: await sealSignatories(vault, assemblyId, { president: 'Presidente', secretary: 'Segretario' }),
        minutesText: `Verbale dell'assemblea del ${isoDay(dayOf(date) + 1)}`,
      },
    ];
    if (attendees.length === 0) continue;
    let state = assemblyDecider.initialState();
    const decided: AssemblyEvent[] = [];
    for (const command of commands)
      for (const event of assemblyDecider.decide(command, state, { now })) {
        state = assemblyDecider.evolve(state, event);
        decided.push(event);
      }
    const stream = assemblyStream(assemblyId);
    const commandId = `seed:${seed}:assembly:${year}`;
    const at = `${isoDay(dayOf(date) + 1)}T18:00:00.000Z`;
    const recorded = decided.map((event, index) => ({
      id: deterministicId(commandId, stream, String(index)),
      type: event.type,
      data: event.data,
      metadata: { actor: SEED_ACTOR, commandId, correlationId: commandId, causationId: commandId, occurredAt: at },
    }));
    written += (await appendInParts(events, stream, recorded, 'no_stream')).events.length;
  }
  return written;
}
